"""Before solving: can k evaluators be found for every application, and if not, what exactly
is missing, in words staff can act on.

The first shortfall states how many assignments cannot be made (a max flow over the candidate
arcs, OR-Tools); the ones after it say why: evaluator slots short overall (and how many
evaluators at the median capacity that is), applications with fewer than k evaluators without
a conflict, and shortages that only show in combination (named by a minimum cut).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from ortools.graph.python import max_flow

from jiwon.reviews.engine.problem import Problem

NAMES_SHOWN = 10


@dataclass(frozen=True)
class Shortfall:
    """One thing that is missing. `params` holds the numbers (and full lists) for screens."""

    code: str
    template: Any
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        # Counts reach the hundred thousands: group their digits (1,234 in Korean too).
        return self.template % {
            key: f"{value:,}" if isinstance(value, int) and key != "count" else value
            for key, value in self.params.items()
        }


@dataclass(frozen=True)
class Feasibility:
    needed: int
    possible: int | None
    shortfalls: tuple[Shortfall, ...]

    @property
    def feasible(self) -> bool:
        return not self.shortfalls

    @property
    def pins_invalid(self) -> bool:
        return any(s.code.startswith("pin_") for s in self.shortfalls)

    @property
    def missing(self) -> int | None:
        return None if self.possible is None else self.needed - self.possible

    @property
    def messages(self) -> list[str]:
        return [s.message for s in self.shortfalls]


class Infeasible(Exception):
    def __init__(self, report: Feasibility):
        super().__init__("; ".join(report.messages))
        self.report = report


def _names(ids: Sequence) -> str:
    shown = ", ".join(str(i) for i in ids[:NAMES_SHOWN])
    if len(ids) <= NAMES_SHOWN:
        return shown
    return _("%(shown)s and %(more)s more") % {"shown": shown, "more": len(ids) - NAMES_SHOWN}


def _stage(problem: Problem) -> str:
    return problem.stage or str(_("this evaluation"))


def _pin_shortfalls(problem: Problem) -> list[Shortfall]:
    found = [
        Shortfall(
            "pin_conflict",
            _(
                "%(application)s: %(evaluator)s is pinned by hand but has a conflict of "
                "interest; remove the pin."
            ),
            {"application": problem.applications[a], "evaluator": problem.evaluators[e]},
        )
        for a, e in problem.pinned_conflicts
    ]
    k = problem.per_application
    need = problem.need()
    for a in np.flatnonzero(need < 0).tolist():
        found.append(
            Shortfall(
                "pin_over_k",
                _(
                    "%(application)s: %(pinned)s evaluators are pinned by hand but each "
                    "application gets %(k)s; remove %(extra)s of the pins."
                ),
                {
                    "application": problem.applications[a],
                    "pinned": k - int(need[a]),
                    "k": k,
                    "extra": -int(need[a]),
                },
            )
        )
    room = problem.room()
    for e in np.flatnonzero(room < 0).tolist():
        found.append(
            Shortfall(
                "pin_over_capacity",
                _(
                    "%(evaluator)s is pinned to %(pinned)s applications but can take "
                    "%(capacity)s; remove %(extra)s of the pins or raise the capacity."
                ),
                {
                    "evaluator": problem.evaluators[e],
                    "pinned": int(problem.capacities[e] - room[e]),
                    "capacity": int(problem.capacities[e]),
                    "extra": -int(room[e]),
                },
            )
        )
    return found


def _flow(problem: Problem) -> tuple[int, np.ndarray, np.ndarray]:
    """Max flow of the residual problem; returns its value and the applications and
    evaluators on the source side of a minimum cut."""
    n, m = len(problem.applications), len(problem.evaluators)
    source, sink = n + m, n + m + 1
    free = problem.free_arcs()
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(
        np.concatenate(
            [np.full(n, source), problem.arc_application[free], n + np.arange(m)]
        ).astype(np.int32),
        np.concatenate([np.arange(n), n + problem.arc_evaluator[free], np.full(m, sink)]).astype(
            np.int32
        ),
        np.concatenate([problem.need(), np.ones(len(free), np.int64), problem.room()]),
    )
    if solver.solve(source, sink) != solver.OPTIMAL:
        raise RuntimeError("max flow failed")
    side = np.asarray(solver.get_source_side_min_cut(), dtype=np.int64)
    return (
        int(solver.optimal_flow()),
        np.sort(side[side < n]),
        np.sort(side[(side >= n) & (side < n + m)] - n),
    )


def check_feasibility(problem: Problem) -> Feasibility:
    """Whether k evaluators can be assigned to every application, and if not, what is missing.
    The first shortfall always states the exact number of assignments that cannot be made (by
    max flow); the ones after it say why."""
    needed = problem.needed
    pins = _pin_shortfalls(problem)
    if pins:
        return Feasibility(needed, None, tuple(pins))
    flow, cut_applications, cut_evaluators = _flow(problem)
    pinned = len(problem.pinned)
    possible = flow + pinned
    if possible == needed:
        return Feasibility(needed, possible, ())
    stage, k, n = _stage(problem), problem.per_application, len(problem.applications)
    missing = needed - possible
    found = [
        Shortfall(
            "assignments_missing",
            _(
                "Only %(possible)s of the %(needed)s assignments for %(stage)s can be made: "
                "%(missing)s missing."
            ),
            {"possible": possible, "needed": needed, "stage": stage, "missing": missing},
        )
    ]
    capacity = int(problem.capacities.sum())
    slots_short = max(0, needed - capacity)
    if slots_short:
        found.append(_capacity_shortfall(problem, capacity, slots_short, stage))
    available = np.bincount(problem.arc_application, minlength=n)
    short_apps = np.flatnonzero(available < k).tolist()
    apps_missing = int((k - available[short_apps]).sum())
    if short_apps:
        listed = [
            _("%(application)s (%(available)s available)")
            % {"application": problem.applications[a], "available": int(available[a])}
            for a in short_apps
        ]
        found.append(
            Shortfall(
                "applications_short",
                ngettext_lazy(
                    "%(count)s application has fewer than %(k)s evaluators without a conflict:"
                    " %(names)s.",
                    "%(count)s applications have fewer than %(k)s evaluators without a "
                    "conflict: %(names)s.",
                    "count",
                ),
                {
                    "count": len(short_apps),
                    "k": k,
                    "names": _names(listed),
                    "applications": [problem.applications[a] for a in short_apps],
                    "missing": apps_missing,
                },
            )
        )
    # Both counts above are lower bounds of what is missing; only a shortage beyond them needs
    # the cut to be explained.
    if missing > max(slots_short, apps_missing):
        found.append(_cut_shortfall(problem, cut_applications, cut_evaluators))
    return Feasibility(needed, possible, tuple(found))


def _capacity_shortfall(problem: Problem, capacity: int, slots: int, stage: str) -> Shortfall:
    positive = [int(c) for c in problem.capacities if c > 0]
    params = {
        "stage": stage,
        "needed": problem.needed,
        "capacity": capacity,
        "missing": slots,
        "applications": len(problem.applications),
        "k": problem.per_application,
    }
    if not positive:
        return Shortfall(
            "no_capacity",
            _(
                "No evaluator can take any application for %(stage)s: %(needed)s assignments "
                "are needed."
            ),
            params,
        )
    median = statistics.median(positive)
    params["median"] = f"{median:g}"
    params["count"] = math.ceil(slots / median)
    return Shortfall(
        "evaluators_short",
        ngettext_lazy(
            "%(count)s evaluator short for %(stage)s: %(needed)s assignments are needed "
            "(%(applications)s applications × %(k)s) but the evaluators can take %(capacity)s "
            "in all; the %(missing)s missing take %(count)s evaluator at the median capacity "
            "of %(median)s.",
            "%(count)s evaluators short for %(stage)s: %(needed)s assignments are needed "
            "(%(applications)s applications × %(k)s) but the evaluators can take %(capacity)s "
            "in all; the %(missing)s missing take %(count)s evaluators at the median capacity "
            "of %(median)s.",
            "count",
        ),
        params,
    )


def _cut_shortfall(problem: Problem, applications, evaluators) -> Shortfall:
    """The applications on the source side of a minimum cut need more than their evaluators
    can give: what they can get is at most the room of the evaluators on the source side plus
    one per arc to an evaluator beyond it. By max-flow min-cut that falls short of their need
    by exactly `missing`."""
    free = problem.free_arcs()
    in_cut = np.zeros(len(problem.applications), dtype=bool)
    in_cut[applications] = True
    beyond = np.ones(len(problem.evaluators), dtype=bool)
    beyond[evaluators] = False
    arcs = free[in_cut[problem.arc_application[free]]]
    needed = int(problem.need()[applications].sum())
    possible = int(problem.room()[evaluators].sum()) + int(
        beyond[problem.arc_evaluator[arcs]].sum()
    )
    reachable = np.unique(problem.arc_evaluator[arcs])
    return Shortfall(
        "applications_compete",
        ngettext_lazy(
            "%(count)s application needs %(needed)s more assignments, but the %(evaluators)s "
            "evaluators without a conflict with it can take at most %(possible)s: "
            "%(missing)s short. Add evaluators in its field or raise their capacities: "
            "%(names)s.",
            "%(count)s applications together need %(needed)s more assignments, but the "
            "%(evaluators)s evaluators without a conflict with them can take at most "
            "%(possible)s: %(missing)s short. Add evaluators in their fields or raise their "
            "capacities: %(names)s.",
            "count",
        ),
        {
            "count": len(applications),
            "needed": needed,
            "evaluators": len(reachable),
            "possible": possible,
            "missing": needed - possible,
            "names": _names([problem.applications[a] for a in applications.tolist()]),
            "applications": [problem.applications[a] for a in applications.tolist()],
        },
    )
