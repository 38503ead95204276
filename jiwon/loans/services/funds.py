"""Fund rounds and partner banks as the agency sets them up: a round with its purposes (and a
rate-scaled table where the purpose has one), the banks and the users who work for them.

Editing a round that already has letters or loans never changes what is behind them: a loan
keeps the terms copied into it at execution, a claim the rounding it was made with, and a
change of the subsidy terms (a purpose's rate or table, the preferred bonus) is dated — it
applies to loans made from the day the officer gives (today or later), and the terms before it
stay in force for loans made earlier (PastSubsidyTerms). The volume never drops below what is
lent and reserved, the budget never below what is paid and approved, and a bank, a purpose or
the payment frequency the round's records use cannot be taken away."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.loans.models import (
    FUND_ROUNDINGS,
    MAX_RATE,
    MAX_WON,
    BankMembership,
    FundRound,
    LoanPurpose,
    PartnerBank,
    PastSubsidyTerms,
    PaymentFrequency,
    PurposeKind,
    SubsidyBand,
)
from jiwon.loans.selectors import purpose_terms_on, subsidy_budget_of, volume_of
from jiwon.loans.services.common import locked_fund, won
from jiwon.loans.subsidy import Terms
from jiwon.programs.models import Program


def _require(actor: Actor) -> None:
    if not has_perm(actor, "loans.manage"):
        raise PermissionDenied("loans.manage")


@transaction.atomic
def partner_bank_ensure(*, actor: Actor, code: str, name_ko: str, name_en: str = "") -> PartnerBank:
    """The bank with `code`, created if missing (an existing bank is left as it is)."""
    _require(actor)
    bank, created = PartnerBank.objects.get_or_create(
        code=code, defaults={"name_ko": name_ko, "name_en": name_en}
    )
    if created:
        audit_record(
            actor=actor,
            action="loans.partner_bank_ensure",
            obj=bank,
            changes={"code": [None, code], "name_ko": [None, name_ko]},
        )
    return bank


@transaction.atomic
def bank_member_add(*, actor: Actor, bank: PartnerBank, user: Any) -> BankMembership:
    """Link a user of the partner-bank role to `bank` (a user works for one bank)."""
    _require(actor)
    if not has_perm(user, "loans.bank_report"):
        raise ValidationError(_("Only a partner bank user can work for a bank."))
    membership, created = BankMembership.objects.get_or_create(user=user, defaults={"bank": bank})
    if not created and membership.bank_id != bank.pk:
        raise ValidationError(_("This user already works for another bank."))
    if created:
        audit_record(
            actor=actor,
            action="loans.bank_member_add",
            obj=membership,
            changes={"bank": [None, bank.code], "user": [None, user.pk]},
        )
    return membership


@dataclass(frozen=True)
class PurposeInput:
    kind: str
    limit_won: int
    term_months: int
    grace_months: int
    subsidy_pct: Decimal
    # (from bank rate, subsidy) rows: the purpose's subsidy then scales with the bank's rate.
    bands: tuple[tuple[Decimal, Decimal], ...] = ()

    def terms(self, bonus: Decimal) -> Terms:
        if self.bands:
            return Terms(bands=tuple(self.bands), bonus=bonus)
        return Terms(flat=self.subsidy_pct, bonus=bonus)


@dataclass(frozen=True)
class FundInput:
    year: int
    name_ko: str
    program: Program
    loan_volume_won: int
    subsidy_budget_won: int
    opens_on: date
    closes_on: date
    purposes: Sequence[PurposeInput]
    banks: Sequence[PartnerBank]
    name_en: str = ""
    letter_valid_days: int = 60
    preferred_bonus_pct: Decimal = Decimal("0.500")
    payment_frequency: str = "quarterly"
    rounding: str = "down"


def _is_rate(value: object, low: Decimal = Decimal(0)) -> bool:
    return (
        isinstance(value, Decimal)
        and low <= value <= MAX_RATE
        and value == value.quantize(Decimal("0.001"))
    )


def _check(data: FundInput) -> None:
    """Every value of the round in its bounds; the messages name the field and the bound."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not 2000 <= data.year <= 2100:
        refuse("year", _("Enter the fund year, from 2000 to 2100."))
    if not data.name_ko.strip():
        refuse("name_ko", _("Enter the fund round's name in Korean."))
    for field in ("loan_volume_won", "subsidy_budget_won"):
        value = getattr(data, field)
        if not isinstance(value, int) or not 0 <= value <= MAX_WON:
            refuse(field, _("Enter an amount in whole won, at most 1,000,000,000,000 won."))
    if isinstance(data.loan_volume_won, int) and data.loan_volume_won <= 0:
        refuse("loan_volume_won", _("The loan volume is more than 0 won."))
    if data.closes_on < data.opens_on:
        refuse("closes_on", _("Applications close on or after the day they open."))
    if not 1 <= data.letter_valid_days <= 365:
        refuse("letter_valid_days", _("A letter is valid for 1 to 365 days."))
    if not _is_rate(data.preferred_bonus_pct):
        refuse("preferred_bonus_pct", _("Enter a rate from 0 to 30 with at most three decimals."))
    if data.payment_frequency not in PaymentFrequency.values:
        refuse("payment_frequency", _("Choose how often the subsidy is paid."))
    if data.rounding not in dict(FUND_ROUNDINGS):
        refuse("rounding", _("Choose how a claim line is rounded."))
    if not data.banks:
        refuse("banks", _("Choose at least one partner bank."))
    if not data.purposes:
        refuse("purposes", _("A fund round has at least one loan purpose."))
    kinds = [p.kind for p in data.purposes]
    if len(set(kinds)) != len(kinds) or not set(kinds) <= set(PurposeKind.values):
        refuse("purposes", _("Each loan purpose appears once."))
    for p in data.purposes:
        _check_purpose(p, refuse)
    if errors:
        raise ValidationError(errors)


