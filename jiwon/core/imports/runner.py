"""The body of the import task (see the package's docstring)."""

import logging

from django.utils import translation

from jiwon.core.actor import SYSTEM, Actor
from jiwon.core.imports.registry import import_kind
from jiwon.core.models import ImportRun, ProgressStatus
from jiwon.core.progress import (
    progress_between,
    progress_done_fields,
    progress_failed,
    progress_start,
)

logger = logging.getLogger(__name__)


def import_run(*, run_id: int) -> ImportRun:
    """Import the file of run `run_id` (the body of the background task)."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status in (ProgressStatus.DONE, ProgressStatus.FAILED):
        return run
    spec = import_kind(run.kind)
    actor: Actor = run.requested_by or SYSTEM
    progress_start(run, "reading")
    try:
        with translation.override(run.language), run.file.open("rb") as file:
            result = spec.run(run, actor, file, progress_between(run, 1, 99))
    except Exception as exc:
        logger.exception("import run %s failed", run_id)
        progress_failed(run, str(exc) or type(exc).__name__)
        _discard_file(run)
        raise
    done = progress_done_fields()
    for name, value in done.items():
        setattr(run, name, value)
    run.created = result.created
    run.error_count = result.error_count
    run.errors = [[e.row, e.column, e.message_ko, e.message_en, e.sheet] for e in result.errors]
    run.save(update_fields=[*done, "created", "error_count", "errors"])
    _discard_file(run)
    return run


def _discard_file(run: ImportRun) -> None:
    if run.file:
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(file="")
