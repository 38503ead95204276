"""Evaluator assignment: k evaluators per application, each evaluator within a capacity,
maximising the total expertise fit and never pairing an evaluator with a conflicted application.

The model is a min-cost flow (OR-Tools, exact integer arithmetic):

    application a (supply k − pinned(a)) → evaluator e (capacity 1, cost F − fit(a, e))
    evaluator e → sink (capacity cap(e) − pinned(e), cost 0); the sink absorbs every supply.

One unit of flow is one assignment. A pair carries at most one unit, so nobody evaluates the
same application twice, and conflicted pairs have no arc at all. Every complete assignment
moves the same number of units, so the least total cost F·units − Σ fit is the greatest total
fit. Pairs staff pinned by hand are taken as given and the rest is solved around them.

`check_feasibility` (feasibility.py) runs first and says what is missing. Build the problem
with `build_problem` (problem.py). The definitions are in jiwon/reviews/README.md, section
"Assignment".
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from jiwon.reviews.engine.feasibility import Feasibility, Infeasible, check_feasibility
from jiwon.reviews.engine.problem import Problem, SparseFit, build_problem

__all__ = [
    "Assignment",
    "Feasibility",
    "Infeasible",
    "Problem",
    "SparseFit",
    "build_problem",
    "check_feasibility",
    "greedy",
    "solve",
]


@dataclass(frozen=True, eq=False)
class Assignment:
    """Chosen arcs of `problem`, pins included."""

    problem: Problem
    arcs: np.ndarray
    feasibility: Feasibility | None = None

    @property
    def objective(self) -> int:
        return int(self.problem.arc_fit[self.arcs].sum())

    @property
    def missing(self) -> int:
        return self.problem.needed - len(self.arcs)

    @property
    def complete(self) -> bool:
        return self.missing == 0

    def pairs(self) -> list[tuple[Hashable, Hashable]]:
        p = self.problem
        return [
            (p.applications[a], p.evaluators[e])
            for a, e in zip(
                p.arc_application[self.arcs].tolist(),
                p.arc_evaluator[self.arcs].tolist(),
                strict=True,
            )
        ]

    def loads(self) -> np.ndarray:
        p = self.problem
        return np.bincount(p.arc_evaluator[self.arcs], minlength=len(p.evaluators))


def solve(problem: Problem, *, partial: bool = False) -> Assignment:
    """The assignment of greatest total fit. Raises `Infeasible` with the report when k
    evaluators cannot be found for every application, unless `partial`: then as many
    assignments as possible are made (a max flow) and, among those, the fittest."""
    report = check_feasibility(problem)
    if report.pins_invalid or not (report.feasible or partial):
        raise Infeasible(report)
    n, m = len(problem.applications), len(problem.evaluators)
    sink = n + m
    free = problem.free_arcs()
    fits = problem.arc_fit[free]
    worst = int(fits.max()) if len(fits) else 0
    need = problem.need()
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([problem.arc_application[free], n + np.arange(m)]).astype(np.int32),
        np.concatenate([n + problem.arc_evaluator[free], np.full(m, sink)]).astype(np.int32),
        np.concatenate([np.ones(len(free), np.int64), problem.room()]),
        np.concatenate([worst - fits, np.zeros(m, np.int64)]),
    )
    solver.set_nodes_supplies(
        np.r_[np.arange(n), sink].astype(np.int32),
        np.r_[need, -int(need.sum())].astype(np.int64),
    )
    status = solver.solve_max_flow_with_min_cost() if partial else solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    flows = solver.flows(np.arange(len(free), dtype=np.int32))
    chosen = np.sort(np.concatenate([problem.pinned, free[flows > 0]]))
    return Assignment(problem, chosen, report)


def greedy(problem: Problem) -> Assignment:
    """Baseline: take pairs from the best fit down while the application still needs an
    evaluator and the evaluator has room. Fast and usually good, but it can leave
    applications short that a better order would have filled, and it is not optimal."""
    need = problem.need().tolist()
    room = problem.room().tolist()
    free = problem.free_arcs()
    order = free[np.argsort(-problem.arc_fit[free], kind="stable")]
    chosen = problem.pinned.tolist()
    apps = problem.arc_application[order].tolist()
    evaluators = problem.arc_evaluator[order].tolist()
    remaining = sum(max(0, x) for x in need)
    for arc, a, e in zip(order.tolist(), apps, evaluators, strict=True):
        if remaining == 0:
            break
        if need[a] > 0 and room[e] > 0:
            need[a] -= 1
            room[e] -= 1
            remaining -= 1
            chosen.append(arc)
    return Assignment(problem, np.sort(np.array(chosen, dtype=np.int64)))
