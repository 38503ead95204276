"""Appeals (이의신청) against published results. The applicant company's members lodge one per
result within the programme's appeal period, checked here on the server to the second (KST);
staff review it and uphold or dismiss it with a written decision. Status follows the appeal
workflow pinned on the appeal; every change leaves a history row and an audit record."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.reviews.models import Appeal, AppealStatus, SelectionResult
from jiwon.reviews.selectors.appeals import appeal_window_problem
from jiwon.reviews.services import account_of

A = AppealStatus
DECISIONS = {"uphold": A.UPHELD, "dismiss": A.DISMISSED}
TEXT_MAX = 5000


@transaction.atomic
def appeal_lodge(
    *, actor: Actor, result: SelectionResult, text: str, now: datetime | None = None
) -> Appeal:
    """Lodge the applicant's appeal against a published result. Only members of the applicant
    company may (reviews.appeal on the result); only until the end of the appeal period (see
    selectors.appeals.appeal_deadline); once per result."""
    result = (
        SelectionResult.objects.select_for_update()
        .select_related("run", "run__program", "application", "application__company")
        .get(pk=result.pk)
    )
    application = result.application
    if not has_perm(actor, "reviews.appeal", result):
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
    appeal = workflow_initial(
        Appeal(
            result=result,
            application=application,
            text=text,
            lodged_by=account_of(actor),
            lodged_at=now,
        )
    )
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError as exc:
        raise ValidationError(_("An appeal against this result was already lodged.")) from exc
    workflow_record_created(actor=actor, obj=appeal, at=now)
    audit_record(
        actor=actor,
        action="reviews.appeal_lodge",
        obj=appeal,
        changes={"application": [None, str(application)], "status": [None, appeal.status]},
    )
    return appeal


def appeal_review_start(*, actor: Actor, appeal: Appeal, now: datetime | None = None) -> Appeal:
    """Staff take the appeal up (the workflow asks reviews.manage)."""
    return workflow_move(
        actor=actor,
        obj=appeal,
        to=A.UNDER_REVIEW,
        at=now,
        action="reviews.appeal_review_start",
    )


@transaction.atomic
def appeal_decide(
    *, actor: Actor, appeal: Appeal, decision: str, comment: str, now: datetime | None = None
) -> Appeal:
    """Uphold or dismiss the appeal with the written decision the applicant reads (the workflow
    asks reviews.manage). An upheld appeal marks the result for re-evaluation, which staff
    carry out."""
    if decision not in DECISIONS:
        raise ValidationError(_("Choose to uphold or dismiss the appeal."))
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Write the decision the applicant will read.")})
    now = now or timezone.now()
    target = DECISIONS[decision]
    changes: dict[str, list[object]] = {"decision": [None, comment]}
    if target == A.UPHELD:
        changes["reevaluation_requested"] = [False, True]
    appeal = workflow_move(
        actor=actor,
        obj=appeal,
        to=target,
        comment=comment,
        at=now,
        action="reviews.appeal_decide",
        updates={"decision": comment, "decided_by": account_of(actor), "decided_at": now},
        changes=changes,
    )
    if appeal.status == A.UPHELD:
        result = appeal.result
        result.reevaluation_requested = True
        result.save(update_fields=["reevaluation_requested"])
    return appeal
