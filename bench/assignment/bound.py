"""An upper bound on the best total fit, independent of OR-Tools.

The LP relaxation of the assignment (x between 0 and 1 on every candidate arc, Σ_e x = k per
application, Σ_a x ≤ capacity per evaluator, pinned arcs fixed at 1) is solved by HiGHS
through scipy.optimize.linprog. Its optimum bounds every integer assignment from above; the
constraint matrix is that of a network, so the bound is attained and a correct solver shows a
gap of zero.

Not trusting HiGHS either, `dual_bound` turns the LP's dual values into a certificate that
plain arithmetic checks: for any prices u (per application, free) and v ≥ 0 (per evaluator),

    k·Σ u + Σ capacity·v + Σ_arcs max(0, fit − u_a − v_e)

is an upper bound (weak duality: each arc's excess is paid by its own w ≥ 0). The same prices
give a bound over every non-conflicted pair, not only the candidates, which is how the
benchmark bounds the full problem it never hands to a solver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from jiwon.reviews.engine.problem import Problem


@dataclass(frozen=True)
class LpBound:
    value: float  # HiGHS's optimum of the relaxation
    prices_applications: np.ndarray  # u
    prices_evaluators: np.ndarray  # v ≥ 0


def lp_bound(problem: Problem) -> LpBound:
    n, m, arcs = len(problem.applications), len(problem.evaluators), len(problem.arc_fit)
    columns = np.arange(arcs)
    ones = np.ones(arcs)
    a_eq = sparse.csr_array((ones, (problem.arc_application, columns)), shape=(n, arcs))
    a_ub = sparse.csr_array((ones, (problem.arc_evaluator, columns)), shape=(m, arcs))
    lower = np.zeros(arcs)
    lower[problem.pinned] = 1
    result = linprog(
        -problem.arc_fit.astype(float),
        A_ub=a_ub,
        b_ub=problem.capacities.astype(float),
        A_eq=a_eq,
        b_eq=np.full(n, float(problem.per_application)),
        bounds=np.column_stack([lower, np.ones(arcs)]),
        method="highs",
    )
    if result.status == 2:
        raise ValueError("the relaxation is infeasible, so no assignment exists")
    if result.status != 0:
        raise RuntimeError(f"HiGHS ended with status {result.status}: {result.message}")
    # linprog minimises −fit; the marginals are d(min)/d(b), so the prices of the maximisation
    # are their negatives.
    return LpBound(
        value=-result.fun,
        prices_applications=-result.eqlin.marginals,
        prices_evaluators=np.maximum(0.0, -result.ineqlin.marginals),
    )


def dual_bound(
    problem: Problem,
    u: np.ndarray,
    v: np.ndarray,
    *,
    fit: np.ndarray | None = None,
    allowed: np.ndarray | None = None,
    rows_per_chunk: int = 1000,
) -> float:
    """The certificate's value over the problem's arcs, or, given a dense `fit` and a boolean
    `allowed` mask (applications × evaluators), over every allowed pair (with no pins)."""
    v = np.maximum(0.0, v)
    base = problem.per_application * float(u.sum()) + float(problem.capacities @ v)
    if fit is None:
        excess = problem.arc_fit - u[problem.arc_application] - v[problem.arc_evaluator]
        pinned = np.zeros(len(excess), dtype=bool)
        pinned[problem.pinned] = True
        return base + float(np.maximum(0.0, excess[~pinned]).sum() + excess[pinned].sum())
    total = 0.0
    for start in range(0, fit.shape[0], rows_per_chunk):
        rows = slice(start, start + rows_per_chunk)
        excess = fit[rows] - u[rows, None] - v[None, :]
        total += float(
            np.maximum(0.0, excess, where=allowed[rows], out=np.zeros_like(excess)).sum()
        )
    return base + total
