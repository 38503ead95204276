"""python -m bench.booking: "the next free 2-hour slot of kind X" over 1,000 units and a year of
500,000 bookings, on PostgreSQL.

It migrates the database named by DATABASE_URL (or --database-url; it must be a scratch
PostgreSQL database: the benchmark deletes every booking and resource it finds there), creates
1,000 units of 20 kinds (50 units each) open 09:00–18:00 on working days, Korean public
holidays closed, bookable a year ahead, and a year of bookings from the first Monday after
--start: busy kinds are booked solid for weeks at a time, quiet ones now and then, so a search
may find its slot at once or a month later. Then, at random moments of the year, it asks
Jiwon's search (`jiwon.equipment.selectors.free_slots`, the query the portal's "find a free
slot" runs: one day of bookings at a time, through the (resource, start) index) for the next
free 2-hour slot of a random kind, and asks a naive scan the same question (every booking of
the kind's units read into Python, each slot checked against every booking of its unit).
Both must find
the same unit at the same start. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import date, datetime, timedelta


def say(message: str) -> None:
    print(message, flush=True)


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.booking", description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--kinds", type=int, default=20)
    parser.add_argument("--bookings", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--naive-queries", type=int, default=100)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2027, 1, 1))
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--reuse", action="store_true", help="keep the data of a previous run")
    return parser.parse_args(argv)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-int(pct * len(ordered)) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def generate(args, rng: random.Random) -> tuple[list, date]:
    """The units and the year of bookings (bulk inserts: this is the benchmark's data, not a
    journey through the booking services). Returns the kinds and the first day."""
    from django.db import connection

    from jiwon.companies.models import Company
    from jiwon.companies.tests.factories import CompanyFactory
    from jiwon.core.models import Agency
    from jiwon.core.workdays import holidays_between
    from jiwon.equipment.models import Booking, EquipmentKind, Resource, Site
    from jiwon.equipment.rules import SEOUL, hours_of, is_open_day
    from jiwon.equipment.workflow import BookingStatus

    first = args.start + timedelta(days=(7 - args.start.weekday()) % 7)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE equipment_booking, equipment_resource CASCADE")
    agency, _ = Agency.objects.get_or_create(
        code="bench-booking", defaults={"name_ko": "벤치마크 기관", "region_codes": ["41171"]}
    )
    company = Company.objects.filter(name_ko="벤치마크 기업").first() or CompanyFactory(
        name_ko="벤치마크 기업"
    )
    site = Site.objects.create(agency=agency, name_ko="벤치마크 센터")
    kinds = []
    for n in range(args.kinds):
        kind, _ = EquipmentKind.objects.get_or_create(
            code=f"bench-kind-{n:02d}", defaults={"name_ko": f"벤치 장비 {n:02d}"}
        )
        kinds.append(kind)
    per_kind = args.units // args.kinds
    units = Resource.objects.bulk_create(
        [
            Resource(
                site=site,
                category="equipment",
                kind=kind,
                name_ko=f"{kind.name_ko} {u + 1:02d}호기",
                min_minutes=60,
                max_minutes=240,
                buffer_minutes=30,
                min_notice_minutes=60,
                max_ahead_days=365,
            )
            for kind in kinds
            for u in range(per_kind)
        ]
    )
    holidays = holidays_between(first, first + timedelta(days=370), agency=agency)
    hours = hours_of(units[0])
    days = [
        first + timedelta(days=d)
        for d in range(365)
        if is_open_day(hours, first + timedelta(days=d), holidays)
    ]
    # Each kind has a busy share: the chance that a unit's day is booked solid (09:00–18:00 in
    # four blocks, no 2-hour gap left); otherwise a day holds one or two short bookings. The
    # busy days come in runs of weeks, so some searches go far ahead.
    solid = [
        (9, 0, 11, 0), (11, 30, 13, 30), (14, 0, 16, 0), (16, 30, 18, 0),
    ]  # fmt: skip
    rows = []
    target = args.bookings
    busy_share = {k.pk: rng.choice((0.2, 0.5, 0.8, 0.97)) for k in kinds}
    for unit in units:
        share = busy_share[unit.kind_id]
        busy = False
        for day in days:
            if rng.random() < 0.1:  # a run of busy (or quiet) days starts or ends
                busy = rng.random() < share
            blocks = solid if busy else rng.sample(solid[:3], rng.randint(0, 2))
            for h0, m0, h1, m1 in sorted(blocks):
                start = datetime(day.year, day.month, day.day, h0, m0, tzinfo=SEOUL)
                end = datetime(day.year, day.month, day.day, h1, m1, tzinfo=SEOUL)
                rows.append((unit.pk, start, end))
    rng.shuffle(rows)
    rows = sorted(rows[:target], key=lambda r: (r[0], r[1]))
    say(f"  {len(rows):,} bookings planned over {len(days)} open days; inserting…")
    status = BookingStatus.CONFIRMED
    version = Booking.workflows.current.version
    batch = []
    buffer = timedelta(minutes=30)
    for resource_id, start, end in rows:
        batch.append(
            Booking(
                resource_id=resource_id,
                company=company,
                start=start,
                end=end,
                hold_end=min(end + buffer, end.replace(hour=18, minute=0)),
                purpose="벤치마크",
                status=status,
                workflow_version=version,
            )
        )
        if len(batch) == 10_000:
            Booking.objects.bulk_create(batch)
            batch = []
    Booking.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE equipment_booking")
        cursor.execute("ANALYZE equipment_resource")
    return kinds, first


def naive_next_slot(kind, minutes: int, now: datetime):
    """Every booking of the kind's units read into Python at once; each slot of each unit on
    each day checked against every booking of that unit (no index, no early window). The
    same rules as Jiwon's search."""
    from jiwon.core.workdays import holidays_between
    from jiwon.equipment.models import Booking, Resource
    from jiwon.equipment.rules import SEOUL, hours_of, is_open_day, slot_starts
    from jiwon.equipment.workflow import BookingStatus

    units = list(Resource.objects.filter(kind=kind, active=True).select_related("site__agency"))
    bookings = list(
        Booking.objects.filter(resource__in=units).values_list(
            "resource_id", "start", "hold_end", "status"
        )
    )
    held: dict[int, list] = {unit.pk: [] for unit in units}
    for r, s, e, status in bookings:
        if status in BookingStatus.HOLDING:
            held[r].append((s, e))
    today = now.astimezone(SEOUL).date()
    horizon = max(u.max_ahead_days for u in units)
    holidays = holidays_between(
        today, today + timedelta(days=horizon + 1), agency=units[0].site.agency
    )
    for offset in range(horizon + 1):
        day = today + timedelta(days=offset)
        found = []
        for unit in units:
            hours = hours_of(unit)
            if offset > unit.max_ahead_days or not is_open_day(hours, day, holidays):
                continue
            earliest = now + timedelta(minutes=unit.min_notice_minutes)
            length = timedelta(minutes=minutes)
            for start in slot_starts(hours, day, minutes):
                if start < earliest:
                    continue
                hold_end = start + length + unit.buffer
                if any(s < hold_end and e > start for s, e in held[unit.pk]):
                    continue
                found.append((start, unit.name_ko, unit.pk))
                break
        if found:
            return min(found)
    return None


