"""Object-level access to grants, for every view and API endpoint.

Who reads an agreement (with its budget, tranches, expenses, evidence and settlement): staff
who read every grant (grants.view_all: the back office, auditors included) and the members of
the agreement's company who act on grants (grants.act). Who acts: the company's members
("act": accept, request, spend, object), grant managers ("manage"), the programme approver
("approve_program") and the finance approver ("approve_finance"). An agreement the user may not
read does not exist for them (404); one they read but may not act on is forbidden (403).
"""

from typing import Any, Literal, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from jiwon.core.actor import Viewer, actor_user
from jiwon.core.permissions import has_perm
from jiwon.grants.models import (
    Agreement,
    BudgetVersion,
    EvidenceFile,
    Expense,
    GrantReport,
    GrantReturn,
    GrantTerms,
    ReportFile,
    ReportRequirement,
    Tranche,
)

Action = Literal[
    "view", "act", "manage", "approve_program", "approve_finance", "export", "review_reports"
]
ACTIONS = (
    "view",
    "act",
    "manage",
    "approve_program",
    "approve_finance",
    "export",
    "review_reports",
)


def is_company_member(user: Any, agreement: Agreement) -> bool:
    """`user` belongs to the agreement's company (the object rule of grants.act)."""
    member = actor_user(user)
    return member is not None and agreement.company.memberships.filter(user_id=member.pk).exists()


def is_member_for_part(user: Any, part: Tranche | Expense | GrantReport) -> bool:
    return is_company_member(user, part.agreement)


def can_read(user: Viewer, agreement: Agreement) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return has_perm(user, "grants.view_all") or has_perm(user, "grants.act", agreement)


def _check(user: Viewer, agreement: Agreement, action: Action) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not can_read(user, agreement):
        raise Http404("agreement not found")
    if action != "view" and not has_perm(user, f"grants.{action}", agreement):
        raise PermissionDenied(f"may not {action} this agreement")


M = TypeVar("M", bound=models.Model)


def _fetch(qs: QuerySet[M], pk: Any) -> M:
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"{qs.model.__name__} not found") from exc


def agreement_for(user: Viewer, pk: Any, action: Action = "view") -> Agreement:
    agreement = _fetch(Agreement.objects.select_related("program", "company"), pk)
    _check(user, agreement, action)
    return agreement


def tranche_for(user: Viewer, pk: Any, action: Action = "view") -> Tranche:
    tranche = _fetch(Tranche.objects.select_related("agreement__program", "agreement__company"), pk)
    _check(user, tranche.agreement, action)
    return tranche


def expense_for(user: Viewer, pk: Any, action: Action = "view") -> Expense:
    expense = _fetch(Expense.objects.select_related("agreement__program", "agreement__company"), pk)
    _check(user, expense.agreement, action)
    return expense


def evidence_for(user: Viewer, pk: Any) -> EvidenceFile:
    """A file of a tranche or an expense, to whoever reads its agreement."""
    evidence = _fetch(
        EvidenceFile.objects.select_related(
            "tranche__agreement__company", "expense__agreement__company"
        ),
        pk,
    )
    owner = evidence.tranche or evidence.expense
    assert owner is not None  # the database holds exactly one owner
    _check(user, owner.agreement, "view")
    return evidence


def budget_version_for(user: Viewer, pk: Any, action: Action = "view") -> BudgetVersion:
    version = _fetch(BudgetVersion.objects.select_related("agreement__company"), pk)
    _check(user, version.agreement, action)
    return version


def grant_return_for(user: Viewer, pk: Any, action: Action = "view") -> GrantReturn:
    grant_return = _fetch(GrantReturn.objects.select_related("agreement__company"), pk)
    _check(user, grant_return.agreement, action)
    return grant_return


def report_for(user: Viewer, pk: Any, action: Action = "view") -> GrantReport:
    report = _fetch(
        GrantReport.objects.select_related("agreement__program", "agreement__company"), pk
    )
    _check(user, report.agreement, action)
    return report


def report_file_for(user: Viewer, pk: Any, action: Action = "view") -> ReportFile:
    report_file = _fetch(ReportFile.objects.select_related("report__agreement__company"), pk)
    _check(user, report_file.report.agreement, action)
    return report_file


def _schedule_check(user: Viewer, action: Action) -> None:
    """A programme's report schedule: read by who reads every grant, set by report reviewers."""
    if not getattr(user, "is_authenticated", False) or not has_perm(user, "grants.view_all"):
        raise Http404("schedule not found")
    if action != "view" and not has_perm(user, f"grants.{action}"):
        raise PermissionDenied(f"may not {action} report schedules")


def report_schedule_for(user: Viewer, program_pk: Any, action: Action = "view") -> GrantTerms:
    """The grant terms (with their report schedule) of the programme `program_pk`."""
    _schedule_check(user, action)
    try:
        return GrantTerms.objects.select_related("program").get(program_id=int(program_pk))
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("no grant terms") from exc


def report_requirement_for(user: Viewer, pk: Any, action: Action = "view") -> ReportRequirement:
    _schedule_check(user, action)
    return _fetch(ReportRequirement.objects.select_related("terms__program"), pk)