def _check_purpose(p: PurposeInput, refuse: Any) -> None:
    label = str(PurposeKind(p.kind).label) if p.kind in PurposeKind.values else p.kind
    field = f"{p.kind}-limit_won"
    if not isinstance(p.limit_won, int) or not 0 < p.limit_won <= MAX_WON:
        refuse(
            field,
            _("%(purpose)s: enter the limit per company in whole won above 0.")
            % {"purpose": label},
        )
    if not 1 <= p.term_months <= 240:
        refuse(
            f"{p.kind}-term_months",
            _("%(purpose)s: the term is 1 to 240 months.") % {"purpose": label},
        )
    if not 0 <= p.grace_months < p.term_months:
        refuse(
            f"{p.kind}-grace_months",
            _("%(purpose)s: the grace period is shorter than the term.") % {"purpose": label},
        )
    if not _is_rate(p.subsidy_pct):
        refuse(
            f"{p.kind}-subsidy_pct",
            _("%(purpose)s: enter the subsidy from 0 to 30%%p with at most three decimals.")
            % {"purpose": label},
        )
    starts = [start for start, _subsidy in p.bands]
    if any(not (_is_rate(a) and _is_rate(b)) for a, b in p.bands):
        refuse(
            f"{p.kind}-bands",
            _("%(purpose)s: the table's rates are from 0 to 30 with at most three decimals.")
            % {"purpose": label},
        )
    elif starts != sorted(set(starts)):
        refuse(
            f"{p.kind}-bands",
            _("%(purpose)s: the table's bank rates rise from row to row, each once.")
            % {"purpose": label},
        )


def _purpose_values(p: PurposeInput) -> dict[str, Any]:
    return {
        "limit_won": p.limit_won,
        "term_months": p.term_months,
        "grace_months": p.grace_months,
        "subsidy_pct": p.subsidy_pct,
        "rate_scaled": bool(p.bands),
    }


