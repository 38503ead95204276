"""/api/v1/grants: agreements, tranches and expenses as JSON, through the same access helpers
and services as the pages (a member sees only their own company's agreements; auditors read
every one). Writes: a tranche request and its decisions, an expense with its evidence files
(multipart), and a report's draft, submission and review (attachments through the page)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from jiwon.core.pagination import MAX_PAGE, paginate
from jiwon.core.schemas import ErrorOut, FieldErrorsOut
from jiwon.grants import selectors
from jiwon.grants.access import agreement_for, report_for, tranche_for
from jiwon.grants.models import Agreement, Expense, GrantReport, Tranche
from jiwon.grants.services import expenses as expense_services
from jiwon.grants.services import reports as report_services
from jiwon.grants.services import tranches as tranche_services
from jiwon.grants.workflow import ReportStatus, TrancheStatus

router = Router(tags=["grants"])
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: FieldErrorsOut,
    429: ErrorOut,
}


class BudgetLineOut(Schema):
    category: str
    source: str
    amount_won: int


class AgreementOut(Schema):
    id: int
    number: str
    program_id: int
    company_id: int
    company_name: str
    title: str
    status: str
    status_label: str
    starts_on: date
    ends_on: date
    budget_version: int
    grant_won: int
    own_cash_won: int
    own_in_kind_won: int
    document_sha256: str
    accepted_sha256: str
    paid_won: int
    budget: list[BudgetLineOut]


class AgreementQuery(Schema):
    status: str = Field("", max_length=40, description="Only agreements in this status.")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=100)


class AgreementPage(Schema):
    items: list[AgreementOut]
    page: int
    page_size: int
    has_next: bool


class TrancheOut(Schema):
    id: int
    agreement_id: int
    number: int
    status: str
    requested_won: int
    paid_won: int | None
    paid_on: date | None
    paid_reason: str


class TrancheIn(Schema):
    requested_won: int
    note: str = ""


class TrancheDecisionIn(Schema):
    to: str
    comment: str = ""
    paid_won: int | None = None
    paid_on: date | None = None


class ExpenseOut(Schema):
    id: int
    agreement_id: int
    category: str
    source: str
    amount_won: int
    spent_on: date
    description: str
    evidence_kind: str
    evidence_number: str
    status: str
    files: list[str]


def _agreement_out(a: Agreement) -> dict[str, Any]:
    return {
        "id": a.pk,
        "number": a.number,
        "program_id": a.program_id,
        "company_id": a.company_id,
        "company_name": a.company.name_ko,
        "title": a.title,
        "status": a.status,
        "status_label": a.status_label,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "budget_version": a.budget_version,
        "grant_won": a.grant_won,
        "own_cash_won": a.own_cash_won,
        "own_in_kind_won": a.own_in_kind_won,
        "document_sha256": a.document_sha256,
        "accepted_sha256": a.accepted_sha256,
        "paid_won": selectors.paid_total(a),
        "budget": [
            {"category": c, "source": s, "amount_won": won}
            for (c, s), won in sorted(selectors.budget_lines(a).items())
        ],
    }


def _tranche_out(t: Tranche) -> dict[str, Any]:
    return {
        "id": t.pk,
        "agreement_id": t.agreement_id,
        "number": t.number,
        "status": t.status,
        "requested_won": t.requested_won,
        "paid_won": t.paid_won,
        "paid_on": t.paid_on,
        "paid_reason": t.paid_reason,
    }


def _expense_out(e: Expense) -> dict[str, Any]:
    return {
        "id": e.pk,
        "agreement_id": e.agreement_id,
        "category": e.category,
        "source": e.source,
        "amount_won": e.amount_won,
        "spent_on": e.spent_on,
        "description": e.description,
        "evidence_kind": e.evidence_kind,
        "evidence_number": e.evidence_number,
        "status": e.status,
        "files": [f.sha256 for f in e.files.all()],
    }


@router.get(
    "/agreements",
    response={200: AgreementPage, **ERRORS},
    operation_id="grants_agreements",
    summary="The agreements the caller may read",
)
def agreement_list(request: HttpRequest, filters: Query[AgreementQuery]) -> dict[str, Any]:
    qs = selectors.agreement_search(request.auth, status=filters.status)  # type: ignore[attr-defined]
    found = paginate(qs, page=filters.page, per_page=filters.page_size)
    return {
        "items": [_agreement_out(a) for a in found.items],
        "page": found.number,
        "page_size": found.per_page,
        "has_next": found.has_next,
    }


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    operation_id="grants_agreement",
    summary="One agreement with its approved budget",
)
def agreement_detail(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    return _agreement_out(agreement_for(request.auth, agreement_id))  # type: ignore[attr-defined]


@router.get(
    "/agreements/{agreement_id}/tranches",
    response={200: list[TrancheOut], **ERRORS},
    operation_id="grants_tranches",
    summary="The tranches of an agreement",
)
def tranche_list(request: HttpRequest, agreement_id: int) -> list[dict[str, Any]]:
    agreement = agreement_for(request.auth, agreement_id)  # type: ignore[attr-defined]
    return [_tranche_out(t) for t in agreement.tranches.all()]


@router.post(
    "/agreements/{agreement_id}/tranches",
    response={201: TrancheOut, **ERRORS},
    operation_id="grants_tranche_request",
    summary="Request a tranche (company members, own agreements)",
)
def tranche_request(request: HttpRequest, agreement_id: int, payload: TrancheIn) -> Status:
    agreement = agreement_for(request.auth, agreement_id, "act")  # type: ignore[attr-defined]
    tranche = tranche_services.tranche_request(
        actor=request.auth,  # type: ignore[attr-defined]
        agreement=agreement,
        requested_won=payload.requested_won,
        note=payload.note,
    )
    return Status(201, _tranche_out(tranche))


@router.get(
    "/tranches/{tranche_id}",
    response={200: TrancheOut, **ERRORS},
    operation_id="grants_tranche",
    summary="One tranche",
)
def tranche_detail(request: HttpRequest, tranche_id: int) -> dict[str, Any]:
    return _tranche_out(tranche_for(request.auth, tranche_id))  # type: ignore[attr-defined]


@router.post(
    "/tranches/{tranche_id}",
    response={200: TrancheOut, **ERRORS},
    operation_id="grants_tranche_decide",
    summary="Approve (programme, then finance), reject or pay a tranche",
)
def tranche_decide(
    request: HttpRequest, tranche_id: int, payload: TrancheDecisionIn
) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    tranche = tranche_for(actor, tranche_id)
    if payload.to == TrancheStatus.PROGRAM_APPROVED:
        tranche = tranche_services.tranche_approve_program(
            actor=actor, tranche=tranche, comment=payload.comment
        )
    elif payload.to == TrancheStatus.FINANCE_APPROVED:
        tranche = tranche_services.tranche_approve_finance(
            actor=actor, tranche=tranche, comment=payload.comment
        )
    elif payload.to == TrancheStatus.REJECTED:
        tranche = tranche_services.tranche_reject(
            actor=actor, tranche=tranche, reason=payload.comment
        )
    elif payload.to == TrancheStatus.PAID:
        if payload.paid_won is None or payload.paid_on is None:
            raise ValidationError({"paid_won": "paid_won and paid_on are required"})
        tranche = tranche_services.tranche_pay(
            actor=actor,
            tranche=tranche,
            paid_won=payload.paid_won,
            paid_on=payload.paid_on,
            reason=payload.comment,
        )
    else:
        raise ValidationError({"to": "program_approved, finance_approved, rejected or paid"})
    return _tranche_out(tranche)


@router.get(
    "/agreements/{agreement_id}/expenses",
    response={200: list[ExpenseOut], **ERRORS},
    operation_id="grants_expenses",
    summary="The expenses of an agreement",
)
def expense_list(request: HttpRequest, agreement_id: int) -> list[dict[str, Any]]:
    agreement = agreement_for(request.auth, agreement_id)  # type: ignore[attr-defined]
    return [_expense_out(e) for e in agreement.expenses.prefetch_related("files")]


@router.post(
    "/agreements/{agreement_id}/expenses",
    response={201: ExpenseOut, **ERRORS},
    operation_id="grants_expense_record",
    summary="Record an expense with its evidence files (multipart form)",
)
def expense_record(
    request: HttpRequest,
    agreement_id: int,
    category: Form[str],
    source: Form[str],
    amount_won: Form[int],
    spent_on: Form[date],
    description: Form[str],
    evidence_kind: Form[str],
    evidence_number: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    agreement = agreement_for(request.auth, agreement_id, "act")  # type: ignore[attr-defined]
    expense = expense_services.expense_record(
        actor=request.auth,  # type: ignore[attr-defined]
        agreement=agreement,
        category=category,
        source=source,
        amount_won=amount_won,
        spent_on=spent_on,
        description=description,
        evidence_kind=evidence_kind,
        evidence_number=evidence_number,
        uploads=files or [],
    )
    return Status(201, _expense_out(expense))


class ReportItemOut(Schema):
    key: str
    ko: str
    en: str
    required: bool


class ReportSpecOut(Schema):
    narrative: list[ReportItemOut]
    figures: list[ReportItemOut]
    attachments: list[ReportItemOut]


class ReportFileOut(Schema):
    slot: str
    name: str
    size: int
    sha256: str


class ReportOut(Schema):
    id: int
    agreement_id: int
    kind: str
    title: str
    status: str
    status_label: str
    due_on: date
    days_overdue: int
    releases_tranche: int | None
    spec: ReportSpecOut
    narrative: dict[str, str]
    figures: dict[str, int | None]
    files: list[ReportFileOut]
    submitted_at: datetime | None
    accepted_at: datetime | None


class ReportDraftIn(Schema):
    narrative: dict[str, str] = {}
    figures: dict[str, int | None] = {}


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"key": i["key"], "ko": i["ko"], "en": i.get("en", ""), "required": bool(i.get("required"))}
        for i in items
    ]


def _report_out(r: GrantReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "agreement_id": r.agreement_id,
        "kind": r.kind,
        "title": r.title,
        "status": r.status,
        "status_label": r.status_label,
        "due_on": r.due_on,
        "days_overdue": r.days_overdue,
        "releases_tranche": r.releases_tranche,
        "spec": {
            part: _items(r.spec.get(part, [])) for part in ("narrative", "figures", "attachments")
        },
        "narrative": {k: str(v) for k, v in r.narrative.items()},
        "figures": dict(r.figures),
        "files": [
            {"slot": f.slot, "name": f.name, "size": f.size, "sha256": f.sha256}
            for f in r.files.all()
        ],
        "submitted_at": r.submitted_at,
        "accepted_at": r.accepted_at,
    }


@router.get(
    "/agreements/{agreement_id}/reports",
    response={200: list[ReportOut], **ERRORS},
    operation_id="grants_reports",
    summary="The interim and final reports an agreement owes, with their due days",
)
def report_list(request: HttpRequest, agreement_id: int) -> list[dict[str, Any]]:
    agreement = agreement_for(request.auth, agreement_id)  # type: ignore[attr-defined]
    return [_report_out(r) for r in agreement.reports.prefetch_related("files")]


@router.get(
    "/reports/{report_id}",
    response={200: ReportOut, **ERRORS},
    operation_id="grants_report",
    summary="One report",
)
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _report_out(report_for(request.auth, report_id))  # type: ignore[attr-defined]


@router.post(
    "/reports/{report_id}",
    response={200: ReportOut, **ERRORS},
    operation_id="grants_report_save",
    summary="Save the fields of a report still owed (company members, own agreements)",
)
def report_save(request: HttpRequest, report_id: int, payload: ReportDraftIn) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    report = report_for(actor, report_id, "act")
    report = report_services.report_save(
        actor=actor, report=report, narrative=payload.narrative, figures=payload.figures
    )
    return _report_out(report)


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportOut, **ERRORS},
    operation_id="grants_report_submit",
    summary="Submit (or resubmit) a complete report for review",
)
def report_submit(request: HttpRequest, report_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    report = report_for(actor, report_id, "act")
    return _report_out(report_services.report_submit(actor=actor, report=report))


@router.post(
    "/reports/{report_id}/review",
    response={200: ReportOut, **ERRORS},
    operation_id="grants_report_review",
    summary="Accept a submitted report, or return it for changes with a reason (form fields)",
)
def report_review(
    request: HttpRequest,
    report_id: int,
    to: Form[str] = "",
    comment: Form[str] = "",
) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    report = report_for(actor, report_id, "review_reports")
    if to == ReportStatus.ACCEPTED:
        report = report_services.report_accept(actor=actor, report=report, comment=comment)
    elif to == ReportStatus.RETURNED:
        report = report_services.report_return(actor=actor, report=report, reason=comment)
    else:
        raise ValidationError({"to": "accepted or returned"})
    return _report_out(report)
