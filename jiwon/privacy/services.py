"""Writes of the personal-data access log and its monthly review."""

import unicodedata
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.accounts.throttle import client_ip
from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_label, actor_user
from jiwon.privacy.models import AccessAction, AccessReview, PersonalDataAccess, SubjectKind

REASON_MIN, REASON_MAX = 5, 300


def export_reason_clean(value: str | None) -> str:
    """The reason given for an export of personal data, normalised; ValidationError when it
    is missing, too short to say anything or too long."""
    reason = " ".join(unicodedata.normalize("NFKC", value or "").split())
    if len(reason) < REASON_MIN:
        raise ValidationError(
            _("Say why you need this personal data (at least %(min)s characters).")
            % {"min": REASON_MIN},
            code="reason",
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX}, code="reason"
        )
    return reason


def personal_access_record(
    *,
    actor: Actor,
    request: HttpRequest | None,
    action: AccessAction,
    kind: SubjectKind,
    fields: Sequence[str],
    purpose: str,
    subject_id: object = "",
    subject_label: str = "",
    count: int = 1,
) -> PersonalDataAccess:
    """Record one access to personal fields. Not an audit entry: views are far more frequent
    than writes, and this log has its own retention and review. An export needs its reason as
    `purpose` (export_reason_clean)."""
    if action == AccessAction.EXPORT:
        purpose = export_reason_clean(purpose)
    user = actor_user(actor)
    return PersonalDataAccess.objects.create(
        at=timezone.now(),
        actor=user,
        actor_label=actor_label(actor)[:150],
        actor_role=getattr(user, "role", "") or "",
        address=client_ip(request),
        action=action,
        subject_kind=kind,
        subject_id=str(subject_id)[:64],
        subject_label=str(subject_label)[:200],
        subject_count=max(1, count),
        fields=list(fields),
        purpose=purpose[:300],
        path=(request.get_full_path() if request else "")[:300],
    )


@transaction.atomic
def access_review_record(*, actor: Actor, month: date, note: str) -> AccessReview:
    """The auditor states that they reviewed `month`'s accesses (again: the note is replaced)."""
    user = actor_user(actor)
    if user is None:
        raise ValidationError(_("A review is made by a person."))
    note = unicodedata.normalize("NFKC", note).strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the findings under 2,000 characters.")})
    if month > timezone.localdate().replace(day=1):
        raise ValidationError(_("A month that has not begun cannot be reviewed."))
    review, created = AccessReview.objects.update_or_create(
        month=month.replace(day=1),
        defaults={"reviewed_by": user, "reviewed_at": timezone.now(), "note": note},
    )
    audit_record(
        actor=actor,
        action="privacy.access_review_record",
        obj=review,
        changes={"month": [None, f"{review.month:%Y-%m}"], "note": [None, note]},
    )
    return review
