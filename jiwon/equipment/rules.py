"""The booking rules of a resource that need no database: opening hours, the slot grid, the
shortest and longest booking, minimum notice and how far ahead one may book. Each problem is a
sentence that names the rule and the numbers ("You can book at most 4 hours — you chose 6
hours."). The rules that need records (overlaps, quotas, training, eligibility) are checked by
the booking service."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SEOUL = ZoneInfo("Asia/Seoul")


def duration_text(minutes: int) -> str:
    """4 hours, 1 hour 30 minutes, 45 minutes (한국어: 4시간, 1시간 30분, 45분)."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if rest or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest})
    return " ".join(parts)


@dataclass(frozen=True)
class Hours:
    """What the rules read of a resource (a Resource has these fields)."""

    opens_at: time
    closes_at: time
    open_weekdays: str
    closed_on_holidays: bool
    slot_minutes: int
    min_minutes: int
    max_minutes: int
    min_notice_minutes: int
    max_ahead_days: int


def hours_of(resource: object) -> Hours:
    return Hours(**{name: getattr(resource, name) for name in Hours.__dataclass_fields__})


def is_open_day(hours: Hours, day: date, holidays: Collection[date]) -> bool:
    if str(day.weekday()) not in hours.open_weekdays:
        return False
    return not (hours.closed_on_holidays and day in holidays)


def opening(hours: Hours, day: date) -> tuple[datetime, datetime]:
    """The opening and closing moments of `day` (Seoul time)."""
    return (
        datetime.combine(day, hours.opens_at, SEOUL),
        datetime.combine(day, hours.closes_at, SEOUL),
    )


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def rule_problems(
    hours: Hours, start: datetime, end: datetime, *, now: datetime, holidays: Collection[date]
) -> list[str]:
    """Every rule a booking of [start, end) made at `now` breaks, as sentences."""
    if end <= start:
        return [_("The end must be after the start.")]
    start, end = start.astimezone(SEOUL), end.astimezone(SEOUL)
    problems: list[str] = []
    length = _minutes(end - start)
    if length > hours.max_minutes:
        problems.append(
            _("You can book at most %(max)s — you chose %(chosen)s.")
            % {"max": duration_text(hours.max_minutes), "chosen": duration_text(length)}
        )
    if length < hours.min_minutes:
        problems.append(
            _("You must book at least %(min)s — you chose %(chosen)s.")
            % {"min": duration_text(hours.min_minutes), "chosen": duration_text(length)}
        )
    day = start.date()
    opens, closes = opening(hours, day)
    if not is_open_day(hours, day, holidays):
        problems.append(
            _("%(day)s is a closed day: choose an open day.") % {"day": day.isoformat()}
        )
    elif start < opens or end > closes:
        problems.append(
            _("Book within the opening hours (%(opens)s–%(closes)s).")
            % {"opens": f"{hours.opens_at:%H:%M}", "closes": f"{hours.closes_at:%H:%M}"}
        )
    elif _minutes(start - opens) % hours.slot_minutes or length % hours.slot_minutes:
        problems.append(
            _("Bookings go in steps of %(slot)s from the opening at %(opens)s.")
            % {"slot": duration_text(hours.slot_minutes), "opens": f"{hours.opens_at:%H:%M}"}
        )
    notice = timedelta(minutes=hours.min_notice_minutes)
    if start < now + notice:
        left = max(_minutes(start - now), 0)
        problems.append(
            _("Book at least %(notice)s before the start — %(left)s are left.")
            % {"notice": duration_text(hours.min_notice_minutes), "left": duration_text(left)}
        )
    today = now.astimezone(SEOUL).date()
    ahead = (day - today).days
    if ahead > hours.max_ahead_days:
        problems.append(
            ngettext(
                "You can book at most %(max)d day ahead — you chose %(chosen)d days ahead.",
                "You can book at most %(max)d days ahead — you chose %(chosen)d days ahead.",
                hours.max_ahead_days,
            )
            % {"max": hours.max_ahead_days, "chosen": ahead}
        )
    return problems


def slot_starts(hours: Hours, day: date, length_minutes: int) -> list[datetime]:
    """Every start on the slot grid of `day` at which a booking of `length_minutes` ends by
    closing time (the day is assumed open)."""
    opens, closes = opening(hours, day)
    step = timedelta(minutes=hours.slot_minutes)
    length = timedelta(minutes=length_minutes)
    starts = []
    moment = opens
    while moment + length <= closes:
        starts.append(moment)
        moment += step
    return starts


def open_minutes(hours: Hours, start: date, end: date, holidays: Collection[date]) -> int:
    """The minutes the resource is open over the days [start, end)."""
    per_day = _minutes(
        datetime.combine(start, hours.closes_at) - datetime.combine(start, hours.opens_at)
    )
    total = 0
    day = start
    while day < end:
        if is_open_day(hours, day, holidays):
            total += per_day
        day += timedelta(days=1)
    return total