def main(argv=None) -> int:
    args = arguments(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench.booking runs on PostgreSQL: give --database-url or DATABASE_URL")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jiwon.equipment.models import Booking, EquipmentKind
    from jiwon.equipment.rules import SEOUL
    from jiwon.equipment.selectors import free_slots, units_of

    rng = random.Random(args.seed)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"booking benchmark on PostgreSQL {connection.pg_version // 10000}: "
        f"{args.units:,} units, {args.bookings:,} bookings")  # fmt: skip
    if args.reuse and Booking.objects.exists():
        kinds = list(EquipmentKind.objects.filter(code__startswith="bench-kind-").order_by("code"))
        first = Booking.objects.order_by("start").first().start.astimezone(SEOUL).date()
    else:
        kinds, first = generate(args, rng)
    bookings = Booking.objects.count()
    setup_s = time.perf_counter() - started
    say(f"  data ready in {setup_s:.0f} s: {bookings:,} bookings")

    questions = []
    for _ in range(args.queries):
        moment = datetime.combine(
            first + timedelta(days=rng.randint(0, 330)), datetime.min.time(), SEOUL
        ) + timedelta(minutes=rng.randrange(0, 24 * 60, 10))
        questions.append((rng.choice(kinds), moment))

    def jiwon(kind, moment):
        slots = free_slots(resources=units_of(kind), minutes=120, now=moment, limit=1)
        return (slots[0].start, slots[0].resource.name_ko, slots[0].resource.pk) if slots else None

    # The floor under load: one round trip to the server (`SELECT 1`), as the search makes
    # three to five of them.
    trips = []
    with connection.cursor() as cursor:
        for _ in range(100):
            t0 = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            trips.append((time.perf_counter() - t0) * 1000)
    jiwon(*questions[0])  # warm-up
    fast, answers, days_ahead = [], [], []
    for kind, moment in questions:
        t0 = time.perf_counter()
        answer = jiwon(kind, moment)
        fast.append((time.perf_counter() - t0) * 1000)
        answers.append(answer)
        if answer:
            days_ahead.append(
                (answer[0].astimezone(SEOUL).date() - moment.astimezone(SEOUL).date()).days
            )
    naive, agree = [], 0
    for (kind, moment), answer in zip(questions[: args.naive_queries], answers, strict=False):
        t0 = time.perf_counter()
        peer = naive_next_slot(kind, 120, moment)
        naive.append((time.perf_counter() - t0) * 1000)
        agree += peer == answer
    compared = len(naive)
    result = {
        "benchmark": "booking",
        "database": f"postgresql {connection.pg_version // 10000}",
        "units": sum(1 for _ in units_of_all()),
        "kinds": len(kinds),
        "bookings": bookings,
        "queries": len(fast),
        "p50_ms": round(statistics.median(fast), 2),
        "p99_ms": round(percentile(fast, 99), 2),
        "max_ms": round(max(fast), 2),
        "naive_queries": compared,
        "naive_p50_ms": round(statistics.median(naive), 2),
        "naive_p99_ms": round(percentile(naive, 99), 2),
        "ratio_p99": round(percentile(naive, 99) / percentile(fast, 99), 1),
        "ratio_p50": round(statistics.median(naive) / statistics.median(fast), 1),
        "agree": agree == compared,
        "agreed": f"{agree}/{compared}",
        "days_ahead_median": statistics.median(days_ahead) if days_ahead else None,
        "days_ahead_max": max(days_ahead) if days_ahead else None,
        "round_trip_p50_ms": round(statistics.median(trips), 2),
        "round_trip_p99_ms": round(percentile(trips, 99), 2),
        "load_average": round(os.getloadavg()[0], 1),
        "setup_s": round(setup_s, 1),
    }
    say(f"  jiwon: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms over {len(fast)} queries")
    say(
        f"  naive: p50 {result['naive_p50_ms']} ms, p99 {result['naive_p99_ms']} ms over "
        f"{compared} queries ({result['ratio_p99']}× at p99); agree {agree}/{compared}"
    )
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["agree"] and result["p99_ms"] < 50 else 1


def units_of_all():
    from jiwon.equipment.models import Resource

    return Resource.objects.filter(kind__code__startswith="bench-kind-").values_list(
        "pk", flat=True
    )
