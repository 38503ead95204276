"""Applications (융자 추천 신청) and their review: the company applies for one purpose at one
partner bank; staff reject it with a reason or issue the recommendation letter, which reserves
the amount of the fund's loan volume (letters.py)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.selectors import eligibility_failures
from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.loans.models import (
    MAX_WON,
    FundRound,
    LoanApplication,
    LoanPurpose,
    PartnerBank,
    PreferredKind,
    Recommendation,
)
from jiwon.loans.services.common import check_limit, check_volume, locked_fund
from jiwon.loans.workflow import ApplicationStatus as AS

MAX_TEXT = 2000


def eligibility_problems(company: Company, fund: FundRound, day) -> list[str]:
    """Why `company` may not borrow from `fund` on `day` (empty: it may): the programme's rule
    (관내, the eligible industries) and closure (폐업)."""
    problems = [failure.text() for failure in eligibility_failures(company, fund.program, day)]
    if company.closed_on is not None and company.closed_on <= day:
        problems.append(_("The business closed on %(day)s.") % {"day": company.closed_on})
    return problems


@transaction.atomic
def loan_application_submit(
    *,
    actor: Actor,
    fund: FundRound,
    company: Company,
    purpose: LoanPurpose,
    bank: PartnerBank,
    amount_won: int,
    use_of_funds: str,
    declares_good_standing: bool,
    preferred: str = "",
) -> LoanApplication:
    """The company applies. Refused outside the fund's window, for an ineligible company, for
    a purpose or bank not of this fund, without the declaration of good standing, or for an
    amount over the company's limit for the purpose."""
    if not has_perm(actor, "loans.apply", company):
        raise PermissionDenied("loans.apply")
    fund = locked_fund(fund)
    today = timezone.localdate()
    if not fund.opens_on <= today <= fund.closes_on:
        raise ValidationError(
            _("%(fund)s takes applications from %(start)s to %(end)s.")
            % {"fund": fund.name_ko, "start": fund.opens_on, "end": fund.closes_on}
        )
    if purpose.fund_id != fund.pk:
        raise ValidationError({"purpose": _("Choose a purpose of this fund round.")})
    if not bank.active or not fund.banks.filter(pk=bank.pk).exists():
        raise ValidationError({"bank": _("Choose one of the fund's partner banks.")})
    if not isinstance(amount_won, int) or not 0 < amount_won <= MAX_WON:
        raise ValidationError({"amount_won": _("Enter an amount in whole won above 0.")})
    if preferred and preferred not in PreferredKind.values:
        raise ValidationError({"preferred": _("Choose a kind of preferred company.")})
    use_of_funds = use_of_funds.strip()
    if not use_of_funds or len(use_of_funds) > MAX_TEXT:
        raise ValidationError(
            {"use_of_funds": _("Say what the loan is for (at most 2,000 characters).")}
        )
    if not declares_good_standing:
        raise ValidationError(
            {
                "declares_good_standing": _(
                    "Declare that the company is neither suspended nor closed and owes no tax."
                )
            }
        )
    problems = eligibility_problems(company, fund, today)
    if problems:
        raise ValidationError([_("The company cannot borrow from this fund:"), *problems])
    if LoanApplication.objects.filter(
        fund=fund, company=company, purpose=purpose, status=AS.SUBMITTED
    ).exists():
        raise ValidationError(_("The company already has an application for this purpose."))
    check_limit(
        purpose=purpose,
        company_id=company.pk,
        amount_won=amount_won,
        on=today,
        field="amount_won",
    )
    sequence = fund.applications.count() + 1
    application = workflow_initial(
        LoanApplication(
            number=f"L{fund.year}-{sequence:05d}",
            fund=fund,
            company=company,
            purpose=purpose,
            bank=bank,
            amount_won=amount_won,
            preferred=preferred,
            use_of_funds=use_of_funds,
            declares_good_standing=True,
            submitted_by=actor_user(actor),
            submitted_at=timezone.now(),
        )
    )
    application.save()
    workflow_record_created(actor=actor, obj=application)
    audit_record(
        actor=actor,
        action="loans.loan_application_submit",
        obj=application,
        changes={"amount_won": [None, amount_won], "purpose": [None, purpose.kind]},
    )
    return application


def loan_application_reject(
    *, actor: Actor, application: LoanApplication, reason: str
) -> LoanApplication:
    return workflow_move(
        actor=actor,
        obj=application,
        to=AS.REJECTED,
        action="loans.loan_application_reject",
        comment=reason[:MAX_TEXT],
        updates={"review_note": reason.strip()[:MAX_TEXT]},
    )


def loan_application_withdraw(*, actor: Actor, application: LoanApplication) -> LoanApplication:
    return workflow_move(
        actor=actor, obj=application, to=AS.WITHDRAWN, action="loans.loan_application_withdraw"
    )


@transaction.atomic
def recommendation_issue(
    *,
    actor: Actor,
    application: LoanApplication,
    amount_won: int | None = None,
    note: str = "",
) -> Recommendation:
    """Issue the recommendation letter (추천서) for `amount_won` (at most what was asked):
    the company must still be eligible, the amount within its limit for the purpose and the
    fund's remaining volume. The letter reserves the amount until it is used, declined or
    expires (its last valid day is `letter_valid_days` after issue)."""
    if not has_perm(actor, "loans.manage"):
        raise PermissionDenied("loans.manage")
    fund = locked_fund(application.fund)
    amount = application.amount_won if amount_won is None else amount_won
    if not isinstance(amount, int) or not 0 < amount <= application.amount_won:
        raise ValidationError(
            {"amount_won": _("Recommend a whole amount above 0, at most the amount asked.")}
        )
    today = timezone.localdate()
    problems = eligibility_problems(application.company, fund, today)
    if problems:
        raise ValidationError([_("The company cannot borrow from this fund:"), *problems])
    check_limit(
        purpose=application.purpose,
        company_id=application.company_id,
        amount_won=amount,
        on=today,
        field="amount_won",
    )
    check_volume(fund=fund, amount_won=amount, field="amount_won")
    sequence = fund.letters.count() + 1
    letter = workflow_initial(
        Recommendation(
            number=f"{fund.year}-{sequence:04d}",
            application=application,
            fund=fund,
            company=application.company,
            purpose=application.purpose,
            bank=application.bank,
            amount_won=amount,
            issued_on=today,
            valid_until=today + timedelta(days=fund.letter_valid_days),
            issued_by=actor_user(actor),
        )
    )
    letter.save()
    workflow_record_created(actor=actor, obj=letter)
    workflow_move(
        actor=actor,
        obj=application,
        to=AS.RECOMMENDED,
        action="loans.recommendation_issue",
        comment=note,
        updates={"review_note": note.strip()[:MAX_TEXT]},
        changes={"letter": [None, letter.number]},
    )
    audit_record(
        actor=actor,
        action="loans.recommendation_issue",
        obj=letter,
        changes={"amount_won": [None, amount], "valid_until": [None, str(letter.valid_until)]},
    )
    return letter
