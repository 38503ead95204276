"""Benchmark: occupancy by day over ten years, 10,000 units and 100,000 contracts.

    python -m bench.occupancy [--units 10000] [--contracts 100000] [--years 10] [--peer-days 365]

Builds a throwaway SQLite database in a temporary directory, migrates it and fills it with
sites, units and contracts (each unit a chain of contracts of 3 to 36 months with gaps between
them, so no two overlap — the database's triggers check every line). Then it times
`jiwon.spaces.selectors.occupied_units_by_day` (one query, a sweep over the lines' start and
end days) for every day of the period against the plain peer: one SQL COUNT of the lines
holding a unit on each day. The peer is timed on `--peer-days` days spread over the period and
extrapolated to the whole period (the full peer takes minutes); both are checked to agree on
those days. The last line printed is one JSON object with every figure.
"""

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, timedelta


def _configure(directory: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["JIWON_VAR_DIR"] = directory
    import django

    django.setup()


def _fill(units: int, contracts: int, start: date, end: date) -> int:
    """Bulk rows (the benchmark measures reads; the services are tested elsewhere)."""
    from jiwon.companies.tests.factories import CompanyFactory
    from jiwon.programs.tests.factories import AgencyFactory
    from jiwon.spaces.models import Contract, ContractUnit, Floor, SpaceSite, Unit
    from jiwon.spaces.rules import add_months

    rng = random.Random(13)
    agency = AgencyFactory()
    company = CompanyFactory()
    site = SpaceSite.objects.create(agency=agency, code="bench", kind="incubator", name_ko="벤치")
    floors = [Floor.objects.create(site=site, level=i + 1, label=f"{i + 1}층") for i in range(100)]
    made_units = Unit.objects.bulk_create(
        Unit(
            floor=floors[i % 100],
            code=f"U{i}",
            kind="private_office",
            area_m2=20,
            seats=2,
            opened_on=start,
        )  # fmt: skip
        for i in range(units)
    )
    per_unit = contracts // units
    lines = []
    for unit in made_units:
        day = start + timedelta(days=rng.randint(0, 60))
        for _ in range(per_unit):
            months = rng.randint(3, 12)
            stop = min(add_months(day, months), end)
            if stop <= day:
                break
            lines.append((unit, day, stop))
            day = stop + timedelta(days=rng.randint(0, 20))
    made = Contract.objects.bulk_create(
        Contract(site=site, company=company, start=s, end=e, original_end=e, status="occupied")
        for _u, s, e in lines
    )
    ContractUnit.objects.bulk_create(
        (
            ContractUnit(contract=c, unit=u, start=s, end=e)
            for c, (u, s, e) in zip(made, lines, strict=True)
        ),
        batch_size=5000,
    )
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--peer-days", type=int, default=365)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        _configure(directory)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        from jiwon.spaces.selectors import occupied_units_by_day

        start = date(2017, 1, 1)
        end = date(start.year + args.years, 1, 1)
        t0 = time.perf_counter()
        made = _fill(args.units, args.contracts, start, end)
        fill_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        series = occupied_units_by_day(start, end)
        sweep_s = time.perf_counter() - t0

        days = (end - start).days
        step = max(1, days // args.peer_days)
        sample = [start + timedelta(days=i) for i in range(0, days, step)]
        sql = 'SELECT COUNT(*) FROM spaces_contractunit WHERE live AND start <= %s AND "end" > %s'
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for day in sample:
                cursor.execute(sql, [day.isoformat(), day.isoformat()])
                (count,) = cursor.fetchone()
                if count != series[day]:
                    print(f"disagree on {day}: sweep {series[day]}, SQL {count}")
                    return 1
        peer_sample_s = time.perf_counter() - t0
        peer_s = peer_sample_s * days / len(sample)
        result = {
            "benchmark": "occupancy",
            "units": args.units,
            "contracts": made,
            "days": days,
            "fill_s": round(fill_s, 1),
            "sweep_s": round(sweep_s, 3),
            "peer_sampled_days": len(sample),
            "peer_sample_s": round(peer_sample_s, 3),
            "peer_all_days_s": round(peer_s, 1),
            "ratio": round(peer_s / sweep_s, 1),
            "python": platform.python_version(),
            "sqlite": sys.modules["sqlite3"].sqlite_version,
        }
        print(
            f"{made} contracts over {args.units} units, {days} days: sweep {sweep_s:.2f} s, "
            f"SQL per day {peer_s:.1f} s (from {len(sample)} days) — {peer_s / sweep_s:.0f}× "
        )
        print(json.dumps(result))
    return 0
