"""Resources (the units that are booked): their rules, photo and manual."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.core.uploads import UploadPolicy, inspect_upload
from jiwon.equipment.models import Resource

# A resource's photo (shown on its public page) and its manual (for signed-in users).
PHOTO_POLICY = UploadPolicy(extensions=("jpg", "jpeg", "png"), max_mb=5)
MANUAL_POLICY = UploadPolicy(extensions=("pdf",), max_mb=30)


def resource_save(*, actor: Actor, resource: Resource, data: dict[str, Any]) -> Resource:
    """Create or change a resource and the rules its bookings follow. Bookings already made
    keep their times; the new rules apply to bookings made or moved from now on."""
    if not has_perm(actor, "equipment.manage"):
        raise PermissionDenied("may not manage resources")
    with transaction.atomic():
        fields = sorted(data)
        before = snapshot(resource, fields) if resource.pk else {}
        for name, value in data.items():
            setattr(resource, name, value)
        resource.full_clean()
        resource.save()
        audit_record(
            actor=actor,
            action="equipment.resource_save",
            obj=resource,
            changes=diff(before, snapshot(resource, fields)),
        )
    return resource


def resource_files_set(
    *,
    actor: Actor,
    resource: Resource,
    photo: UploadedFile[bytes] | None = None,
    manual: UploadedFile[bytes] | None = None,
    remove_photo: bool = False,
    remove_manual: bool = False,
) -> Resource:
    """Attach (or take off) a resource's photo and manual. Each upload is inspected first
    (type by content, size); the audit entry keeps each new file's name and SHA-256. A file
    replaced or taken off stays in storage: the audit trail may point at it."""
    if not has_perm(actor, "equipment.manage"):
        raise PermissionDenied("may not manage resources")
    new = {
        name: (upload, inspect_upload(upload, policy))
        for name, upload, policy in (
            ("photo", photo, PHOTO_POLICY),
            ("manual", manual, MANUAL_POLICY),
        )
        if upload is not None
    }
    changes: dict[str, list[Any]] = {}
    with transaction.atomic():
        for name, remove in (("photo", remove_photo), ("manual", remove_manual)):
            field = getattr(resource, name)
            before = field.name or None
            if name in new:
                upload, info = new[name]
                field.save(info.name, upload, save=False)
                changes[name] = [before, f"{field.name} (sha256 {info.sha256})"]
            elif remove and before:
                setattr(resource, name, "")
                changes[name] = [before, None]
        if changes:
            Resource.objects.filter(pk=resource.pk).update(
                photo=resource.photo.name or "", manual=resource.manual.name or ""
            )
            audit_record(
                actor=actor, action="equipment.resource_files_set", obj=resource, changes=changes
            )
    return resource
