"""Storing an upload and queueing its import (see the package's docstring)."""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jiwon.core.actor import actor_user
from jiwon.core.auditing import record
from jiwon.core.excel.workbooks import MAX_BYTES
from jiwon.core.imports.registry import import_kind
from jiwon.core.imports.tasks import run_import
from jiwon.core.models import ImportRun, RoleUser
from jiwon.core.permissions import has_perm


def import_request(
    *,
    actor: RoleUser,
    kind: str,
    upload: "UploadedFile[bytes]",
    params: dict[str, Any] | None = None,
) -> ImportRun:
    """Store `upload` and queue its import; the run's page follows it. Refused
    (PermissionDenied) without the kind's capability, and (ValidationError) for a file over
    the size every import accepts."""
    spec = import_kind(kind)
    if not has_perm(actor, spec.capability):
        raise PermissionDenied
    size = upload.size or 0
    if size > MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s MB. Split it into smaller files.")
                % {"limit": MAX_BYTES // (1024 * 1024)}
            }
        )
    with transaction.atomic():
        run = ImportRun(
            kind=kind,
            file_name=(upload.name or "")[:255],
            file_size=size,
            params=params or {},
            language=translation.get_language() or "ko",
            requested_by=actor_user(actor),
            message="queued",
        )
        run.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
        run.save()
        record(
            actor=actor,
            action="core.import_request",
            obj=run,
            changes={
                "import": [None, kind],
                "file": [None, run.file_name],
                "params": [None, params],
            },
        )
    run_import.enqueue(run.pk)
    run.refresh_from_db()
    return run
