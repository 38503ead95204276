"""Subsidy claims (이차보전금 청구): for one period of the fund's payment frequency, a bank
claims the subsidy of each of its loans and states the interest it charged. Jiwon computes its
own figure per loan (subsidy.py: daily balances, actual/365, rounded once per line by the fund
round's rounding), caps it at the interest charged, and keeps both; the finance officer sees
every difference to the won, approves the payment (within the subsidy budget) and records it.
A paid claim brings each loan's support-ledger row to the subsidy paid so far."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.loans.models import (
    MAX_WON,
    FundRound,
    Loan,
    PartnerBank,
    PaymentFrequency,
    SubsidyClaim,
    SubsidyClaimLine,
)
from jiwon.loans.schedule import add_months
from jiwon.loans.selectors import claim_totals, loan_facts, subsidy_paid
from jiwon.loans.services.common import locked_fund, won
from jiwon.loans.services.loans import ledger_sync
from jiwon.loans.subsidy import accrue
from jiwon.loans.workflow import ClaimStatus as CS


def period_end_of(fund: FundRound, start: date) -> date:
    """The end (exclusive) of the claim period starting on `start`; refuses a start that is
    not the first day of a month (monthly) or of a quarter (quarterly)."""
    quarterly = fund.payment_frequency == PaymentFrequency.QUARTERLY
    if start.day != 1 or (quarterly and start.month not in (1, 4, 7, 10)):
        raise ValidationError(
            {
                "period_start": _("A claim period starts on the first day of a quarter.")
                if quarterly
                else _("A claim period starts on the first day of a month.")
            }
        )
    return add_months(start, 3 if quarterly else 1)


@dataclass(frozen=True)
class ClaimLineInput:
    loan: Loan
    claimed_won: int
    interest_charged_won: int


def computed_line(loan: Loan, start: date, end: date, rounding: str) -> int:
    """Jiwon's figure for `loan` over [start, end), in whole won."""
    return accrue(loan_facts(loan), start, end).subsidy_won(rounding)


@transaction.atomic
def subsidy_claim_submit(
    *,
    actor: Actor,
    fund: FundRound,
    bank: PartnerBank,
    period_start: date,
    lines: Sequence[ClaimLineInput],
) -> SubsidyClaim:
    """The bank's claim for one period that is over, one line per loan of its own."""
    if not (has_perm(actor, "loans.bank_report", bank) or has_perm(actor, "loans.manage")):
        raise PermissionDenied("loans.bank_report")
    fund = locked_fund(fund)
    period_end = period_end_of(fund, period_start)
    if period_end > timezone.localdate():
        raise ValidationError(
            {
                "period_start": _("A period is claimed once it is over (after %(day)s).")
                % {"day": period_end}
            }
        )
    if not lines:
        raise ValidationError(_("A claim has at least one loan."))
    if (
        SubsidyClaim.objects.filter(fund=fund, bank=bank, period_start=period_start)
        .exclude(status=CS.RETURNED)
        .exists()
    ):
        raise ValidationError(_("The bank has already claimed this period."))
    seen: set[int] = set()
    for line in lines:
        if line.loan.bank_id != bank.pk or line.loan.fund_id != fund.pk:
            raise ValidationError(
                _("Loan %(ref)s is not one of this bank's loans of this fund round.")
                % {"ref": line.loan.bank_reference}
            )
        if line.loan.pk in seen:
            raise ValidationError(
                _("Loan %(ref)s is claimed twice.") % {"ref": line.loan.bank_reference}
            )
        seen.add(line.loan.pk)
        for value in (line.claimed_won, line.interest_charged_won):
            if not isinstance(value, int) or not 0 <= value <= MAX_WON:
                raise ValidationError(_("Amounts are whole won, 0 or more."))
    claim = workflow_initial(
        SubsidyClaim(
            number=f"{bank.code}-{period_start:%Y%m}-{SubsidyClaim.objects.count() + 1:05d}",
            fund=fund,
            bank=bank,
            period_start=period_start,
            period_end=period_end,
            rounding=fund.rounding,
            submitted_by=actor_user(actor),
            submitted_at=timezone.now(),
        )
    )
    claim.save()
    SubsidyClaimLine.objects.bulk_create(
        [
            _line(claim, line, computed_line(line.loan, period_start, period_end, fund.rounding))
            for line in lines
        ]
    )
    workflow_record_created(actor=actor, obj=claim)
    totals = claim_totals(claim)
    audit_record(
        actor=actor,
        action="loans.subsidy_claim_submit",
        obj=claim,
        changes={key: [None, value] for key, value in totals.items()},
    )
    return claim


def _line(claim: SubsidyClaim, line: ClaimLineInput, computed: int) -> SubsidyClaimLine:
    return SubsidyClaimLine(
        claim=claim,
        loan=line.loan,
        claimed_won=line.claimed_won,
        interest_charged_won=line.interest_charged_won,
        computed_won=computed,
        payable_won=min(computed, line.interest_charged_won),
    )


def subsidy_claim_approve(*, actor: Actor, claim: SubsidyClaim, comment: str = "") -> SubsidyClaim:
    """Approve paying Jiwon's figures (the payable column), within the subsidy budget: what is
    paid and approved so far plus this claim may not pass it."""

    def guard(locked: SubsidyClaim) -> None:
        fund = locked_fund(locked.fund)
        payable = claim_totals(locked)["payable_won"]
        committed = subsidy_paid(fund) + sum(
            claim_totals(c)["payable_won"]
            for c in fund.claims.filter(status=CS.APPROVED).exclude(pk=locked.pk)
        )
        over = committed + payable - fund.subsidy_budget_won
        if over > 0:
            raise ValidationError(
                _(
                    "This takes the subsidy over its budget of %(budget)s won by %(over)s won "
                    "(%(committed)s won paid or approved so far)."
                )
                % {
                    "budget": won(fund.subsidy_budget_won),
                    "over": won(over),
                    "committed": won(committed),
                }
            )

    return workflow_move(
        actor=actor,
        obj=claim,
        to=CS.APPROVED,
        action="loans.subsidy_claim_approve",
        comment=comment,
        guard=guard,
        updates={"approved_by": actor_user(actor)},
        changes={"payable_won": [None, claim_totals(claim)["payable_won"]]},
    )


def subsidy_claim_return(*, actor: Actor, claim: SubsidyClaim, reason: str) -> SubsidyClaim:
    return workflow_move(
        actor=actor,
        obj=claim,
        to=CS.RETURNED,
        action="loans.subsidy_claim_return",
        comment=reason[:2000],
    )


@transaction.atomic
def subsidy_claim_pay(*, actor: Actor, claim: SubsidyClaim, paid_on: date) -> SubsidyClaim:
    """Record the payment to the bank; each loan's ledger row takes its subsidy paid so far."""
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be dated in the future.")})
    if paid_on < claim.period_end:
        raise ValidationError({"paid_on": _("A period is paid after it is over.")})
    paid = workflow_move(
        actor=actor,
        obj=claim,
        to=CS.PAID,
        action="loans.subsidy_claim_pay",
        updates={"paid_on": paid_on},
    )
    for line in paid.lines.select_related(
        "loan__company", "loan__fund__program", "loan__recommendation"
    ):
        ledger_sync(actor=actor, loan=line.loan)
    return paid
