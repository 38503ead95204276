"""What the loan services share: locking a fund round, months, and the two limits (the
company's limit per purpose and the fund's volume) with messages that name the limit and the
excess to the won."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiwon.loans.models import FundRound, LoanPurpose, Recommendation
from jiwon.loans.selectors import exposure_of, volume_of


def won(amount: int) -> str:
    return f"{amount:,}"


def locked_fund(fund: FundRound) -> FundRound:
    """The fund round's row, locked for the rest of the transaction: every check of the volume
    and of a company's limit runs under it, so two officers issuing letters at once cannot
    both take the last of the volume."""
    return FundRound.objects.select_for_update().get(pk=fund.pk)


def check_limit(
    *,
    purpose: LoanPurpose,
    company_id: int,
    amount_won: int,
    on: date,
    field: str,
    exclude_letter: Recommendation | None = None,
) -> None:
    """Refuse `amount_won` when it takes the company's live loans and standing letters of
    this purpose over the purpose's per-company limit."""
    exposure = exposure_of(company_id, purpose.kind, on, exclude_letter=exclude_letter)
    over = exposure.total_won + amount_won - purpose.limit_won
    if over > 0:
        raise ValidationError(
            {
                field: _(
                    "This takes the company over the %(purpose)s limit of %(limit)s won by "
                    "%(over)s won (outstanding loans %(loans)s won, letters standing "
                    "%(letters)s won, this %(amount)s won)."
                )
                % {
                    "purpose": purpose.get_kind_display(),
                    "limit": won(purpose.limit_won),
                    "over": won(over),
                    "loans": won(exposure.loans_won),
                    "letters": won(exposure.letters_won),
                    "amount": won(amount_won),
                }
            }
        )


def check_volume(*, fund: FundRound, amount_won: int, field: str) -> None:
    """Refuse a letter that the fund's remaining loan volume cannot cover."""
    volume = volume_of(fund)
    over = amount_won - volume.remaining_won
    if over > 0:
        raise ValidationError(
            {
                field: _(
                    "This exceeds the fund's remaining loan volume by %(over)s won: of "
                    "%(volume)s won, %(executed)s won is lent and %(reserved)s won reserved "
                    "by letters, %(remaining)s won remains."
                )
                % {
                    "over": won(over),
                    "volume": won(volume.volume_won),
                    "executed": won(volume.executed_won),
                    "reserved": won(volume.reserved_won),
                    "remaining": won(volume.remaining_won),
                }
            }
        )
