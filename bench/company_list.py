"""Benchmark: the staff company list at 100,000 companies.

    python -m bench.company_list [--companies 100000] [--repeats 7] [--naive-repeats 3] [--explain]

Builds a throwaway SQLite database in a temporary directory, migrates it, loads the demo data set
with `--companies` Anyang companies (the same generator as `jiwon demo`), then times the query
path of the staff list page: `selectors.company_search` + `jiwon.core.pagination.paginate`
(LIMIT/OFFSET, no COUNT) for several filters, against two naive peers:

- Django's `Paginator` (COUNT, then the same slice), and
- loading every visible company into Python, filtering and sorting there.

The list view also shows a total (`qs.count()`), timed separately as "count". Each figure is the
median of the repeats in milliseconds, after one warm-up run. Results of the three ways are
checked to agree. The last line printed is one JSON object with every figure.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime


@dataclass(frozen=True)
class Case:
    name: str
    page: int
    filters: dict


CASES = (
    Case("first page", 1, {}),
    Case("page 2000", 2000, {}),
    Case("name search", 1, {"q": "테크"}),
    Case("KSIC prefix 26", 1, {"ksic": "26"}),
    Case("district 41171", 1, {"region": "41171"}),
    Case("certification venture", 1, {"certification": "venture"}),
)


def _configure(directory: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["JIWON_VAR_DIR"] = directory
    import django

    django.setup()


def _median_ms(fn, repeats: int, *, warm_up: bool = True):
    if warm_up:
        fn()
    timings = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def _naive(user, case: Case, per_page: int, day: date) -> list[int]:
    """What a list page without database filtering would do: everything into Python."""
    from jiwon.companies.models import Certification
    from jiwon.companies.selectors import companies_visible_to

    rows = list(companies_visible_to(user))
    f = case.filters
    if "q" in f:
        q = f["q"].lower()
        rows = [c for c in rows if q in c.name_ko.lower() or q in c.name_en.lower()]
    if "ksic" in f:
        rows = [c for c in rows if c.ksic and c.ksic.code.startswith(f["ksic"])]
    if "region" in f:
        rows = [c for c in rows if c.region.code == f["region"]]
    if "certification" in f:
        certified = {
            cert.company_id
            for cert in Certification.objects.all()
            if cert.kind == f["certification"] and cert.is_valid_on(day)
        }
        rows = [c for c in rows if c.pk in certified]
    rows.sort(key=lambda c: (c.name_ko, c.pk))
    offset = (case.page - 1) * per_page
    return [c.pk for c in rows[offset : offset + per_page]]


def _explain(qs) -> str:
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "; ".join(row[-1] for row in cursor.fetchall())


def run(args) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection

    from jiwon.accounts.models import User
    from jiwon.companies.models import Company
    from jiwon.companies.selectors import CompanyFilters, company_search
    from jiwon.core.pagination import paginate
    from jiwon.demo.companies import REFERENCE_DATE
    from jiwon.demo.loader import load_demo

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    load_demo(companies=args.companies)
    load_s = time.perf_counter() - start
    total = Company.objects.count()
    print(f"Loaded {args.companies:,} Anyang companies ({total:,} rows) in {load_s:.1f} s.")
    # A fresh ANALYZE, as a maintained production database would have.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    user = User.objects.get(username="officer")
    per_page = settings.JIWON_PAGE_SIZE
    day = REFERENCE_DATE
    results = {}
    header = (
        f"{'case':<24}{'jiwon ms':>10}{'count ms':>10}{'Paginator':>11}{'ratio':>7}"
        f"{'Python ms':>11}{'ratio':>8}"
    )
    print(header)
    for case in CASES:
        if case.page > 1:
            # Smaller runs: go half-way into the table instead.
            page = min(case.page, max(1, total // (2 * per_page)))
            case = Case(f"page {page}", page, case.filters)
        qs = company_search(user=user, filters=CompanyFilters(**case.filters), on=day)

        def jiwon_page(qs=qs, case=case):
            return [c.pk for c in paginate(qs, page=case.page, per_page=per_page).items]

        def django_page(qs=qs, case=case):
            return [c.pk for c in Paginator(qs, per_page).page(case.page).object_list]

        jiwon_ms, jiwon_ids = _median_ms(jiwon_page, args.repeats)
        count_ms, count = _median_ms(qs.count, args.repeats)
        paginator_ms, paginator_ids = _median_ms(django_page, args.repeats)
        naive_ms, naive_ids = _median_ms(
            lambda case=case: _naive(user, case, per_page, day), args.naive_repeats, warm_up=False
        )
        if not (jiwon_ids == paginator_ids == naive_ids):
            sys.exit(f"{case.name}: the three ways return different companies")
        results[case.name] = {
            "jiwon_ms": round(jiwon_ms, 2),
            "count_ms": round(count_ms, 2),
            "paginator_ms": round(paginator_ms, 2),
            "python_ms": round(naive_ms, 1),
            "paginator_ratio": round(paginator_ms / jiwon_ms, 1),
            "python_ratio": round(naive_ms / jiwon_ms, 1),
            "matches": count,
        }
        r = results[case.name]
        print(
            f"{case.name:<24}{jiwon_ms:>10.2f}{count_ms:>10.2f}{paginator_ms:>11.2f}"
            f"{r['paginator_ratio']:>6.1f}x{naive_ms:>11.1f}{r['python_ratio']:>7.1f}x"
        )
        if args.explain:
            print(f"    plan: {_explain(qs[(case.page - 1) * per_page : case.page * per_page])}")
    slow = [name for name, r in results.items() if r["jiwon_ms"] > 50 or r["count_ms"] > 50]
    if slow:
        print(f"Over 50 ms (page or count): {', '.join(slow)}")
    return {
        "benchmark": "company_list",
        "date": datetime.now(UTC).date().isoformat(),
        "companies": args.companies,
        "rows": total,
        "load_s": round(load_s, 1),
        "per_page": per_page,
        "repeats": args.repeats,
        "naive_repeats": args.naive_repeats,
        "database": f"SQLite {connection.Database.sqlite_version}",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cases": results,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--naive-repeats", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="print SQLite's query plans")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jiwon-bench-") as directory:
        _configure(directory)
        summary = run(args)
        from django.db import connections

        connections.close_all()
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
