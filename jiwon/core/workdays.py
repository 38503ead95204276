"""Working days in Korea: weekends, public and substitute holidays (the `holidays` package's
KR calendar) and the closures kept as data (`Closure`: temporary public holidays announced at
short notice, and each agency's own closures).

SLAs, opening hours and deadlines counted in working days all ask here, so a temporary holiday
entered once moves every deadline it touches.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from jiwon.core.models import Agency, Closure


@lru_cache(maxsize=64)
def _national(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("KR", years=year))


def national_holiday_name(day: date) -> str:
    """The public holiday on `day` by the national calendar, or ""."""
    names = holidays.country_holidays("KR", years=day.year)
    return str(names.get(day, ""))


def closed_days(start: date, end: date, *, agency: Agency | None = None) -> set[date]:
    """Every day in [start, end) that is not a working day (for `agency`, when given)."""
    days = holidays_between(start, end, agency=agency)
    day = start
    while day < end:
        if day.weekday() >= 5:
            days.add(day)
        day += timedelta(days=1)
    return days


def is_working_day(day: date, *, agency: Agency | None = None) -> bool:
    return day not in closed_days(day, day + timedelta(days=1), agency=agency)


def add_working_days(start: date, count: int, *, agency: Agency | None = None) -> date:
    """The working day `count` working days after `start` (0: `start` itself if it is one,
    else the next working day)."""
    if count < 0:
        raise ValueError("count the working days forward")
    horizon = start + timedelta(days=count * 2 + 30)
    closed = closed_days(start, horizon, agency=agency)
    day = start
    while day in closed:
        day += timedelta(days=1)
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if day >= horizon:
            closed |= closed_days(horizon, horizon + timedelta(days=60), agency=agency)
            horizon += timedelta(days=60)
        if day not in closed:
            remaining -= 1
    return day


def working_days_between(start: date, end: date, *, agency: Agency | None = None) -> int:
    """The number of working days in [start, end)."""
    if end <= start:
        return 0
    closed = closed_days(start, end, agency=agency)
    return (end - start).days - len(closed)


def holidays_between(start: date, end: date, *, agency: Agency | None = None) -> set[date]:
    """The public holidays (national calendar and temporary ones) and the closures of
    `agency` in [start, end), weekends aside: for places whose open weekdays are their own."""
    days: set[date] = set()
    for year in range(start.year, end.year + 1):
        days |= {d for d in _national(year) if start <= d < end}
    closures = Closure.objects.filter(day__gte=start, day__lt=end)
    closures = closures.filter(agency__isnull=True) | (
        closures.filter(agency=agency) if agency is not None else closures.none()
    )
    days |= set(closures.values_list("day", flat=True))
    return days
