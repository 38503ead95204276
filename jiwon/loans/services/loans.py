"""Loans the banks make (실행보고) and what happens to them: repayments, prepayments, rate
changes and the stop events that end the subsidy on their day. The bank's users report for
their own bank's loans (loans.bank_report with its object rule), staff for any
(loans.manage). An executed loan writes its support-ledger row (kind loan); the subsidy paid
becomes its amount as claims are paid (claims.py)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import SYSTEM, Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.support import SupportKind
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.loans.models import (
    MAX_RATE,
    MAX_WON,
    EventKind,
    Loan,
    LoanEvent,
    Recommendation,
    RepaymentMethod,
    StopReason,
)
from jiwon.loans.schedule import add_months
from jiwon.loans.selectors import outstanding, purpose_terms_on, subsidy_paid
from jiwon.loans.services.common import check_limit, locked_fund, won
from jiwon.loans.subsidy import Terms
from jiwon.loans.workflow import LetterStatus as LS
from jiwon.loans.workflow import LoanStatus as LN
from jiwon.outcomes.services.ledger import ledger_record_for_source

LEDGER_SOURCE = "fund_loan"


def may_report(actor: Actor, obj: models.Model) -> bool:
    return has_perm(actor, "loans.manage") or has_perm(actor, "loans.bank_report", obj)


def _check_rate(rate: Decimal, field: str) -> Decimal:
    if not isinstance(rate, Decimal) or not Decimal(0) < rate <= MAX_RATE:
        raise ValidationError(
            {field: _("Enter the bank's rate in percent, above 0 and at most 30.")}
        )
    if rate != rate.quantize(Decimal("0.001")):
        raise ValidationError({field: _("Give the rate with at most three decimals.")})
    return rate


def subsidy_terms_of(letter: Recommendation, on: date | None = None) -> Terms:
    """The purpose's subsidy terms for a loan made on `on` (the dated terms in force that day;
    None: now), with the preferred company's bonus when it applies."""
    terms = purpose_terms_on(letter.purpose, on)
    if letter.application.preferred:
        return terms
    return Terms(flat=terms.flat, bands=terms.bands, bonus=Decimal(0))


def ledger_sync(*, actor: Actor, loan: Loan) -> None:
    """The loan's support-ledger row: kind loan, dated the day it was made, running to its
    maturity, with the subsidy paid so far as its amount (the principal in its description)."""
    ledger_record_for_source(
        actor=actor,
        source_type=LEDGER_SOURCE,
        source_id=loan.pk,
        company=loan.company,
        program=loan.fund.program,
        kind=SupportKind.LOAN,
        amount_won=subsidy_paid(loan.fund, loan),
        supported_on=loan.executed_on,
        period_end=loan.matures_on,
        description=_("Fund loan %(number)s, principal %(principal)s won")
        % {"number": loan.recommendation.number, "principal": won(loan.principal_won)},
    )


@dataclass(frozen=True)
class Execution:
    bank_reference: str
    principal_won: int
    executed_on: date
    bank_rate_pct: Decimal
    term_months: int
    repayment_method: str
    grace_months: int = 0


@transaction.atomic
def loan_execute(*, actor: Actor, letter: Recommendation, execution: Execution) -> Loan:
    """Record the loan the bank made on `letter`: on a day the letter was valid, not in the
    future, for at most the recommended amount, within the purpose's term, grace and the
    company's limit (counting its other live loans and letters of the purpose)."""
    if not may_report(actor, letter):
        raise PermissionDenied("loans.bank_report")
    locked_fund(letter.fund)
    letter = Recommendation.objects.select_related("purpose", "fund", "application").get(
        pk=letter.pk
    )
    e = execution
    if letter.status != LS.ISSUED:
        raise ValidationError(_("Only a standing letter can be used for a loan."))
    reference = e.bank_reference.strip()
    if not reference or len(reference) > 40:
        raise ValidationError({"bank_reference": _("Enter the bank's loan number (at most 40).")})
    if not isinstance(e.principal_won, int) or not 0 < e.principal_won <= MAX_WON:
        raise ValidationError({"principal_won": _("Enter an amount in whole won above 0.")})
    if e.principal_won > letter.amount_won:
        raise ValidationError(
            {
                "principal_won": _(
                    "The loan is %(over)s won more than the %(amount)s won recommended."
                )
                % {
                    "over": won(e.principal_won - letter.amount_won),
                    "amount": won(letter.amount_won),
                }
            }
        )
    today = timezone.localdate()
    if e.executed_on > today:
        raise ValidationError({"executed_on": _("A loan cannot be dated in the future.")})
    if not letter.issued_on <= e.executed_on <= letter.valid_until:
        raise ValidationError(
            {
                "executed_on": _("The letter is valid from %(start)s to %(end)s.")
                % {"start": letter.issued_on, "end": letter.valid_until}
            }
        )
    _check_rate(e.bank_rate_pct, "bank_rate_pct")
    purpose = letter.purpose
    if not 0 < e.term_months <= purpose.term_months:
        raise ValidationError(
            {
                "term_months": _("The term is at most %(n)d months for this purpose.")
                % {"n": purpose.term_months}
            }
        )
    if not 0 <= e.grace_months <= min(purpose.grace_months, e.term_months - 1):
        raise ValidationError(
            {
                "grace_months": _("The grace period is at most %(n)d months for this purpose.")
                % {"n": purpose.grace_months}
            }
        )
    if e.repayment_method not in RepaymentMethod.values:
        raise ValidationError({"repayment_method": _("Choose how the loan is repaid.")})
    if Loan.objects.filter(bank=letter.bank, bank_reference=reference).exists():
        raise ValidationError({"bank_reference": _("This bank already reported that loan number.")})
    check_limit(
        purpose=purpose,
        company_id=letter.company_id,
        amount_won=e.principal_won,
        on=e.executed_on,
        field="principal_won",
        exclude_letter=letter,
    )
    loan = workflow_initial(
        Loan(
            recommendation=letter,
            fund=letter.fund,
            company=letter.company,
            purpose=purpose,
            bank=letter.bank,
            bank_reference=reference,
            principal_won=e.principal_won,
            executed_on=e.executed_on,
            bank_rate_pct=e.bank_rate_pct,
            term_months=e.term_months,
            grace_months=e.grace_months,
            matures_on=add_months(e.executed_on, e.term_months),
            repayment_method=e.repayment_method,
            preferred=bool(letter.application.preferred),
            subsidy_terms=subsidy_terms_of(letter, e.executed_on).to_json(),
            reported_by=actor_user(actor),
            reported_at=timezone.now(),
        )
    )
    loan.save()
    workflow_record_created(actor=actor, obj=loan)
    workflow_move(
        actor=actor,
        obj=letter,
        to=LS.EXECUTED,
        action="loans.loan_execute",
        updates={"released_on": e.executed_on},
        changes={"principal_won": [None, e.principal_won]},
    )
    audit_record(
        actor=actor,
        action="loans.loan_execute",
        obj=loan,
        changes={
            "principal_won": [None, e.principal_won],
            "executed_on": [None, str(e.executed_on)],
            "bank_rate_pct": [None, str(e.bank_rate_pct)],
        },
    )
    ledger_sync(actor=actor, loan=loan)
    return loan


