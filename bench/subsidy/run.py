"""Benchmark: a year of interest-subsidy claims for many loans, Jiwon's engine against the
day-by-day peer.

    python -m bench.subsidy [--loans 100000] [--year 2025] [--frequency quarterly|monthly]
                            [--peer-loans N] [--repeat 3] [--seed 12]

Builds `--loans` loans in memory (no database: both sides read the same `LoanFacts`), made
over the two years before `--year` and during it, each with a year of changes of the kinds
banks report: monthly repayments after a grace period, prepayments, bank-rate changes and stop
events (default, closure, relocation, early repayment), on flat subsidy terms (1.5%p, 1.0%p,
+0.5%p for preferred companies) or on the Gyeonggi-style rate-scaled table. Then, for every
claim period of the year (4 quarters, or 12 months) and every loan, Jiwon's figure
(`jiwon.loans.subsidy.accrue`, rounded down once per line) is timed against the peer
(`bench/subsidy/peer.py`: every day, in Decimal). Every line must agree to the won. The
engine's time is the median of `--repeat` runs; the peer runs once on the first `--peer-loans`
loans (default: all) and its time is scaled to all loans when it ran on fewer. The last line
printed is one JSON object with every figure.
"""

import argparse
import json
import os
import platform
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.subsidy.peer import accrue_by_day
from jiwon.loans.schedule import add_months
from jiwon.loans.subsidy import Change, LoanFacts, Terms, accrue

ROUNDING = "down"
FLAT = (Decimal("1.500"), Decimal("1.000"))
BONUS = Decimal("0.500")
# Gyeonggi-style: 0.3%p up to a bank rate of 1.50%, rising with the rate to 2.0%p at 7.01%+.
BANDS = (
    (Decimal("0.000"), Decimal("0.300")),
    (Decimal("1.510"), Decimal("0.500")),
    (Decimal("3.010"), Decimal("1.000")),
    (Decimal("5.010"), Decimal("1.500")),
    (Decimal("7.010"), Decimal("2.000")),
)


def periods(year: int, frequency: str) -> list[tuple[date, date]]:
    step = 3 if frequency == "quarterly" else 1
    starts = [date(year, m, 1) for m in range(1, 13, step)]
    return [(s, add_months(s, step)) for s in starts]


def _rate(rng: random.Random, low: int = 250, high: int = 750) -> Decimal:
    return Decimal(rng.randint(low, high)) / 100


def make_loan(rng: random.Random, year: int) -> LoanFacts:
    """One loan with a year of changes; deterministic for a given generator state."""
    made = date(year - 2, 1, 1) + timedelta(days=rng.randrange(3 * 365 - 30))
    term = rng.choice((36, 60))
    grace = rng.choice((0, 6, 12, 24)) if term == 60 else rng.choice((0, 6, 12))
    principal = rng.randint(100, 8_000) * 100_000
    ends = add_months(made, term)
    changes: list[Change] = []
    roll = rng.random()
    if roll < 0.5:  # equal principal every month after the grace period
        count = term - grace
        part = principal // count
        for k in range(count):
            day = add_months(made, grace + k + 1)
            if day.year > year:
                break
            changes.append(Change(on=day, repaid=part if k < count - 1 else principal - part * k))
    elif roll < 0.7:  # a prepayment of a part
        day = made + timedelta(days=rng.randint(30, 700))
        changes.append(Change(on=day, repaid=principal * rng.randint(1, 6) // 10))
    for _ in range(rng.choice((0, 0, 1, 2, 3))):  # the bank changes its rate
        day = made + timedelta(days=rng.randint(1, 900))
        changes.append(Change(on=day, rate=_rate(rng)))
    if rng.random() < 0.1:  # default, closure, relocation, early repayment: ends on that day
        ends = min(ends, made + timedelta(days=rng.randint(20, 1000)))
    bonus = BONUS if rng.random() < 0.2 else Decimal(0)
    terms = (
        Terms(bands=BANDS, bonus=bonus)
        if rng.random() < 0.3
        else Terms(flat=rng.choice(FLAT), bonus=bonus)
    )
    return LoanFacts(
        principal=principal,
        made_on=made,
        ends_on=ends,
        bank_rate=_rate(rng),
        terms=terms,
        changes=tuple(sorted(changes, key=lambda c: c.on)),
    )


def engine(loans: list[LoanFacts], lines: list[tuple[date, date]]) -> list[list[int]]:
    return [[accrue(f, s, e).subsidy_won(ROUNDING) for s, e in lines] for f in loans]


def peer(loans: list[LoanFacts], lines: list[tuple[date, date]]) -> list[list[int]]:
    return [[accrue_by_day(f, s, e, ROUNDING) for s, e in lines] for f in loans]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--frequency", choices=("quarterly", "monthly"), default="quarterly")
    parser.add_argument("--peer-loans", type=int, default=0, help="0: all loans")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    loans = [make_loan(rng, args.year) for _ in range(args.loans)]
    lines = periods(args.year, args.frequency)
    days = (date(args.year + 1, 1, 1) - date(args.year, 1, 1)).days

    runs = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        ours = engine(loans, lines)
        runs.append(time.perf_counter() - t0)
    engine_s = statistics.median(runs)

    checked = args.peer_loans or args.loans
    t0 = time.perf_counter()
    reference = peer(loans[:checked], lines)
    peer_checked_s = time.perf_counter() - t0
    reference_s = peer_checked_s * args.loans / checked

    differences = [
        abs(a - b)
        for ours_row, ref_row in zip(ours, reference, strict=False)
        for a, b in zip(ours_row, ref_row, strict=True)
    ]
    max_diff = max(differences, default=0)
    mismatches = sum(1 for d in differences if d)
    total_won = sum(sum(row) for row in ours)
    changes = sum(len(f.changes) for f in loans)
    result = {
        "benchmark": "subsidy",
        "loans": args.loans,
        "changes": changes,
        "year": args.year,
        "days": days,
        "periods": len(lines),
        "claim_lines": args.loans * len(lines),
        "engine_runs_s": [round(r, 3) for r in runs],
        "engine_s": round(engine_s, 3),
        "engine_per_period_s": round(engine_s / len(lines), 3),
        "reference_loans": checked,
        "reference_checked_s": round(peer_checked_s, 2),
        "reference_s": round(reference_s, 2),
        "ratio": round(reference_s / engine_s, 1) if engine_s else None,
        "max_diff_won": max_diff,
        "mismatched_lines": mismatches,
        "subsidy_total_won": total_won,
        "load_1min": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
    }
    scaled = "" if checked == args.loans else f" (ran on {checked:,} loans, scaled)"
    print(
        f"{args.loans:,} loans, {changes:,} changes, {len(lines)} {args.frequency} periods of "
        f"{args.year}: engine {engine_s:.2f} s (median of {len(runs)}), day-by-day peer "
        f"{reference_s:.1f} s{scaled} — {result['ratio']}×, largest difference {max_diff} won"
    )
    print(json.dumps(result))
    return 0 if max_diff == 0 else 1
