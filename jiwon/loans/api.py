"""/api/v1/loans: fund rounds with their volume and budget, letters, loans and claims as JSON,
through the same access helpers and services as the pages. A partner bank's system reads its
own bank's letters and loans and reports executions and balance changes; staff read all."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from jiwon.core.permissions import has_perm
from jiwon.core.schemas import ErrorOut, FieldErrorsOut
from jiwon.loans import selectors
from jiwon.loans.access import claim_for, letter_for, loan_for
from jiwon.loans.models import FundRound, Loan, Recommendation, SubsidyClaim
from jiwon.loans.services import loans as loan_services

router = Router(tags=["loans"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


class FundOut(Schema):
    id: int
    year: int
    name: str
    loan_volume_won: int
    reserved_won: int
    executed_won: int
    outstanding_won: int
    remaining_won: int
    subsidy_budget_won: int
    subsidy_paid_won: int
    subsidy_committed_won: int
    subsidy_projected_won: int


class LetterOut(Schema):
    id: int
    number: str
    company_id: int
    company_name: str
    bank: str
    purpose: str
    amount_won: int
    issued_on: date
    valid_until: date
    status: str


class InstalmentOut(Schema):
    number: int
    due_on: date
    principal_won: int
    interest_won: int
    balance_won: int


class LoanOut(Schema):
    id: int
    letter_number: str
    company_id: int
    bank: str
    bank_reference: str
    purpose: str
    principal_won: int
    outstanding_won: int
    executed_on: date
    matures_on: date
    bank_rate_pct: Decimal
    status: str
    stopped_on: date | None
    stop_reason: str
    repayment_method: str
    # The repayment schedule generated from the execution report (schedule.py).
    schedule: list[InstalmentOut]


class ExecutionIn(Schema):
    bank_reference: str
    principal_won: int
    executed_on: date
    bank_rate_pct: Decimal
    term_months: int
    grace_months: int = 0
    repayment_method: str


class EventIn(Schema):
    on: date
    kind: str
    amount_won: int = 0
    bank_rate_pct: Decimal | None = None


class ClaimLineOut(Schema):
    loan_id: int
    bank_reference: str
    claimed_won: int
    interest_charged_won: int
    computed_won: int
    payable_won: int
    difference_won: int


class ClaimOut(Schema):
    id: int
    number: str
    bank: str
    period_start: date
    period_end: date
    rounding: str
    status: str
    lines: list[ClaimLineOut]


def _fund_out(fund: FundRound) -> dict[str, Any]:
    volume = selectors.volume_of(fund)
    budget = selectors.subsidy_budget_of(fund, timezone.localdate())
    return {
        "id": fund.pk,
        "year": fund.year,
        "name": fund.name_ko,
        "loan_volume_won": volume.volume_won,
        "reserved_won": volume.reserved_won,
        "executed_won": volume.executed_won,
        "outstanding_won": volume.outstanding_won,
        "remaining_won": volume.remaining_won,
        "subsidy_budget_won": budget.budget_won,
        "subsidy_paid_won": budget.paid_won,
        "subsidy_committed_won": budget.committed_won,
        "subsidy_projected_won": budget.projected_won,
    }


def _letter_out(letter: Recommendation) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "number": letter.number,
        "company_id": letter.company_id,
        "company_name": letter.company.name_ko,
        "bank": letter.bank.code,
        "purpose": letter.purpose.kind,
        "amount_won": letter.amount_won,
        "issued_on": letter.issued_on,
        "valid_until": letter.valid_until,
        "status": letter.status,
    }


def _loan_out(loan: Loan) -> dict[str, Any]:
    return {
        "id": loan.pk,
        "letter_number": loan.recommendation.number,
        "company_id": loan.company_id,
        "bank": loan.bank.code,
        "bank_reference": loan.bank_reference,
        "purpose": loan.purpose.kind,
        "principal_won": loan.principal_won,
        "outstanding_won": selectors.outstanding(loan),
        "executed_on": loan.executed_on,
        "matures_on": loan.matures_on,
        "bank_rate_pct": loan.bank_rate_pct,
        "status": loan.status,
        "stopped_on": loan.stopped_on,
        "stop_reason": loan.stop_reason,
        "repayment_method": loan.repayment_method,
        "schedule": [
            {
                "number": i.number,
                "due_on": i.due_on,
                "principal_won": i.principal_won,
                "interest_won": i.interest_won,
                "balance_won": i.balance_won,
            }
            for i in selectors.schedule_of(loan)
        ],
    }


def _claim_out(claim: SubsidyClaim) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "number": claim.number,
        "bank": claim.bank.code,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "rounding": claim.rounding,
        "status": claim.status,
        "lines": [
            {
                "loan_id": line.loan_id,
                "bank_reference": line.loan.bank_reference,
                "claimed_won": line.claimed_won,
                "interest_charged_won": line.interest_charged_won,
                "computed_won": line.computed_won,
                "payable_won": line.payable_won,
                "difference_won": line.difference_won,
            }
            for line in claim.lines.select_related("loan")
        ],
    }


@router.get(
    "/funds",
    response={200: list[FundOut], **ERRORS},
    operation_id="loans_funds",
    summary="Fund rounds with their volume and subsidy budget (staff)",
)
def fund_list(request: HttpRequest) -> list[dict[str, Any]]:
    if not has_perm(request.auth, "loans.view_all"):  # type: ignore[attr-defined]
        raise PermissionDenied("loans.view_all")
    return [_fund_out(f) for f in selectors.funds()[:50]]


@router.get(
    "/bank/letters",
    response={200: list[LetterOut], **ERRORS},
    operation_id="loans_bank_letters",
    summary="The standing letters addressed to the caller's bank",
)
def bank_letters(request: HttpRequest) -> list[dict[str, Any]]:
    bank = selectors.bank_of(request.auth)  # type: ignore[attr-defined]
    if bank is None or not has_perm(request.auth, "loans.bank_report", bank):  # type: ignore[attr-defined]
        raise PermissionDenied("loans.bank_report")
    return [_letter_out(x) for x in selectors.letters_of_bank(bank).filter(status="issued")[:500]]


@router.get(
    "/letters/{letter_id}",
    response={200: LetterOut, **ERRORS},
    operation_id="loans_letter",
    summary="One recommendation letter",
)
def letter_detail(request: HttpRequest, letter_id: int) -> dict[str, Any]:
    return _letter_out(letter_for(request.auth, letter_id))  # type: ignore[attr-defined]


class EventOut(Schema):
    on: date
    kind: str
    amount_won: int
    bank_rate_pct: Decimal | None


@router.get(
    "/letters/{letter_id}/execution",
    response={200: LoanOut, **ERRORS},
    operation_id="loans_execution",
    summary="The loan made on a letter (404 while none is)",
)
def letter_execution(request: HttpRequest, letter_id: int) -> dict[str, Any]:
    letter = letter_for(request.auth, letter_id)  # type: ignore[attr-defined]
    loan = Loan.objects.filter(recommendation=letter).first()
    if loan is None:
        raise Http404("no loan yet")
    return _loan_out(loan)


@router.post(
    "/letters/{letter_id}/execution",
    response={201: LoanOut, **ERRORS},
    operation_id="loans_execute",
    summary="Report the loan made on a letter (the letter's bank, or staff)",
)
def letter_execute(request: HttpRequest, letter_id: int, payload: ExecutionIn) -> Status:
    actor = request.auth  # type: ignore[attr-defined]
    letter = letter_for(actor, letter_id)
    loan = loan_services.loan_execute(
        actor=actor, letter=letter, execution=loan_services.Execution(**payload.dict())
    )
    return Status(201, _loan_out(loan))


@router.get(
    "/loans/{loan_id}",
    response={200: LoanOut, **ERRORS},
    operation_id="loans_loan",
    summary="One loan with its outstanding balance",
)
def loan_detail(request: HttpRequest, loan_id: int) -> dict[str, Any]:
    return _loan_out(loan_for(request.auth, loan_id))  # type: ignore[attr-defined]


@router.get(
    "/loans/{loan_id}/events",
    response={200: list[EventOut], **ERRORS},
    operation_id="loans_events",
    summary="A loan's balance and rate changes",
)
def loan_events(request: HttpRequest, loan_id: int) -> list[dict[str, Any]]:
    loan = loan_for(request.auth, loan_id)  # type: ignore[attr-defined]
    return [
        {"on": e.on, "kind": e.kind, "amount_won": e.amount_won, "bank_rate_pct": e.bank_rate_pct}
        for e in loan.events.all()
    ]


@router.post(
    "/loans/{loan_id}/events",
    response={200: LoanOut, **ERRORS},
    operation_id="loans_event",
    summary="Record a repayment, a prepayment or a rate change (the loan's bank, or staff)",
)
def loan_event(request: HttpRequest, loan_id: int, payload: EventIn) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    loan = loan_for(actor, loan_id)
    loan_services.loan_event_record(
        actor=actor,
        loan=loan,
        on=payload.on,
        kind=payload.kind,
        amount_won=payload.amount_won,
        bank_rate_pct=payload.bank_rate_pct,
    )
    loan.refresh_from_db()
    return _loan_out(loan)


@router.get(
    "/claims/{claim_id}",
    response={200: ClaimOut, **ERRORS},
    operation_id="loans_claim",
    summary="One subsidy claim, line by line against Jiwon's figures",
)
def claim_detail(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    return _claim_out(claim_for(request.auth, claim_id))  # type: ignore[attr-defined]
