"""Reads of grants: lists, what is recorded against each budget line, the settlement
statement as it stands, the settlement time figures, and the reports owed."""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from jiwon.core.actor import Viewer, actor_user
from jiwon.core.permissions import has_perm
from jiwon.grants.models import Agreement, Expense, GrantReport, ReportKind, Tranche
from jiwon.grants.statement import Key, Statement, compute_statement, sum_by_key
from jiwon.grants.workflow import OWED, AgreementStatus, ExpenseStatus, ReportStatus, TrancheStatus

# Expenses that take budget: every one not rejected (awaiting review ones included, so two
# expenses recorded at once cannot both take the last won of a line).
COMMITTING = (ExpenseStatus.SUBMITTED, ExpenseStatus.MORE_INFO, ExpenseStatus.ACCEPTED)
# Tranches that take grant: every one not rejected.
LIVE_TRANCHES = (
    TrancheStatus.REQUESTED,
    TrancheStatus.PROGRAM_APPROVED,
    TrancheStatus.FINANCE_APPROVED,
    TrancheStatus.PAID,
)


def agreements_visible_to(user: Viewer) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("program", "company")
    if has_perm(user, "grants.view_all"):
        return qs
    if isinstance(user, AnonymousUser) or not has_perm(user, "grants.act"):
        return qs.none()
    member = actor_user(user)
    if member is None:
        return qs.none()
    return qs.filter(company__memberships__user_id=member.pk).distinct()


def agreement_search(
    user: Viewer, *, status: str = "", program: int | None = None, q: str = ""
) -> QuerySet[Agreement]:
    qs = agreements_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if program:
        qs = qs.filter(program_id=program)
    if q:
        qs = qs.filter(
            Q(number__icontains=q) | Q(company__name_ko__icontains=q) | Q(title__icontains=q)
        )
    return qs


def tranches_visible_to(user: Viewer, status: str = "") -> QuerySet[Tranche]:
    qs = Tranche.objects.filter(agreement__in=agreements_visible_to(user)).select_related(
        "agreement", "agreement__company", "agreement__program"
    )
    return qs.filter(status=status) if status else qs


def expenses_visible_to(user: Viewer, status: str = "") -> QuerySet[Expense]:
    qs = Expense.objects.filter(agreement__in=agreements_visible_to(user)).select_related(
        "agreement", "agreement__company"
    )
    return qs.filter(status=status) if status else qs


def committed_by_line(agreement: Agreement) -> dict[Key, int]:
    return sum_by_key(
        agreement.expenses.filter(status__in=COMMITTING)
        .values("category", "source")
        .annotate(total=Sum("amount_won"))
        .values_list("category", "source", "total")
    )


def accepted_by_line(agreement: Agreement) -> dict[Key, int]:
    return sum_by_key(
        agreement.expenses.filter(status=ExpenseStatus.ACCEPTED)
        .values("category", "source")
        .annotate(total=Sum("amount_won"))
        .values_list("category", "source", "total")
    )


def requested_total(agreement: Agreement) -> int:
    live = agreement.tranches.filter(status__in=LIVE_TRANCHES)
    paid = live.filter(status=TrancheStatus.PAID).aggregate(s=Sum("paid_won"))["s"] or 0
    unpaid = live.exclude(status=TrancheStatus.PAID).aggregate(s=Sum("requested_won"))["s"] or 0
    return paid + unpaid


def paid_total(agreement: Agreement) -> int:
    return (
        agreement.tranches.filter(status=TrancheStatus.PAID).aggregate(s=Sum("paid_won"))["s"] or 0
    )


def budget_lines(agreement: Agreement, version: int | None = None) -> dict[Key, int]:
    found = agreement.budget_versions.get(number=version or agreement.budget_version)
    return {(line.category, line.source): line.amount_won for line in found.lines.all()}


def statement_for(agreement: Agreement, interest_won: int = 0) -> Statement:
    """The statement as it stands now (the settlement keeps the one staff confirmed)."""
    terms = agreement.program.grant_terms
    return compute_statement(
        budget=budget_lines(agreement),
        spent=committed_by_line(agreement),
        accepted=accepted_by_line(agreement),
        paid_won=paid_total(agreement),
        interest_won=interest_won,
        return_interest=terms.return_interest,
        uncollected_under_won=terms.uncollected_under_won,
    )


