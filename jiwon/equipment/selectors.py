"""Reads of shared equipment: clashes, quotas and trainings (for the booking rules), free
slots, the free/busy calendar, the usage of each company and utilisation."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.postgres.fields import DateTimeRangeField
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import F, Func, Q, QuerySet
from django.utils.translation import gettext as _

from jiwon.companies.models import Company
from jiwon.core.workdays import holidays_between
from jiwon.equipment.models import (
    Booking,
    EquipmentKind,
    Quota,
    QuotaPeriod,
    Resource,
    TrainingRecord,
    UsageLog,
)
from jiwon.equipment.rules import (
    SEOUL,
    duration_text,
    hours_of,
    is_open_day,
    open_minutes,
    slot_starts,
)
from jiwon.equipment.workflow import BookingStatus

S = BookingStatus
# Shared research equipment in Korea stands idle most of the time: national surveys put its
# utilisation at 21–39%. Pages show each unit against that range.
NATIONAL_UTILISATION_RANGE = (Decimal(21), Decimal(39))


def holding(queryset: QuerySet[Booking] | None = None) -> QuerySet[Booking]:
    """Bookings that hold their resource (awaiting approval, confirmed, in use or used)."""
    return (queryset if queryset is not None else Booking.objects.all()).filter(
        status__in=S.HOLDING
    )


def conflicting_bookings(
    *, resource: Resource, start: datetime, hold_end: datetime, exclude: Booking | None = None
) -> QuerySet[Booking]:
    """The holding bookings of `resource` whose [start, hold_end) meets [start, hold_end)."""
    clashes = holding(Booking.objects.filter(resource=resource)).filter(
        start__lt=hold_end, hold_end__gt=start
    )
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    return clashes.order_by("start")


def valid_training(*, person: Any, resource: Resource, on: date) -> bool:
    """Whether `person` holds a training for `resource` (or its kind) valid on `on`."""
    subject = Q(resource=resource) | (Q(kind_id=resource.kind_id) if resource.kind_id else Q())
    return (
        TrainingRecord.objects.filter(person=person, trained_on__lte=on, expires_on__gte=on)
        .filter(subject)
        .exists()
    )


def _period_bounds(period: str, moment: datetime) -> tuple[datetime, datetime]:
    day = moment.astimezone(SEOUL).date()
    if period == QuotaPeriod.WEEK:
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=7)
    else:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(first, datetime.min.time(), SEOUL),
        datetime.combine(last, datetime.min.time(), SEOUL),
    )


def _overlap_minutes(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> int:
    seconds = (min(a1, b1) - max(a0, b0)).total_seconds()
    return max(int(seconds // 60), 0)


def quota_problems(
    *,
    resource: Resource,
    company: Company,
    start: datetime,
    end: datetime,
    exclude: Booking | None = None,
) -> list[str]:
    """The quotas a booking of [start, end) would take `company` over. A booking that crosses a
    period boundary counts in each period by its minutes there."""
    problems: list[str] = []
    quotas = Quota.objects.filter(Q(resource=resource) | Q(kind_id=resource.kind_id or -1))
    for quota in quotas:
        scope = Q(resource=resource) if quota.resource_id else Q(resource__kind_id=quota.kind_id)
        subject = resource.name_ko if quota.resource_id else str(quota.kind)
        moments = {_period_bounds(quota.period, start), _period_bounds(quota.period, end)}
        for first, last in sorted(moments):
            asked = _overlap_minutes(start, end, first, last)
            if not asked:
                continue
            booked = holding(Booking.objects.filter(scope, company=company)).filter(
                start__lt=last, end__gt=first
            )
            if exclude is not None:
                booked = booked.exclude(pk=exclude.pk)
            used = sum(_overlap_minutes(b.start, b.end, first, last) for b in booked)
            if used + asked > quota.hours * 60:
                problems.append(
                    _(
                        "%(subject)s: your company may book %(limit)s per %(period)s —"
                        " %(used)s are booked from %(first)s and this booking adds %(asked)s."
                    )
                    % {
                        "subject": subject,
                        "limit": duration_text(quota.hours * 60),
                        "period": QuotaPeriod(quota.period).label.lower(),
                        "used": duration_text(used),
                        "first": f"{first:%Y-%m-%d}",
                        "asked": duration_text(asked),
                    }
                )
    return problems


@dataclass(frozen=True)
class Slot:
    resource: Resource
    start: datetime
    end: datetime


def held_between(queryset: QuerySet[Booking], first: datetime, last: datetime) -> QuerySet[Booking]:
    """The bookings of `queryset` whose [start, hold_end) meets [first, last). On PostgreSQL as
    a range overlap, which the exclusion constraint's GiST index on (resource, time range)
    answers; `start < last AND hold_end > first` alone can only bound `start` from above, so
    the (resource, start) index would read every earlier booking of the resource."""
    if connection.vendor == "postgresql":
        span = Func(
            F("start"),
            F("hold_end"),
            template="tstzrange(%(expressions)s, '[)')",
            output_field=DateTimeRangeField(),
        )
        return queryset.annotate(held=span).filter(held__overlap=DateTimeTZRange(first, last))
    return queryset.filter(start__lt=last, hold_end__gt=first)


def _busy(resources: Iterable[Resource], first: datetime, last: datetime) -> dict[int, list]:
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    rows = held_between(holding(Booking.objects.filter(resource__in=list(resources))), first, last)
    for resource_id, start, hold_end in rows.values_list("resource_id", "start", "hold_end"):
        busy[resource_id].append((start, hold_end))
    for intervals in busy.values():
        intervals.sort()
    return busy


def free_slots(
    *,
    resources: list[Resource],
    minutes: int,
    now: datetime,
    limit: int = 10,
    days: int | None = None,
) -> list[Slot]:
    """The first `limit` free slots of `minutes` across `resources`, soonest first, within
    each resource's rules (opening hours, closed days, notice, how far ahead). Reads the
    bookings of the first open day, then of a week at a time, so the search stops as soon as
    enough slots are found; a day no resource is open costs no query."""
    if not resources:
        return []
    today = now.astimezone(SEOUL).date()
    horizon = max(r.max_ahead_days for r in resources) if days is None else days
    agency = resources[0].site.agency if resources else None
    holidays = holidays_between(today, today + timedelta(days=horizon + 1), agency=agency)
    rules = [
        (resource, hours)
        for resource, hours in ((r, hours_of(r)) for r in resources)
        if hours.min_minutes <= minutes <= hours.max_minutes and not minutes % hours.slot_minutes
    ]
    length = timedelta(minutes=minutes)
    found: list[Slot] = []
    busy: dict[int, list] = {}
    loaded_until: date | None = None
    window = 1
    for offset in range(horizon + 1):
        day = today + timedelta(days=offset)
        open_today = [
            (resource, hours)
            for resource, hours in rules
            if offset <= resource.max_ahead_days and is_open_day(hours, day, holidays)
        ]
        if not open_today:
            continue
        if loaded_until is None or day >= loaded_until:
            loaded_until = day + timedelta(days=window)
            first = datetime.combine(day, datetime.min.time(), SEOUL)
            last = datetime.combine(loaded_until, datetime.min.time(), SEOUL)
            busy = _busy(resources, first, last + timedelta(hours=6))
            # A search that did not end on its first day is likely to go on for days.
            window = 7
        day_slots: list[Slot] = []
        for resource, hours in open_today:
            earliest = now + timedelta(minutes=resource.min_notice_minutes)
            intervals = busy.get(resource.pk, [])
            for start in slot_starts(hours, day, minutes):
                if start < earliest:
                    continue
                hold_end = start + length + resource.buffer
                if any(s < hold_end and e > start for s, e in intervals):
                    continue
                day_slots.append(Slot(resource, start, start + length))
                break  # the earliest slot of each unit on each day
        day_slots.sort(key=lambda slot: (slot.start, slot.resource.name_ko))
        found.extend(day_slots)
        if len(found) >= limit:
            break
    return found[:limit]


def units_of(kind: EquipmentKind) -> list[Resource]:
    return list(
        Resource.objects.filter(kind=kind, active=True).select_related("site__agency", "kind")
    )


@dataclass(frozen=True)
class BusyBlock:
    start: datetime
    end: datetime
    booking: Booking


def week_calendar(resource: Resource, monday: date) -> list[dict[str, Any]]:
    """The seven days from `monday` with the blocks that are taken; a page shows the details
    of a block only to those who may read bookings."""
    first = datetime.combine(monday, datetime.min.time(), SEOUL)
    rows = (
        holding(Booking.objects.filter(resource=resource))
        .filter(start__lt=first + timedelta(days=7), hold_end__gt=first)
        .select_related("company")
    )
    holidays = holidays_between(monday, monday + timedelta(days=7), agency=resource.site.agency)
    hours = hours_of(resource)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        blocks = [
            BusyBlock(b.start, b.end, b)
            for b in rows
            if b.start.astimezone(SEOUL).date() <= day <= b.end.astimezone(SEOUL).date()
        ]
        days.append({"day": day, "open": is_open_day(hours, day, holidays), "blocks": blocks})
    return days


def bookings_of_company(company: Company) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(company=company)
        .select_related("resource__site", "resource__kind")
        .order_by("-start")
    )


def bookings_for_staff(*, status: str = "", resource_id: int | None = None) -> QuerySet[Booking]:
    qs = Booking.objects.select_related("resource", "company", "booked_by").order_by("-start")
    if status:
        qs = qs.filter(status=status)
    if resource_id:
        qs = qs.filter(resource_id=resource_id)
    return qs


@dataclass(frozen=True)
class Utilisation:
    resource: Resource
    open_hours: Decimal
    used_hours: Decimal
    pct: Decimal | None
    bookings: int
    no_shows: int
    cancellations: int

    @property
    def band(self) -> str:
        """below, within or above the national 21–39% range."""
        if self.pct is None:
            return ""
        low, high = NATIONAL_UTILISATION_RANGE
        return "below" if self.pct < low else "above" if self.pct > high else "within"


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """A share with one decimal, half up; None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return (Decimal(numerator * 100) / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def utilisation(
    *, start: date, end: date, resources: list[Resource] | None = None
) -> list[Utilisation]:
    """Per resource over the days [start, end): used hours (the usage log, clipped to the
    period) ÷ open hours, with no-shows and cancellations counted on their own."""
    units = (
        resources
        if resources is not None
        else list(Resource.objects.select_related("site__agency", "kind").filter(active=True))
    )
    first = datetime.combine(start, datetime.min.time(), SEOUL)
    last = datetime.combine(end, datetime.min.time(), SEOUL)
    used: dict[int, int] = defaultdict(int)
    logs = UsageLog.objects.filter(
        booking__resource__in=units, started_at__lt=last, ended_at__gt=first
    ).values_list("booking__resource_id", "started_at", "ended_at")
    for resource_id, s, e in logs:
        used[resource_id] += _overlap_minutes(s, e, first, last)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for resource_id, status in Booking.objects.filter(
        resource__in=units, start__gte=first, start__lt=last
    ).values_list("resource_id", "status"):
        counts[(resource_id, status)] += 1
    holidays_by_agency: dict[int | None, set[date]] = {}
    rows = []
    for unit in units:
        agency_id = unit.site.agency_id
        if agency_id not in holidays_by_agency:
            holidays_by_agency[agency_id] = holidays_between(start, end, agency=unit.site.agency)
        open_min = open_minutes(hours_of(unit), start, end, holidays_by_agency[agency_id])
        total = sum(n for (rid, _status), n in counts.items() if rid == unit.pk)
        rows.append(
            Utilisation(
                resource=unit,
                open_hours=_hours(open_min),
                used_hours=_hours(used[unit.pk]),
                pct=percent(used[unit.pk], open_min),
                bookings=total,
                no_shows=counts[(unit.pk, S.RELEASED)],
                cancellations=counts[(unit.pk, S.CANCELLED)],
            )
        )
    return rows


def overall_utilisation(rows: list[Utilisation]) -> Decimal | None:
    """Used ÷ open hours over every unit together (not the mean of the shares)."""
    used = sum(int(r.used_hours * 60) for r in rows)
    open_ = sum(int(r.open_hours * 60) for r in rows)
    return percent(used, open_)


def usage_by_company(*, start: date, end: date) -> list[dict[str, Any]]:
    """What each company used over [start, end): hours by resource, from the usage log."""
    first = datetime.combine(start, datetime.min.time(), SEOUL)
    last = datetime.combine(end, datetime.min.time(), SEOUL)
    totals: dict[int, dict[str, Any]] = {}
    logs = UsageLog.objects.filter(started_at__lt=last, ended_at__gt=first).select_related(
        "booking__company", "booking__resource"
    )
    for log in logs:
        company = log.booking.company
        row = totals.setdefault(
            company.pk, {"company": company, "minutes": 0, "resources": defaultdict(int)}
        )
        minutes = _overlap_minutes(log.started_at, log.ended_at, first, last)
        row["minutes"] += minutes
        row["resources"][log.booking.resource.name_ko] += minutes
    result = []
    for row in sorted(totals.values(), key=lambda r: (-r["minutes"], r["company"].name_ko)):
        result.append(
            {
                "company": row["company"],
                "hours": _hours(row["minutes"]),
                "resources": sorted(
                    ((name, _hours(m)) for name, m in row["resources"].items()),
                    key=lambda item: -item[1],
                ),
            }
        )
    return result
