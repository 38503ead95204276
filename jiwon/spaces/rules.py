"""The rules of startup spaces that need no records: terms in months, monthly prices by
basis, proration of a partial month and the billing day of a month. Money is integer won;
every rounding is named here and tested at the won."""

import calendar
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from jiwon.spaces.models import PriceBasis

SEOUL = ZoneInfo("Asia/Seoul")
# Far enough to mean "from this date on" in an availability question.
OPEN_END = date(9999, 1, 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (2024-01-31 + 1 month is
    2024-02-29): a two-year term from 2021-03-01 ends at 00:00 of 2023-03-01."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return add_months(month_start(day), 1)


def days_in_month(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def billing_date(month: date, billing_day: int) -> date:
    """The billing day in `month`, clamped: the 31st is the 30th in April and the 28th (29th)
    in February."""
    return date(month.year, month.month, min(billing_day, days_in_month(month)))


def monthly_price(basis: str, rate_won: int, *, area_m2: Decimal, seats: int) -> int:
    """A unit's price per month. Per ㎡ the area (two decimals) times the rate is rounded down
    to the won: the tenant never pays for a fraction of a won."""
    if basis == PriceBasis.FREE:
        return 0
    if basis == PriceBasis.SEAT:
        return rate_won * seats
    if basis == PriceBasis.AREA:
        return int((Decimal(rate_won) * area_m2).to_integral_value(rounding=ROUND_DOWN))
    return rate_won


def prorate(monthly_won: int, *, month: date, start: date, end: date) -> int:
    """The part of `monthly_won` for the days of [start, end) in `month`: a full month is the
    whole price; a partial month is price × days ÷ days of the month, rounded down to the
    won (in the tenant's favour)."""
    first, after = month_start(month), next_month(month)
    lo, hi = max(first, start), min(after, end)
    days = max(0, (hi - lo).days)
    total = (after - first).days
    if days == total:
        return monthly_won
    return monthly_won * days // total


def months_of(start: date, end: date) -> list[date]:
    """The first days of the months that [start, end) touches."""
    months = []
    month = month_start(start)
    while month < end:
        months.append(month)
        month = next_month(month)
    return months


def last_day(end: date) -> date:
    """The last day of a half-open period (what people read as "until")."""
    return end - timedelta(days=1)


def day_start(day: date) -> datetime:
    """00:00 of `day` in Seoul: days of visits and offers are Seoul days."""
    return datetime.combine(day, time(0, 0), tzinfo=SEOUL)
