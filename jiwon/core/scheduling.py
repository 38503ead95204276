"""Scheduled jobs: work that must happen because time passed (a booking not checked in is
released, a recommendation letter expires, a waiting-list offer lapses, personal data past its
retention period is anonymised, reminders go out).

An app registers its jobs in its AppConfig.ready() with `register_job(name, every=…, run=…)`;
`run_due_jobs()` runs each job whose interval has passed since it last started, one transaction
per job, and records the outcome in `ScheduledJob` (a failure is recorded and logged, and never
stops the other jobs). `jiwon scheduled` calls it once or in a loop: production runs the loop
as its own service, `make demo` beside the server. A job receives the moment of the run and
must be idempotent: running it twice at the same moment changes nothing the second time.
Health checks read `ScheduledJob` to see that the scheduler is alive.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from jiwon.core.models import ScheduledJob

logger = logging.getLogger(__name__)

JobRun = Callable[[datetime], object]


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: JobRun
    description: str = ""


_JOBS: dict[str, Job] = {}


def register_job(*, name: str, every: timedelta, run: JobRun, description: str = "") -> Job:
    """Add a job (registering the same name again replaces it: ready() may run twice)."""
    if every <= timedelta(0):
        raise ValueError(f"job {name!r} needs a positive interval")
    job = Job(name=name, every=every, run=run, description=description)
    _JOBS[name] = job
    return job


def registered_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    result: str


def run_due_jobs(*, now: datetime | None = None, only: str | None = None) -> list[Outcome]:
    """Run every registered job that is due at `now` (or just `only`, due or not)."""
    now = now or timezone.now()
    outcomes = []
    for job in registered_jobs():
        if only is not None and job.name != only:
            continue
        outcome = _run_if_due(job, now=now, force=only is not None)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def _run_if_due(job: Job, *, now: datetime, force: bool) -> Outcome | None:
    with transaction.atomic():
        state, _created = ScheduledJob.objects.get_or_create(name=job.name)
        state = ScheduledJob.objects.select_for_update().get(pk=state.pk)
        last = state.last_started_at
        if not force and last is not None and now < last + job.every:
            return None
        state.last_started_at = now
        state.runs += 1
        try:
            with transaction.atomic():
                result = job.run(now)
        except Exception as exc:
            logger.exception("scheduled job %s failed", job.name)
            state.last_ok, state.last_result = False, f"{type(exc).__name__}: {exc}"[:2000]
        else:
            state.last_ok, state.last_result = True, "" if result is None else str(result)[:2000]
        state.last_finished_at = timezone.now()
        state.save()
    return Outcome(job.name, state.last_ok, state.last_result)
