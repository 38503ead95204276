"""python -m bench.eligibility: the companies × programmes eligibility benchmark.

On one generated population it times the reference evaluator (a sample, extrapolated),
DuckDB (each programme a WHERE clause) and Jiwon's batch engine, checks that all three agree
on a sample of programmes, and times one company's recommendations. The last line printed is
one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

import numpy as np

from bench.eligibility.duck import Translator, connect
from bench.eligibility.population import generate
from bench.eligibility.programs import generate_programs
from jiwon.programs.eligibility.batch import Engine
from jiwon.programs.eligibility.columns import facts_for_row
from jiwon.programs.eligibility.recommend import Recommender
from jiwon.programs.eligibility.reference import is_eligible


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def say(message: str) -> None:
    print(message, flush=True)


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.eligibility", description=__doc__)
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--sample-programs", type=int, default=200, help="programmes compared by all three"
    )
    parser.add_argument(
        "--sample-companies", type=int, default=2_000, help="companies the reference evaluates"
    )
    parser.add_argument(
        "--duckdb-programs",
        type=int,
        default=0,
        help="time DuckDB on this many programmes and extrapolate (0: all of them)",
    )
    parser.add_argument("--recommend-companies", type=int, default=500)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duckdb-memory", default="8GB")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = arguments(argv)
    started = time.perf_counter()
    rng = np.random.default_rng(args.seed + 2)
    say(f"eligibility benchmark: {args.companies:,} companies × {args.programs:,} programmes")

    t = time.perf_counter()
    table, participation = generate(args.companies, args.seed)
    programs = generate_programs(args.programs, args.seed)
    say(
        f"generated in {time.perf_counter() - t:.1f} s: table {table.nbytes / 2**20:.0f} MB, "
        f"{sum(len(iv.row) for iv in table.certifications.values()):,} certificates, "
        f"{len(participation):,} selections"
    )
    pairs = table.n * len(programs)

    t = time.perf_counter()
    engine = Engine(table, participation)
    matrix = engine.matrix(programs, threads=args.threads)
    engine_s = time.perf_counter() - t
    counts = matrix.counts()
    say(
        f"engine: {engine_s:.2f} s, {pairs / engine_s:,.0f} pairs/s, "
        f"{int(counts.sum()):,} eligible pairs, matrix {matrix.bits.nbytes / 2**20:,.0f} MB"
    )

    t = time.perf_counter()
    con = connect(table, participation, threads=args.threads, memory=args.duckdb_memory)
    translator = Translator(table)
    say(f"duckdb: loaded in {time.perf_counter() - t:.1f} s")
    timed = range(len(programs))
    if 0 < args.duckdb_programs < len(programs):
        timed = rng.choice(len(programs), args.duckdb_programs, replace=False)
    duck_counts = {}
    t = time.perf_counter()
    for p in timed:
        sql = f"SELECT count(*) FROM companies WHERE {translator.where(programs[p])}"
        duck_counts[int(p)] = con.execute(sql).fetchone()[0]
    duckdb_s = (time.perf_counter() - t) * len(programs) / len(timed)
    extrapolated = len(timed) < len(programs)
    say(
        f"duckdb: {duckdb_s:.1f} s{' (extrapolated)' if extrapolated else ''}, "
        f"{pairs / duckdb_s:,.0f} pairs/s"
    )
    count_mismatch = [p for p, c in duck_counts.items() if c != counts[p]]

    sample_programs = rng.choice(len(programs), min(args.sample_programs, len(programs)), False)
    sample_rows = np.sort(rng.choice(table.n, min(args.sample_companies, table.n), False))
    facts = [facts_for_row(table, int(row), participation) for row in sample_rows]
    t = time.perf_counter()
    verdicts = np.array(
        [[is_eligible(f, programs[p]) for f in facts] for p in sample_programs], dtype=bool
    )
    reference_s = time.perf_counter() - t
    reference_rate = verdicts.size / reference_s
    say(f"reference: {verdicts.size:,} pairs in {reference_s:.1f} s, {reference_rate:,.0f} pairs/s")

    disagreements = len(count_mismatch)
    for i, p in enumerate(sample_programs):
        where = translator.where(programs[p])
        duck_rows = con.execute(
            f"SELECT rid FROM companies WHERE {where} ORDER BY rid"
        ).fetchnumpy()
        engine_rows = matrix.rows(int(p))
        if not np.array_equal(duck_rows["rid"], engine_rows):
            disagreements += 1
            say(f"DISAGREE duckdb/engine on {programs[p].key}")
        engine_sample = np.isin(sample_rows, engine_rows)
        if not np.array_equal(engine_sample, verdicts[i]):
            disagreements += 1
            say(f"DISAGREE reference/engine on {programs[p].key}")
    say(
        f"agreement: {len(sample_programs)} programmes × all companies (engine, DuckDB), "
        f"× {len(sample_rows):,} companies (reference), counts of {len(duck_counts):,} "
        f"programmes: {disagreements} disagreements"
    )

    t = time.perf_counter()
    recommender = Recommender(programs)
    say(
        f"recommendations: compiled {len(programs):,} programmes in {time.perf_counter() - t:.2f} s"
    )
    rows = rng.choice(table.n, min(args.recommend_companies, table.n), False)
    timings = []
    for row in rows:
        company = facts_for_row(table, int(row), participation)
        t = time.perf_counter()
        found = recommender.recommend(company)
        timings.append(time.perf_counter() - t)
        if not np.array_equal(found.eligible, matrix.programs_for(int(row))):
            disagreements += 1
            say(f"DISAGREE recommendation/engine on row {row}")
    timings_ms = np.array(timings) * 1000
    p50, p99 = np.percentile(timings_ms, [50, 99])
    say(f"recommendations: p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(rows)} companies")

    summary = {
        "companies": table.n,
        "programs": len(programs),
        "engine_s": round(engine_s, 3),
        "duckdb_s": round(duckdb_s, 3),
        "duckdb_extrapolated": extrapolated,
        "reference_pairs_per_s": round(reference_rate),
        "engine_pairs_per_s": round(pairs / engine_s),
        "speedup_vs_duckdb": round(duckdb_s / engine_s, 1),
        "speedup_vs_reference": round((pairs / engine_s) / reference_rate),
        "recommend_p50_ms": round(float(p50), 3),
        "recommend_p99_ms": round(float(p99), 3),
        "peak_rss_mb": round(peak_rss_mb()),
        "threads": args.threads,
        "cpus": os.cpu_count(),
        "wall_s": round(time.perf_counter() - started, 1),
        "agree": disagreements == 0,
    }
    say(f"wall time {summary['wall_s']} s, peak RSS {summary['peak_rss_mb']:,} MB")
    print(json.dumps(summary), flush=True)
    return 0 if summary["agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
