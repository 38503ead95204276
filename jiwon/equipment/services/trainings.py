"""Training records: who may use equipment that needs a training, and until when."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.equipment.models import EquipmentKind, Resource, TrainingRecord


def training_record_add(
    *,
    actor: Actor,
    person_id: int,
    kind: EquipmentKind | None,
    resource: Resource | None,
    trained_on: date,
    expires_on: date,
    note: str = "",
) -> TrainingRecord:
    """Staff record that a person was trained on a kind of equipment or one unit."""
    if not has_perm(actor, "equipment.manage"):
        raise PermissionDenied("may not record trainings")
    if (kind is None) == (resource is None):
        raise ValidationError(_("Choose either a kind of equipment or one unit."))
    if expires_on <= trained_on:
        raise ValidationError({"expires_on": _("The expiry must be after the training day.")})
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            person_id=person_id,
            kind=kind,
            resource=resource,
            trained_on=trained_on,
            expires_on=expires_on,
            note=note.strip()[:200],
            recorded_by=actor_user(actor),
        )
        audit_record(
            actor=actor,
            action="equipment.training_record_add",
            obj=record,
            changes={"person": [None, person_id], "expires_on": [None, expires_on.isoformat()]},
        )
    return record
