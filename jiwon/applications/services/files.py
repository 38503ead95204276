"""Uploaded documents of an application: checked against the field's upload policy by
jiwon.core.uploads (type, content, size, name), hashed (SHA-256) while read in chunks, stored
under MEDIA_ROOT (outside the web root)."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.applications.models import Application, ApplicationFile
from jiwon.applications.selectors import definition_of
from jiwon.applications.services.common import locked, require_applicant, user_pk
from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.core.uploads import inspect_upload

# Files can be added while the applicant is writing, and when screening asks for more.
UPLOAD_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUPPLEMENT_REQUESTED)


def _label(file: ApplicationFile) -> str:
    return f"{file.field_key}: {file.original_name} ({file.size} bytes, sha256 {file.sha256})"


@transaction.atomic
def application_file_add(
    *, actor: Actor, application: Application, field_key: str, upload: UploadedFile
) -> ApplicationFile:
    """Attach `upload` to the file field `field_key`. In a draft, a new file for a field that
    takes one file replaces the old one; during a supplement request files are only added."""
    application = locked(application)
    require_applicant(actor, application)
    if application.status not in UPLOAD_STATUSES:
        raise ValidationError(
            _("Files can no longer be added to this application: it is %(status)s.")
            % {"status": application.get_status_display()}
        )
    field = definition_of(application).field(field_key)
    if field is None or not field.is_file:
        raise ValidationError(_("This form has no file field “%(key)s”.") % {"key": field_key})
    name, size, sha256 = inspect_upload(upload, field.upload_policy)
    replaced = []
    if application.status == ApplicationStatus.DRAFT and not field.multiple:
        replaced = list(application.files.filter(field_key=field_key))
    file = ApplicationFile(
        application=application,
        field_key=field_key,
        original_name=name,
        size=size,
        sha256=sha256,
        uploaded_by_id=user_pk(actor),
    )
    file.file.save(name, upload, save=False)
    try:
        file.save()
        for old in replaced:
            _remove(old)
        audit_record(
            actor=actor,
            action="applications.application_file_add",
            obj=application,
            changes={
                "file": [
                    "; ".join(_label(old) for old in replaced) or None,
                    _label(file),
                ]
            },
        )
    except BaseException:
        file.file.delete(save=False)
        raise
    return file


def _remove(file: ApplicationFile) -> None:
    stored = file.file
    file.delete()
    # Only once the row is gone for good: a rollback must find its file still there.
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def application_file_remove(*, actor: Actor, file: ApplicationFile) -> None:
    """Remove a file from a draft (a submitted application's files are its record)."""
    application = locked(file.application)
    require_applicant(actor, application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Files of a submitted application cannot be removed."))
    label = _label(file)
    _remove(file)
    audit_record(
        actor=actor,
        action="applications.application_file_remove",
        obj=application,
        changes={"file": [label, None]},
    )
