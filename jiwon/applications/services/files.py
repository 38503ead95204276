"""Uploaded documents of an application: checked against the field's allowed types and size,
hashed (SHA-256) while read in chunks, stored under MEDIA_ROOT (outside the web root)."""

import hashlib
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.applications.access import is_applicant
from jiwon.applications.definition import Field
from jiwon.applications.models import Application, ApplicationFile
from jiwon.applications.selectors import definition_of
from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.services import audit_record
from jiwon.programs.services.programs import ATTACHMENT_SIGNATURES

MAX_NAME = 200
# Files can be added while the applicant is writing, and when screening asks for more.
UPLOAD_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUPPLEMENT_REQUESTED)


def _label(file: ApplicationFile) -> str:
    return f"{file.field_key}: {file.original_name} ({file.size} bytes, sha256 {file.sha256})"


def check_upload(field: Field, upload: UploadedFile) -> tuple[str, int, str]:
    """The kept name, the size and the SHA-256 of `upload`; raises ValidationError saying what
    to fix when the field does not accept it."""
    # Browsers send a bare name, but a client may send a path: keep only the last part.
    name = PurePath((upload.name or "").replace("\\", "/")).name.strip()
    suffix = PurePath(name).suffix.lower().lstrip(".")
    allowed = field.allowed_types
    if suffix not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an allowed file type here. Allowed types: %(allowed)s.")
            % {"name": name or "?", "allowed": ", ".join(allowed)}
        )
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("The file name is too long: at most %(max)d characters.") % {"max": MAX_NAME}
        )
    too_large = _("“%(name)s” is larger than %(max)d MB. Compress it or split it.") % {
        "name": name,
        "max": field.max_size_mb,
    }
    if upload.size is not None and upload.size > field.max_bytes:
        raise ValidationError(too_large)
    digest, read, head = hashlib.sha256(), 0, b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        read += len(chunk)
        # The declared size can lie: count what actually arrives.
        if read > field.max_bytes:
            raise ValidationError(too_large)
        digest.update(chunk)
    if not read:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if not head.startswith(ATTACHMENT_SIGNATURES[suffix]):
        raise ValidationError(
            _("The content of “%(name)s” is not a %(type)s file. Upload the original file.")
            % {"name": name, "type": suffix.upper()}
        )
    upload.seek(0)
    return name, read, digest.hexdigest()


def _locked(application: Application) -> Application:
    # of=("self",): the joined programme row stays unlocked, so drafts of different
    # companies never wait on each other; only submission locks the programme.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "company", "form")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_file_add(
    *, actor, application: Application, field_key: str, upload: UploadedFile
) -> ApplicationFile:
    """Attach `upload` to the file field `field_key`. In a draft, a new file for a field that
    takes one file replaces the old one; during a supplement request files are only added."""
    application = _locked(application)
    if not is_applicant(actor, application):
        raise PermissionDenied("only the applicant company's members may upload")
    if application.status not in UPLOAD_STATUSES:
        raise ValidationError(
            _("Files can no longer be added to this application: it is %(status)s.")
            % {"status": application.get_status_display()}
        )
    field = definition_of(application).field(field_key)
    if field is None or not field.is_file:
        raise ValidationError(_("This form has no file field “%(key)s”.") % {"key": field_key})
    name, size, sha256 = check_upload(field, upload)
    replaced = []
    if application.status == ApplicationStatus.DRAFT and not field.multiple:
        replaced = list(application.files.filter(field_key=field_key))
    file = ApplicationFile(
        application=application,
        field_key=field_key,
        original_name=name,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
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
def application_file_remove(*, actor, file: ApplicationFile) -> None:
    """Remove a file from a draft (a submitted application's files are its record)."""
    application = _locked(file.application)
    if not is_applicant(actor, application):
        raise PermissionDenied("only the applicant company's members may remove files")
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
