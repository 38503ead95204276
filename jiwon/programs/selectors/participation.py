"""Past participation for the eligibility engines: selections recorded by the applications app.

A selection is an application that reached the status "selected". It counts from the day of
that change (KST) under the programme's series key, and is in progress until the programme is
completed (the day its status became "completed"). The applications app depends on this one,
not the other way round, so its model is looked up by name.
"""

from collections.abc import Iterable
from datetime import date

from django.apps import apps
from django.utils import timezone

from jiwon.programs.models import ProgramStatusChange
from jiwon.programs.workflow import ProgramStatus

SELECTED = "selected"


def selection_records(
    company_ids: Iterable[int] | None = None,
) -> list[tuple[int, str, date, date | None]]:
    """(company id, programme series, selected on, ends on) for every selection, optionally of
    some companies only: two queries, whatever the number of companies."""
    ApplicationStatusChange = apps.get_model("applications", "ApplicationStatusChange")
    changes = ApplicationStatusChange.objects.filter(target=SELECTED)
    if company_ids is not None:
        changes = changes.filter(application__company_id__in=list(company_ids))
    rows = changes.filter(application__status=SELECTED).values_list(
        "application__company_id",
        "application__program_id",
        "application__program__series",
        "at",
    )
    completed = dict(
        ProgramStatusChange.objects.filter(target=ProgramStatus.COMPLETED).values_list(
            "program_id", "at"
        )
    )
    return [
        (
            company_id,
            series,
            timezone.localdate(at),
            timezone.localdate(completed[program_id]) if program_id in completed else None,
        )
        for company_id, program_id, series, at in rows
    ]
