"""Report generation: a request creates a ReportRun and queues the background task
(jiwon.outcomes.tasks.generate_report), which builds the file and records its progress on the run.

With the default immediate backend the task runs inside the request; with
`JIWON_TASKS_BACKEND=django_tasks_db.DatabaseBackend` a `jiwon db_worker` process runs it and the
status page follows its progress.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import SYSTEM
from jiwon.outcomes.models import ReportRun
from jiwon.outcomes.report import FORMATS
from jiwon.outcomes.report.annual import annual_report

logger = logging.getLogger(__name__)

FIRST_YEAR = 2000
# Share of the progress bar taken by computing the figures; the rest is writing the file.
_COMPUTE_SHARE = 0.85

# What the run's `message` holds while it runs, as shown on the status page.
STEPS = {
    "queued": _("Waiting for a worker"),
    "started": _("Started"),
    "headline": _("Computing the headline figures"),
    "support": _("Summing support by programme and category"),
    "ladder": _("Reading the growth ladder"),
    "growth": _("Computing employment and sales growth"),
    "outcomes": _("Counting investment, patents and agreements"),
    "city": _("Counting companies in the city"),
    "writing": _("Writing the file"),
    "done": _("Done"),
}


def last_full_year() -> int:
    return timezone.localdate().year - 1


@transaction.atomic
def report_run_create(
    *, actor, year: int, format: str, language: str, kind: str = ReportRun.Kind.ANNUAL
) -> ReportRun:
    errors = {}
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        errors["year"] = _("Choose a year from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": this_year,
        }
    if format not in ReportRun.Format.values:
        errors["format"] = _("Choose one of the formats: HTML, PDF, Excel or JSON.")
    if language not in ReportRun.Language.values:
        errors["language"] = _("Choose Korean or English.")
    if kind not in ReportRun.Kind.values:
        errors["kind"] = _("Unknown report.")
    if errors:
        raise ValidationError(errors)
    run = ReportRun.objects.create(
        kind=kind,
        year=year,
        format=format,
        language=language,
        message="queued",
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="outcomes.report_run_create",
        obj=run,
        changes={"report": [None, f"{kind} {year} {format} {language}"]},
    )
    return run


def report_request(*, actor, year: int, format: str, language: str) -> ReportRun:
    """Create the run and queue its generation. Queued after the run's transaction: a worker
    must find the run it is given."""
    # Imported here: the task module imports this one to run report_build.
    from jiwon.outcomes.tasks import generate_report

    run = report_run_create(actor=actor, year=year, format=format, language=language)
    generate_report.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _set_progress(run: ReportRun, percent: int, step: str, **fields) -> None:
    """Progress is bookkeeping of the run, not a change of record: it is written straight away
    (outside any transaction, so the status page sees it) and not audited."""
    ReportRun.objects.filter(pk=run.pk).update(progress=percent, message=step, **fields)


def report_build(*, run_id: int) -> ReportRun:
    """Body of the background task: compute the report, write its file, mark the run done (or
    failed, with the reason)."""
    run = ReportRun.objects.get(pk=run_id)
    _set_progress(run, 1, "started", status=ReportRun.Status.RUNNING)
    try:
        data = annual_report(
            run.year,
            run.language,
            progress=lambda percent, step: _set_progress(run, int(percent * _COMPUTE_SHARE), step),
        )
        _set_progress(run, int(100 * _COMPUTE_SHARE), "writing")
        output = FORMATS[run.format]
        content = output.render(data)
        name = f"jiwon-{run.kind}-{run.year}-{run.language}-{run.pk}.{output.extension}"
        with transaction.atomic():
            run.refresh_from_db()
            run.file.save(name, ContentFile(content), save=False)
            run.status = ReportRun.Status.DONE
            run.progress = 100
            run.message = "done"
            run.finished_at = timezone.now()
            run.save(update_fields=["file", "status", "progress", "message", "finished_at"])
            audit_record(
                actor=run.requested_by or SYSTEM,
                action="outcomes.report_build",
                obj=run,
                changes={"file": [None, run.file.name], "bytes": [None, len(content)]},
            )
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        with transaction.atomic():
            ReportRun.objects.filter(pk=run_id).update(
                status=ReportRun.Status.FAILED,
                message=str(exc)[:300] or type(exc).__name__,
                finished_at=timezone.now(),
            )
            run.refresh_from_db()
            audit_record(
                actor=run.requested_by or SYSTEM,
                action="outcomes.report_build",
                obj=run,
                changes={"message": [None, run.message]},
            )
        raise
    return run


def step_label(message: str) -> str:
    return str(STEPS.get(message, message))
