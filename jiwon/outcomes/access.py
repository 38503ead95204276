"""Object-level access to outcomes: the one helper per object that every view uses.

Each helper answers 404 when the user may not know the object exists and 403 when they may
but not do what they ask:

- ledger rows and outcome records are known to staff readers (outcomes.view_all) and changed
  by outcomes.manage;
- generated reports are known to those who generate reports (reports.generate), and a report
  is downloaded only once its file is written;
- surveys are known to staff readers and run by outcomes.manage_surveys;
- a survey invitation is answered by the members of the invited company only; staff readers
  know it exists, anyone else does not.
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from jiwon.companies.access import is_member
from jiwon.core.permissions import has_perm
from jiwon.outcomes.models import (
    RECORD_MODELS,
    OutcomeRecord,
    ReportRun,
    SupportLedgerEntry,
    Survey,
    SurveyInvitation,
)

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], pk: Any, what: str) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"{what} not found") from exc


def _readable_or_changeable(user: Any, action: str, what: str) -> None:
    if action not in ("view", "change"):
        raise ValueError(f"unknown action {action!r}")
    if not has_perm(user, "outcomes.view_all"):
        raise Http404(f"{what} not found")
    if action == "change" and not has_perm(user, "outcomes.manage"):
        raise PermissionDenied(f"may not change this {what}")


def ledger_entry_for(user: Any, pk: Any, *, action: str = "view") -> SupportLedgerEntry:
    """The ledger row `pk` if `user` may `action` ("view" or "change") it."""
    _readable_or_changeable(user, action, "ledger row")
    return _get(
        SupportLedgerEntry.objects.select_related("company", "program", "entered_by"),
        pk,
        "ledger row",
    )


def outcome_record_for(user: Any, pk: Any, *, kind: str, action: str = "view") -> OutcomeRecord:
    """The outcome record `pk` of `kind` (a key of RECORD_MODELS: "investment", "ip", ...) if
    `user` may `action` ("view" or "change") it. An unknown kind is not found either."""
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404("unknown kind of outcome record")
    _readable_or_changeable(user, action, "outcome record")
    return _get(model._default_manager.select_related("company"), pk, "outcome record")


def report_run_for(user: Any, pk: Any, *, action: str = "view") -> ReportRun:
    """The generated report `pk` if `user` may `action` it: "view" (its status) or "download"
    (its file, which exists only once the run is done)."""
    if action not in ("view", "download"):
        raise ValueError(f"unknown action {action!r}")
    if not has_perm(user, "reports.generate"):
        raise Http404("report not found")
    run = _get(ReportRun.objects.select_related("requested_by"), pk, "report")
    if action == "download" and not (run.status == ReportRun.Status.DONE and run.file):
        raise Http404("the report has no file yet")
    return run


def survey_for(user: Any, pk: Any) -> Survey:
    """The survey `pk` if `user` runs surveys (outcomes.manage_surveys): its pages and its
    actions are theirs."""
    if not has_perm(user, "outcomes.view_all"):
        raise Http404("survey not found")
    if not has_perm(user, "outcomes.manage_surveys"):
        raise PermissionDenied("may not run surveys")
    return _get(Survey.objects.all(), pk, "survey")


def invitation_for(user: Any, pk: Any) -> SurveyInvitation:
    """The survey invitation `pk` if `user` answers it: a company member (portal.enter) of the
    invited company. Staff readers, who see the invitations of a survey, get 403; anyone else,
    members of other companies included, 404."""
    invitation = _get(
        SurveyInvitation.objects.select_related("survey", "company"), pk, "survey invitation"
    )
    if has_perm(user, "portal.enter") and is_member(user, invitation.company):
        return invitation
    if has_perm(user, "outcomes.view_all"):
        raise PermissionDenied("staff do not answer for a company")
    raise Http404("survey invitation not found")
