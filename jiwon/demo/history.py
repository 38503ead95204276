"""Status history of the demo's 2021 Blue100 applications, as the workflow would have written it.

Every application went draft → submitted → screening → passed screening → under evaluation →
selected or not selected. A selected company's row is dated on its BLUE100 promotion (the
call selected in rounds), so past participation, which reads the day an application became
"selected", agrees with the growth ladder; the others were told after the last round.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jiwon.accounts.models import User
from jiwon.applications.services.imports import StepRecord
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.companies.models import GrowthStage
from jiwon.demo.companies import BLUE100_ROUNDS, CompanySpec
from jiwon.programs.models import Program

EVALUATION_STARTS = date(2021, 3, 29)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _selected_on(spec: CompanySpec, year: int) -> date | None:
    days = [s.effective_on for s in spec.stages if s.stage == GrowthStage.BLUE100]
    return next((day for day in sorted(days) if day.year == year), None)


def status_steps(
    application_status: str,
    *,
    program: Program,
    spec: CompanySpec,
    submitted_at: datetime,
    staff: User,
) -> list[StepRecord]:
    """The history of a decided 2021 Blue100 application, with its real dates."""
    closes = timezone.localdate(program.closes_at)
    selected_on = _selected_on(spec, closes.year)
    decided = (
        _at(selected_on, 10)
        if application_status == S.SELECTED and selected_on
        else _at(BLUE100_ROUNDS[-1][0], 10)
    )
    return [
        StepRecord(target=S.DRAFT, at=submitted_at),
        StepRecord(target=S.SUBMITTED, at=submitted_at),
        StepRecord(target=S.SCREENING, at=_at(closes + timedelta(days=1), 10), by=staff),
        StepRecord(target=S.SCREENED_PASS, at=_at(closes + timedelta(days=3), 16), by=staff),
        StepRecord(target=S.UNDER_EVALUATION, at=_at(EVALUATION_STARTS, 9), by=staff),
        StepRecord(target=application_status, at=decided, by=staff),
    ]
