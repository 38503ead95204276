"""Requesting a report: a request creates a ReportRun and queues the background task
(`jiwon.outcomes.tasks.generate_report`), which builds the file and records its progress on the
run (`jiwon.outcomes.report.build`).

With the default immediate backend the task runs inside the request; with
`JIWON_TASKS_BACKEND=django_tasks_db.DatabaseBackend` a `jiwon worker` process runs it and the
status page follows its progress.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_user
from jiwon.outcomes.models import ReportRun
from jiwon.outcomes.tasks import generate_report

FIRST_YEAR = 2000


def last_full_year() -> int:
    return timezone.localdate().year - 1


@transaction.atomic
def report_run_create(
    *,
    actor: Actor,
    year: int,
    format: str,
    language: str,
    kind: str = ReportRun.Kind.ANNUAL,
) -> ReportRun:
    errors: dict[str, Any] = {}
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
        requested_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        action="outcomes.report_run_create",
        obj=run,
        changes={"report": [None, f"{kind} {year} {format} {language}"]},
    )
    return run


def report_request(*, actor: Actor, year: int, format: str, language: str) -> ReportRun:
    """Create the run and queue its generation. Queued after the run's transaction: a worker
    must find the run it is given."""
    run = report_run_create(actor=actor, year=year, format=format, language=language)
    generate_report.enqueue(run.pk)
    run.refresh_from_db()
    return run