def confirmed_statement(agreement: Agreement) -> Statement | None:
    settlement = getattr(agreement, "settlement", None)
    return Statement.from_json(settlement.statement) if settlement is not None else None


def _percentile(values: list[float], pct: int) -> float:
    """Nearest-rank percentile (the smallest value with at least pct% of values at or below)."""
    ordered = sorted(values)
    rank = max(1, -(-pct * len(ordered) // 100))
    return ordered[rank - 1]


@dataclass(frozen=True)
class SettlementTime:
    program_id: int
    program: str
    settled: int
    median_days: float
    p90_days: float


def settlement_times() -> list[SettlementTime]:
    """Per programme: days from the final report to the settlement's closing (median, p90,
    nearest rank) over the agreements closed so far."""
    rows: dict[int, tuple[str, list[float]]] = {}
    closed = Agreement.objects.filter(
        status=AgreementStatus.CLOSED, final_report_at__isnull=False, closed_at__isnull=False
    ).select_related("program")
    for agreement in closed:
        days = (agreement.closed_at - agreement.final_report_at).total_seconds() / 86400  # type: ignore[operator]
        rows.setdefault(agreement.program_id, (str(agreement.program), []))[1].append(days)
    return [
        SettlementTime(
            pk, title, len(days), round(median(days), 1), round(_percentile(days, 90), 1)
        )
        for pk, (title, days) in sorted(rows.items())
    ]


def agreement_summary(agreement: Agreement) -> dict[str, Any]:
    return {
        "requested_won": requested_total(agreement),
        "paid_won": paid_total(agreement),
        "committed_won": sum(committed_by_line(agreement).values()),
        "accepted_won": sum(accepted_by_line(agreement).values()),
    }


# A report due within this many days is "due soon" on the staff list.
SOON_DAYS = 14
REPORT_VIEWS = ("due_soon", "overdue", "submitted", "returned", "accepted", "due")


def reports_visible_to(user: Viewer) -> QuerySet[GrantReport]:
    return GrantReport.objects.filter(agreement__in=agreements_visible_to(user)).select_related(
        "agreement", "agreement__company", "agreement__program"
    )


def report_search(
    user: Viewer,
    *,
    view: str = "",
    kind: str = "",
    program: int | None = None,
    q: str = "",
    today: date | None = None,
) -> QuerySet[GrantReport]:
    """The reports `user` reads, by the staff list's views: due soon (due within SOON_DAYS,
    not submitted), overdue (owed past the due day), submitted, returned, accepted, due."""
    today = today or timezone.localdate()
    qs = reports_visible_to(user)
    if view == "due_soon":
        qs = qs.filter(
            status=ReportStatus.DUE, due_on__gte=today, due_on__lte=today + timedelta(SOON_DAYS)
        )
    elif view == "overdue":
        qs = qs.filter(status__in=OWED, due_on__lt=today)
    elif view in ("submitted", "returned", "accepted", "due"):
        qs = qs.filter(status=view)
    if kind:
        qs = qs.filter(kind=kind)
    if program:
        qs = qs.filter(agreement__program_id=program)
    if q:
        qs = qs.filter(
            Q(agreement__number__icontains=q)
            | Q(agreement__company__name_ko__icontains=q)
            | Q(title_ko__icontains=q)
        )
    return qs.order_by("due_on", "id")


def report_counts(user: Viewer, today: date | None = None) -> dict[str, int]:
    return {
        view: report_search(user, view=view, today=today).count()
        for view in ("due_soon", "overdue", "submitted")
    }


def reports_holding_tranche(agreement: Agreement, number: int) -> list[GrantReport]:
    """The reports not yet accepted that tranche `number` of `agreement` waits for."""
    return list(
        agreement.reports.filter(releases_tranche=number).exclude(status=ReportStatus.ACCEPTED)
    )


def final_reports_pending(agreement: Agreement) -> list[GrantReport]:
    return list(
        agreement.reports.filter(kind=ReportKind.FINAL).exclude(status=ReportStatus.ACCEPTED)
    )
