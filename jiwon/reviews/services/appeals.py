"""Appeals (이의신청) against published results. The applicant company's members lodge one per
result within the programme's appeal period, checked here on the server to the second (KST);
staff review it and uphold or dismiss it with a written decision. Status follows the appeal
workflow pinned on the appeal; every change leaves a history row and an audit record."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.access import is_applicant
from jiwon.audit.services import audit_record
from jiwon.core.permissions import has_perm
from jiwon.reviews.models import (
    APPEAL_WORKFLOWS,
    Appeal,
    AppealStatus,
    AppealStatusChange,
    RunStatus,
    SelectionResult,
)
from jiwon.reviews.models.selection import CURRENT_APPEAL_WORKFLOW
from jiwon.reviews.selectors.selection import aggregation_config_of, appeal_deadline

A = AppealStatus
DECISIONS = {"uphold": A.UPHELD, "dismiss": A.DISMISSED}
TEXT_MAX = 5000


def kst(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def appeal_window_problem(result: SelectionResult, now: datetime) -> str:
    """Why an appeal against `result` is not taken at `now`; empty when it is."""
    run = result.run
    if run.status != RunStatus.PUBLISHED:
        return _("The results have not been published yet.")
    deadline = appeal_deadline(run, aggregation_config_of(run.program))
    if now >= deadline:
        return _("The appeal period has ended: appeals were taken until %(until)s KST.") % {
            "until": kst(deadline - timedelta(seconds=1))
        }
    return ""


def _history(appeal: Appeal, *, actor, source: str, comment: str, at: datetime) -> None:
    AppealStatusChange.objects.create(
        appeal=appeal,
        source=source,
        target=appeal.status,
        actor=actor if getattr(actor, "pk", None) else None,
        comment=comment,
        at=at,
    )


@transaction.atomic
def appeal_lodge(
    *, actor, result: SelectionResult, text: str, now: datetime | None = None
) -> Appeal:
    """Lodge the applicant's appeal against a published result. Only members of the applicant
    company may; only until the end of the appeal period (see selectors.appeal_deadline);
    once per result."""
    result = (
        SelectionResult.objects.select_for_update()
        .select_related("run", "run__program", "application", "application__company")
        .get(pk=result.pk)
    )
    application = result.application
    if not is_applicant(actor, application):
        raise PermissionDenied("only the applicant company's members may appeal")
    now = now or timezone.now()
    problem = appeal_window_problem(result, now)
    if problem:
        raise ValidationError(problem)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what you appeal against and why.")})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {"text": _("Shorten the appeal to %(max)s characters.") % {"max": TEXT_MAX}}
        )
    if Appeal.objects.filter(result=result).exists():
        raise ValidationError(_("An appeal against this result was already lodged."))
    name, version = CURRENT_APPEAL_WORKFLOW
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                result=result,
                application=application,
                text=text,
                status=APPEAL_WORKFLOWS[(name, version)].initial,
                workflow_name=name,
                workflow_version=version,
                lodged_by=actor,
                lodged_at=now,
            )
    except IntegrityError as exc:
        raise ValidationError(_("An appeal against this result was already lodged.")) from exc
    _history(appeal, actor=actor, source="", comment="", at=now)
    audit_record(
        actor=actor,
        action="appeal.lodge",
        obj=appeal,
        changes={"application": [None, str(application)], "status": [None, appeal.status]},
    )
    return appeal


def _move(*, actor, appeal: Appeal, target: str, comment: str) -> str:
    if not has_perm(actor, "reviews.manage"):
        raise PermissionDenied("reviews.manage required")
    source = appeal.status
    appeal.workflow.transition(source, target, actor.role, comment)
    appeal.status = target
    return source


@transaction.atomic
def appeal_review_start(*, actor, appeal: Appeal, now: datetime | None = None) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    now = now or timezone.now()
    source = _move(actor=actor, appeal=appeal, target=A.UNDER_REVIEW, comment="")
    appeal.save(update_fields=["status"])
    _history(appeal, actor=actor, source=source, comment="", at=now)
    audit_record(
        actor=actor, action="appeal.review", obj=appeal, changes={"status": [source, appeal.status]}
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *, actor, appeal: Appeal, decision: str, comment: str, now: datetime | None = None
) -> Appeal:
    """Uphold or dismiss the appeal with the written decision the applicant reads. An upheld
    appeal marks the result for re-evaluation, which staff carry out."""
    if decision not in DECISIONS:
        raise ValidationError(_("Choose to uphold or dismiss the appeal."))
    appeal = Appeal.objects.select_for_update().select_related("result").get(pk=appeal.pk)
    now = now or timezone.now()
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Write the decision the applicant will read.")})
    source = _move(actor=actor, appeal=appeal, target=DECISIONS[decision], comment=comment)
    appeal.decision = comment
    appeal.decided_by = actor
    appeal.decided_at = now
    appeal.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    _history(appeal, actor=actor, source=source, comment=comment, at=now)
    changes = {"status": [source, appeal.status], "decision": [None, comment]}
    if appeal.status == A.UPHELD:
        result = appeal.result
        result.reevaluation_requested = True
        result.save(update_fields=["reevaluation_requested"])
        changes["reevaluation_requested"] = [False, True]
    audit_record(actor=actor, action="appeal.decide", obj=appeal, changes=changes)
    return appeal
