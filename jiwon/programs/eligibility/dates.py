"""Calendar arithmetic shared by the reference evaluator and the batch engine.

Dates travel through the batch engine as int32 day numbers (days since 1970-01-01), which
keeps comparisons vectorisable and the columns four bytes wide.
"""

from datetime import date, timedelta

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
ONE_DAY = timedelta(days=1)


def day_number(day: date) -> int:
    return day.toordinal() - EPOCH_ORDINAL


def from_day_number(number: int) -> date:
    return date.fromordinal(int(number) + EPOCH_ORDINAL)


def add_years(day: date, years: int) -> date:
    """The same month and day `years` later; 29 February falls on 1 March in a common year,
    the day after the last day that precedes the missing one (the README explains why)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def full_months(start: date, end: date) -> int:
    """Whole months from `start` to `end`; a month whose day is missing (31 Jan → Feb)
    completes on the 1st of the month after, consistently with add_years."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def latest_start(reference: date, years: int) -> date:
    """The latest start date whose `years`-th anniversary falls on or before `reference`.

    Anniversaries never go backwards as the start date advances, so the starts that have
    reached the anniversary form a prefix of the calendar and this is its last day. The batch
    engine turns every 만 나이 and 업력 bound into a comparison with such a day.
    """
    try:
        start = reference.replace(year=reference.year - years)
    except ValueError:
        start = date(reference.year - years, 2, 28)
    while add_years(start + ONE_DAY, years) <= reference:
        start += ONE_DAY
    while add_years(start, years) > reference:
        start -= ONE_DAY
    return start
