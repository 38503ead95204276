"""Building a requested report: the body of the background task
(`jiwon.outcomes.tasks.generate_report`), which computes the report, writes its file and records
its progress on the `ReportRun`. The `jiwon report` command computes and renders the same report
straight to a file, and reads its progress steps from here too.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import SYSTEM, Actor
from jiwon.core.progress import (
    progress_between,
    progress_done_fields,
    progress_failed,
    progress_set,
    progress_start,
)
from jiwon.outcomes.models import ReportRun
from jiwon.outcomes.report import FORMATS
from jiwon.outcomes.report.annual import annual_report

logger = logging.getLogger(__name__)

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


def step_label(message: str) -> str:
    return str(STEPS.get(message, message))


def _requester(run: ReportRun) -> Actor:
    return run.requested_by or SYSTEM


def report_build(*, run_id: int) -> ReportRun:
    """Compute the report of the run, write its file and mark the run done (or failed, with
    the reason). Both ends are audited in the name of whoever requested the run."""
    run = ReportRun.objects.get(pk=run_id)
    progress_start(run)
    computed = int(100 * _COMPUTE_SHARE)
    try:
        data = annual_report(run.year, run.language, progress=progress_between(run, 0, computed))
        progress_set(run, computed, "writing")
        output = FORMATS[run.format]
        content = output.render(data)
        name = f"jiwon-{run.kind}-{run.year}-{run.language}-{run.pk}.{output.extension}"
        with transaction.atomic():
            run.refresh_from_db()
            run.file.save(name, ContentFile(content), save=False)
            done = progress_done_fields()
            for name, value in done.items():
                setattr(run, name, value)
            run.save(update_fields=["file", *done])
            audit_record(
                actor=_requester(run),
                action="outcomes.report_build",
                obj=run,
                changes={"file": [None, run.file.name], "bytes": [None, len(content)]},
            )
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        with transaction.atomic():
            progress_failed(run, str(exc) or type(exc).__name__)
            audit_record(
                actor=_requester(run),
                action="outcomes.report_build",
                obj=run,
                changes={"message": [None, run.message]},
            )
        raise
    return run
