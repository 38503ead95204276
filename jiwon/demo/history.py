"""Status history of the demo's 2021 Blue100 applications, as the workflow would have written it.

Every application went draft → submitted → screening → passed screening → under evaluation →
selected or not selected. A selected company's row is dated on its BLUE100 promotion (the
call selected in rounds), so past participation, which reads the day an application became
"selected", agrees with the growth ladder; the others were told after the last round.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jiwon.applications.models import Application, ApplicationStatusChange
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.companies.models import GrowthStage
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import BLUE100_ROUNDS, CompanySpec

EVALUATION_STARTS = date(2021, 3, 29)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _selected_on(spec: CompanySpec, year: int) -> date | None:
    days = [s.effective_on for s in spec.stages if s.stage == GrowthStage.BLUE100]
    return next((day for day in sorted(days) if day.year == year), None)


def record_status_history(
    applications: list[Application], *, specs: dict[str, CompanySpec], staff
) -> int:
    """Writes the history rows of `applications` (saved, decided) with their real dates."""
    rows = []
    for application in applications:
        closes = timezone.localdate(application.program.closes_at)
        selected_on = _selected_on(specs[application.company.brn], closes.year)
        decided = (
            _at(selected_on, 10)
            if application.status == S.SELECTED
            else _at(BLUE100_ROUNDS[-1][0], 10)
        )
        steps = [
            ("", S.DRAFT, None, application.submitted_at),
            (S.DRAFT, S.SUBMITTED, None, application.submitted_at),
            (S.SUBMITTED, S.SCREENING, staff, _at(closes + timedelta(days=1), 10)),
            (S.SCREENING, S.SCREENED_PASS, staff, _at(closes + timedelta(days=3), 16)),
            (S.SCREENED_PASS, S.UNDER_EVALUATION, staff, _at(EVALUATION_STARTS, 9)),
            (S.UNDER_EVALUATION, application.status, staff, decided),
        ]
        rows += [
            ApplicationStatusChange(
                application=application,
                source=a,
                target=b,
                actor=who,
                actor_label=who.get_username() if who else DEMO.label,
                at=at,
            )
            for a, b, who, at in steps
        ]
    return len(ApplicationStatusChange.objects.bulk_create(rows))
