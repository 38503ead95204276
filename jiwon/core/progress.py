"""Progress of background work, the one mechanism: a row of a `ProgressModel` subclass
(jiwon/core/models.py: the annual report's `outcomes.ReportRun`, core's `ImportRun`) holds the
status, the percent done and the step; the task writes them as it goes, and the status page
polls a fragment with htmx (`core/progress.html`, no script of its own) until the work is done.

Progress is bookkeeping of the run, not a change of record: it is written straight away with an
UPDATE of the row (outside the work's own transaction where there is one, so the page sees it)
and not audited. Work that writes all or nothing in one transaction can report its steps only
up to that transaction: what it writes inside stays invisible until it commits.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.utils import timezone

from jiwon.core.models import ProgressModel, ProgressStatus

# progress(percent, step): `step` is a key the status page turns into words.
Progress = Callable[[int, str], None]


def no_progress(percent: int, step: str) -> None:
    """For callers nobody watches (the command line, tests)."""


def _rows(run: ProgressModel) -> Any:
    model: type[Model] = type(run)
    return model._default_manager.filter(pk=run.pk)


def progress_set(run: ProgressModel, percent: int, step: str, **fields: Any) -> None:
    """Record that `run` is `percent` done, on `step` (and any other fields of the row)."""
    percent = min(max(int(percent), 0), 100)
    _rows(run).update(progress=percent, message=step, **fields)
    run.progress, run.message = percent, step


def progress_start(run: ProgressModel, step: str = "started") -> None:
    progress_set(run, 1, step, status=ProgressStatus.RUNNING)
    run.status = ProgressStatus.RUNNING


def progress_within(progress: Progress, start: int, end: int) -> Progress:
    """`progress` for one stretch of the work: its 0–100 % are start–end % of the whole."""

    def report(percent: int, step: str) -> None:
        progress(start + (end - start) * min(max(percent, 0), 100) // 100, step)

    return report


def progress_between(run: ProgressModel, start: int, end: int) -> Progress:
    """A `Progress` that writes to `run`, its 0–100 % being start–end % of the run."""
    return progress_within(lambda percent, step: progress_set(run, percent, step), start, end)


def progress_failed(run: ProgressModel, reason: str) -> None:
    """Mark `run` failed with `reason` (shown on its page)."""
    now = timezone.now()
    reason = reason[:300]
    _rows(run).update(status=ProgressStatus.FAILED, message=reason, finished_at=now)
    run.status, run.message, run.finished_at = ProgressStatus.FAILED, reason, now


def progress_done_fields() -> dict[str, Any]:
    """The fields a finished run gets, to save with its result in one write."""
    return {
        "status": ProgressStatus.DONE,
        "progress": 100,
        "message": "done",
        "finished_at": timezone.now(),
    }