def _set_bands(purpose: LoanPurpose, bands: Sequence[tuple[Decimal, Decimal]]) -> None:
    purpose.bands.all().delete()
    SubsidyBand.objects.bulk_create(
        [SubsidyBand(purpose=purpose, from_rate_pct=a, subsidy_pct=b) for a, b in bands]
    )


def _fund_values(data: FundInput) -> dict[str, Any]:
    return {
        "year": data.year,
        "name_ko": data.name_ko.strip(),
        "name_en": data.name_en.strip(),
        "program": data.program,
        "loan_volume_won": data.loan_volume_won,
        "subsidy_budget_won": data.subsidy_budget_won,
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
        "letter_valid_days": data.letter_valid_days,
        "preferred_bonus_pct": data.preferred_bonus_pct,
        "payment_frequency": data.payment_frequency,
        "rounding": data.rounding,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Program | PartnerBank):
        return value.pk
    if isinstance(value, Decimal | date):
        return str(value)
    return value


@transaction.atomic
def fund_round_create(*, actor: Actor, data: FundInput) -> FundRound:
    _require(actor)
    _check(data)
    if FundRound.objects.filter(year=data.year).exists():
        raise ValidationError(
            {"year": _("There is already a fund round for %(year)s.") % {"year": data.year}}
        )
    fund = FundRound(**_fund_values(data))
    fund.full_clean(exclude=["program"])
    fund.save()
    fund.banks.set(data.banks)
    for p in data.purposes:
        purpose = LoanPurpose(fund=fund, kind=p.kind, **_purpose_values(p))
        purpose.full_clean(exclude=["fund"])
        purpose.save()
        _set_bands(purpose, p.bands)
    audit_record(
        actor=actor,
        action="loans.fund_round_create",
        obj=fund,
        changes={
            "year": [None, data.year],
            "loan_volume_won": [None, data.loan_volume_won],
            "subsidy_budget_won": [None, data.subsidy_budget_won],
            "purposes": [None, [(p.kind, p.limit_won, str(p.subsidy_pct)) for p in data.purposes]],
        },
    )
    return fund


def fund_in_use(fund: FundRound) -> bool:
    """Whether letters or loans hang off the round: its subsidy terms are then dated."""
    return fund.letters.exists() or fund.loans.exists()