def _check_event_day(loan: Loan, on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("A change cannot be dated in the future.")})
    if on < loan.executed_on or on >= loan.matures_on:
        raise ValidationError(
            {
                "on": _("The loan runs from %(start)s to %(end)s.")
                % {"start": loan.executed_on, "end": loan.matures_on}
            }
        )


@transaction.atomic
def loan_event_record(
    *,
    actor: Actor,
    loan: Loan,
    on: date,
    kind: str,
    amount_won: int = 0,
    bank_rate_pct: Decimal | None = None,
) -> LoanEvent:
    """A repayment, a prepayment or a change of the bank's rate, effective from `on`. A
    repayment may not exceed what is outstanding on its day or take later balances below 0;
    the one that repays the loan in full ends it (and its subsidy) on its day."""
    if not may_report(actor, loan):
        raise PermissionDenied("loans.bank_report")
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    if loan.status != LN.ACTIVE:
        raise ValidationError(_("The loan has ended: nothing more is recorded on it."))
    _check_event_day(loan, on)
    if kind == EventKind.RATE_CHANGE:
        rate = _check_rate(bank_rate_pct, "bank_rate_pct")  # type: ignore[arg-type]
        event = LoanEvent(loan=loan, on=on, kind=kind, bank_rate_pct=rate)
    elif kind in (EventKind.REPAYMENT, EventKind.PREPAYMENT):
        if not isinstance(amount_won, int) or amount_won <= 0:
            raise ValidationError({"amount_won": _("Enter an amount in whole won above 0.")})
        left = outstanding(loan)
        if amount_won > left:
            raise ValidationError(
                {
                    "amount_won": _(
                        "This repays %(over)s won more than the %(left)s won outstanding."
                    )
                    % {"over": won(amount_won - left), "left": won(left)}
                }
            )
        event = LoanEvent(loan=loan, on=on, kind=kind, amount_won=amount_won)
    else:
        raise ValidationError({"kind": _("Choose a repayment, a prepayment or a rate change.")})
    event.recorded_by = actor_user(actor)
    event.recorded_at = timezone.now()
    event.save()
    audit_record(
        actor=actor,
        action="loans.loan_event_record",
        obj=loan,
        changes={
            "event": [None, kind],
            "on": [None, str(on)],
            "amount_won": [None, amount_won or None],
            "bank_rate_pct": [None, str(bank_rate_pct) if bank_rate_pct is not None else None],
        },
    )
    if kind != EventKind.RATE_CHANGE and outstanding(loan) == 0:
        loan_stop(actor=actor, loan=loan, on=on, reason=StopReason.REPAID)
    return event


def loan_stop(*, actor: Actor, loan: Loan, on: date, reason: str) -> Loan:
    """End the loan's subsidy on day `on` (that day earns none): repaid, default, closure,
    relocation out of the city, early termination or maturity."""
    if not may_report(actor, loan):
        raise PermissionDenied("loans.bank_report")
    if reason not in StopReason.values:
        raise ValidationError({"reason": _("Choose why the loan ends.")})
    if on > timezone.localdate() or on < loan.executed_on or on > loan.matures_on:
        raise ValidationError(
            {
                "on": _("The end is a day from %(start)s to %(end)s, not in the future.")
                % {"start": loan.executed_on, "end": loan.matures_on}
            }
        )
    if loan.events.filter(on__gt=on).exists():
        raise ValidationError({"on": _("Changes are recorded after that day.")})
    return workflow_move(
        actor=actor,
        obj=loan,
        to=LN.ENDED,
        action="loans.loan_stop",
        comment=str(StopReason(reason).label),
        updates={"stopped_on": on, "stop_reason": reason},
        changes={"stopped_on": [None, str(on)], "stop_reason": [None, reason]},
    )


def loans_mature(now: datetime) -> int:
    """The scheduled job: a loan still running on its maturity day ends then."""
    today = timezone.localdate(now)
    ended = 0
    for loan in Loan.objects.filter(status=LN.ACTIVE, matures_on__lte=today):
        loan_stop(actor=SYSTEM, loan=loan, on=loan.matures_on, reason=StopReason.MATURITY)
        ended += 1
    return ended
