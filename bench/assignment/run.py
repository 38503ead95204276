"""python -m bench.assignment: the evaluator-assignment benchmark.

On one generated round (default 20,000 applications, 2,000 evaluators, 5 per application,
5 % conflicted pairs) it times Jiwon's solver (candidate selection, feasibility check and
min-cost flow), the greedy baseline, and an independent upper bound (the LP relaxation solved
by HiGHS, turned into a dual certificate checked with NumPy), then checks every assignment:
no conflicted pair, k evaluators per application, no evaluator over capacity. The last line
printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import time

import numpy as np

BOUND_TOLERANCE = 1e-6  # the certificate is float arithmetic over integers


def say(message: str) -> None:
    print(message, flush=True)


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.assignment", description=__doc__)
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--evaluators", type=int, default=2_000)
    parser.add_argument("--per-application", type=int, default=5)
    parser.add_argument("--capacity", type=int, nargs=2, default=(45, 65), metavar=("MIN", "MAX"))
    parser.add_argument("--conflict-rate", type=float, default=0.05)
    parser.add_argument(
        "--candidates",
        type=int,
        default=100,
        help="evaluators kept per application, the best by fit (0: every non-conflicted one)",
    )
    parser.add_argument(
        "--lp-candidates",
        type=int,
        default=60,
        help="with --candidates 0, the LP's prices come from this many candidates per "
        "application (the full LP is too big); the bound still covers every pair",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    return parser.parse_args(argv)


def check(problem, assignment, conflicts: np.ndarray) -> dict:
    apps = problem.arc_application[assignment.arcs]
    evaluators = problem.arc_evaluator[assignment.arcs]
    per_app = np.bincount(apps, minlength=len(problem.applications))
    load = np.bincount(evaluators, minlength=len(problem.evaluators))
    pairs = apps * len(problem.evaluators) + evaluators
    return {
        "conflicts_violated": int(conflicts[apps, evaluators].sum()),
        "over_capacity": int((load > problem.capacities).sum()),
        "applications_short": int((per_app < problem.per_application).sum()),
        "applications_over": int((per_app > problem.per_application).sum()),
        "duplicate_pairs": len(pairs) - len(np.unique(pairs)),
    }


def main(argv=None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.assignment.bound import dual_bound, lp_bound
    from bench.assignment.generate import generate
    from jiwon.reviews.engine.assignment import Infeasible, build_problem, greedy, solve

    args = arguments(argv)
    started = time.perf_counter()
    n, m, k = args.applications, args.evaluators, args.per_application
    say(f"assignment benchmark: {n:,} applications × {m:,} evaluators, {k} per application")

    t = time.perf_counter()
    data = generate(
        n, m, capacity=tuple(args.capacity), conflict_rate=args.conflict_rate, seed=args.seed
    )
    allowed = ~data.conflicts
    say(
        f"generated in {time.perf_counter() - t:.1f} s: capacity {int(data.capacities.sum()):,} "
        f"for {n * k:,} assignments, {data.conflicts.mean():.2%} of pairs conflicted, "
        f"fit 0–{int(data.fit.max())} (mean {data.fit.mean():.2f})"
    )

    t = time.perf_counter()
    problem = build_problem(
        applications=range(n),
        evaluators=range(m),
        capacities=data.capacities,
        per_application=k,
        fit=data.fit,
        forbidden=data.conflicts,
        candidates_per_application=args.candidates or None,
        stage="서면평가",
    )
    candidates_s = time.perf_counter() - t
    say(
        f"candidates: {len(problem.arc_fit):,} arcs (top {args.candidates or 'all'}) "
        f"in {candidates_s:.2f} s"
    )

    t = time.perf_counter()
    try:
        assignment = solve(problem)
    except Infeasible as infeasible:
        for message in infeasible.report.messages:
            say(message)
        summary = {
            "applications": n,
            "evaluators": m,
            "per_application": k,
            "feasible": False,
            "missing": infeasible.report.missing,
            "solve_s": round(time.perf_counter() - t, 3),
        }
        print(json.dumps(summary), flush=True)
        return 1
    solve_s = time.perf_counter() - t
    solved = check(problem, assignment, data.conflicts)
    say(
        f"Jiwon (feasibility + min-cost flow): objective {assignment.objective:,} "
        f"in {solve_s:.2f} s"
    )

    t = time.perf_counter()
    baseline = greedy(problem)
    greedy_s = time.perf_counter() - t
    greedy_checked = check(problem, baseline, data.conflicts)
    say(
        f"greedy: objective {baseline.objective:,} in {greedy_s:.2f} s, "
        f"{baseline.missing:,} assignments left unmade"
    )

    t = time.perf_counter()
    lp_problem = problem
    if not args.candidates:
        lp_problem = build_problem(
            applications=range(n),
            evaluators=range(m),
            capacities=data.capacities,
            per_application=k,
            fit=data.fit,
            forbidden=data.conflicts,
            candidates_per_application=args.lp_candidates,
        )
    relaxation = lp_bound(lp_problem)
    u, v = relaxation.prices_applications, relaxation.prices_evaluators
    certificate = dual_bound(problem, u, v)
    bound_s = time.perf_counter() - t
    bound = math.floor(certificate + BOUND_TOLERANCE)
    gap = (bound - assignment.objective) / bound if bound else 0.0
    say(
        f"bound over the candidates (HiGHS LP {relaxation.value:,.3f} on "
        f"{len(lp_problem.arc_fit):,} arcs, certificate {certificate:,.3f}): {bound:,} "
        f"in {bound_s:.2f} s; gap {gap:.6%}"
    )

    t = time.perf_counter()
    full = dual_bound(problem, u, v, fit=data.fit, allowed=allowed)
    full_bound_s = time.perf_counter() - t
    full_bound = math.floor(full + BOUND_TOLERANCE)
    full_gap = (full_bound - assignment.objective) / full_bound if full_bound else 0.0
    say(
        f"bound over all {int(allowed.sum()):,} non-conflicted pairs (same prices): "
        f"{full_bound:,} in {full_bound_s:.2f} s; gap {full_gap:.6%}"
    )

    summary = {
        "applications": n,
        "evaluators": m,
        "per_application": k,
        "feasible": True,
        "capacity": list(args.capacity),
        "candidates_per_application": args.candidates,
        "arcs": len(problem.arc_fit),
        "candidates_s": round(candidates_s, 3),
        "solve_s": round(solve_s, 3),
        "objective": assignment.objective,
        "bound": bound,
        "lp_value": round(relaxation.value, 3),
        "bound_s": round(bound_s, 3),
        "gap": round(gap, 8),
        "full_bound": full_bound,
        "full_gap": round(full_gap, 8),
        **solved,
        "greedy_objective": baseline.objective,
        "greedy_s": round(greedy_s, 3),
        "greedy_missing": baseline.missing,
        "greedy_conflicts_violated": greedy_checked["conflicts_violated"],
        "cpus": os.cpu_count(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "wall_s": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary), flush=True)
    valid = not any(solved.values()) and not greedy_checked["conflicts_violated"]
    return 0 if valid and bound >= assignment.objective else 1