def _check_against_records(fund: FundRound, data: FundInput) -> None:
    """What the round's records need stays: the volume they take, the budget they spent, their
    banks and purposes, the claim periods of their claims."""
    errors: dict[str, list[str]] = {}
    volume = volume_of(fund)
    taken = volume.executed_won + volume.reserved_won
    if data.loan_volume_won < taken:
        errors["loan_volume_won"] = [
            _(
                "The volume cannot be below what is lent and reserved: %(taken)s won "
                "(%(executed)s won lent, %(reserved)s won reserved by letters)."
            )
            % {
                "taken": won(taken),
                "executed": won(volume.executed_won),
                "reserved": won(volume.reserved_won),
            }
        ]
    budget = subsidy_budget_of(fund, timezone.localdate())
    spent = budget.paid_won + budget.committed_won
    if data.subsidy_budget_won < spent:
        errors["subsidy_budget_won"] = [
            _("The budget cannot be below the subsidy paid and approved: %(spent)s won.")
            % {"spent": won(spent)}
        ]
    kept = {b.pk for b in data.banks}
    for bank in fund.banks.all():
        if bank.pk not in kept and (
            fund.applications.filter(bank=bank).exists() or fund.loans.filter(bank=bank).exists()
        ):
            errors.setdefault("banks", []).append(
                _("%(bank)s has applications or loans in this round: it stays a partner bank.")
                % {"bank": bank.name_ko}
            )
    kinds = {p.kind for p in data.purposes}
    for purpose in fund.purposes.all():
        if purpose.kind not in kinds and fund.applications.filter(purpose=purpose).exists():
            errors.setdefault("purposes", []).append(
                _("%(purpose)s has applications in this round: it stays offered.")
                % {"purpose": purpose.get_kind_display()}
            )
    if data.payment_frequency != fund.payment_frequency and fund.claims.exists():
        errors["payment_frequency"] = [
            _("Banks have claimed periods of this round: the payment frequency stays.")
        ]
    if data.year != fund.year and fund.applications.exists():
        errors["year"] = [_("The round has applications: its year stays.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fund_round_update(
    *, actor: Actor, fund: FundRound, data: FundInput, terms_from: date | None = None
) -> FundRound:
    """Change a fund round, its purposes and their subsidy terms. On a round with letters or
    loans, a change of the subsidy terms needs `terms_from`, today or later: loans made from
    that day take the new terms, loans made before it the ones in force before."""
    _require(actor)
    _check(data)
    fund = locked_fund(fund)
    if FundRound.objects.filter(year=data.year).exclude(pk=fund.pk).exists():
        raise ValidationError(
            {"year": _("There is already a fund round for %(year)s.") % {"year": data.year}}
        )
    _check_against_records(fund, data)
    dated = fund_in_use(fund)
    today = timezone.localdate()
    current = {p.kind: p for p in fund.purposes.select_related("fund").prefetch_related("bands")}
    wanted = {p.kind: p for p in data.purposes}
    retermed = []
    for kind, p in wanted.items():
        purpose = current.get(kind)
        if purpose is not None and purpose_terms_on(purpose) != p.terms(data.preferred_bonus_pct):
            retermed.append(purpose)
    if dated and retermed:
        if terms_from is None:
            raise ValidationError(
                {
                    "terms_from": _(
                        "The round has letters or loans: give the day from which the new "
                        "subsidy terms apply to loans made."
                    )
                }
            )
        latest = max((p.terms_from for p in retermed if p.terms_from), default=None)
        if terms_from < today or (latest is not None and terms_from < latest):
            raise ValidationError(
                {
                    "terms_from": _(
                        "New subsidy terms apply from today or later (and not before %(day)s, "
                        "when the terms in force began): a loan already made keeps its terms."
                    )
                    % {"day": max(today, latest or today)}
                }
            )
    before = {field: _plain(getattr(fund, field)) for field in _fund_values(data)}
    before_purposes = {
        kind: [p.limit_won, p.term_months, p.grace_months, purpose_terms_on(p).to_json()]
        for kind, p in current.items()
    }
    for purpose in retermed:
        if dated and terms_from is not None and purpose.terms_from != terms_from:
            PastSubsidyTerms.objects.create(
                purpose=purpose,
                valid_from=purpose.terms_from,
                valid_to=terms_from,
                terms=purpose_terms_on(purpose).to_json(),
            )
            purpose.terms_from = terms_from
    for field, value in _fund_values(data).items():
        setattr(fund, field, value)
    fund.full_clean(exclude=["program"])
    fund.save()
    fund.banks.set(data.banks)
    for kind, purpose in current.items():
        if kind not in wanted:
            purpose.delete()
    for kind, p in wanted.items():
        purpose = current.get(kind) or LoanPurpose(fund=fund, kind=kind)
        for field, value in _purpose_values(p).items():
            setattr(purpose, field, value)
        purpose.full_clean(exclude=["fund"])
        purpose.save()
        _set_bands(purpose, p.bands)
    after = {field: _plain(value) for field, value in _fund_values(data).items()}
    changes: dict[str, Any] = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    after_purposes = {
        kind: [
            p.limit_won,
            p.term_months,
            p.grace_months,
            p.terms(data.preferred_bonus_pct).to_json(),
        ]
        for kind, p in wanted.items()
    }
    if after_purposes != before_purposes:
        changes["purposes"] = [before_purposes, after_purposes]
    if dated and retermed:
        changes["terms_from"] = [None, str(terms_from)]
    audit_record(actor=actor, action="loans.fund_round_update", obj=fund, changes=changes)
    return fund
