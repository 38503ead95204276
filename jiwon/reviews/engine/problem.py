"""The assignment problem as arrays: applications, evaluators with capacities, and the
candidate (application, evaluator) arcs with their integer fit. Conflicted pairs never become
arcs. See jiwon/reviews/engine/assignment.py for the model and jiwon/reviews/README.md.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class SparseFit:
    """Candidate pairs by position: applications[application[i]] and evaluators[evaluator[i]]
    fit with score[i]. A pair not listed is not a candidate (list it with 0 to allow it)."""

    application: np.ndarray
    evaluator: np.ndarray
    score: np.ndarray


FitSource = Callable[[Any, Any], int] | np.ndarray | SparseFit


@dataclass(frozen=True, eq=False)
class Problem:
    """Candidate arcs (conflicts already removed), sorted by application then evaluator.
    Build it with `build_problem`."""

    applications: tuple[Hashable, ...]
    evaluators: tuple[Hashable, ...]
    capacities: np.ndarray
    per_application: int
    arc_application: np.ndarray
    arc_evaluator: np.ndarray
    arc_fit: np.ndarray
    pinned: np.ndarray
    pinned_conflicts: tuple[tuple[int, int], ...] = ()
    stage: str = ""

    @property
    def needed(self) -> int:
        return self.per_application * len(self.applications)

    def need(self) -> np.ndarray:
        """Assignments still to make per application once the pins are counted."""
        pinned = np.bincount(self.arc_application[self.pinned], minlength=len(self.applications))
        return self.per_application - pinned

    def room(self) -> np.ndarray:
        """Capacity left per evaluator once the pins are counted."""
        pinned = np.bincount(self.arc_evaluator[self.pinned], minlength=len(self.evaluators))
        return self.capacities - pinned

    def free_arcs(self) -> np.ndarray:
        free = np.ones(len(self.arc_fit), dtype=bool)
        free[self.pinned] = False
        return np.flatnonzero(free)


def build_problem(
    *,
    applications: Sequence[Hashable],
    evaluators: Sequence[Hashable],
    capacities: Sequence[int] | np.ndarray,
    per_application: int,
    fit: FitSource,
    forbidden: Iterable[tuple[Hashable, Hashable]] | np.ndarray = (),
    pinned: Iterable[tuple[Hashable, Hashable]] = (),
    candidates_per_application: int | None = None,
    stage: str = "",
) -> Problem:
    """`fit` is a function (application id, evaluator id) → int ≥ 0, a dense integer array
    (applications × evaluators) or a `SparseFit`. `forbidden` holds the conflicted (application,
    evaluator) id pairs, or is a boolean array like the dense fit; pairs naming someone outside
    the pool are ignored. `pinned` are the (application, evaluator) pairs staff fixed by hand.
    `candidates_per_application` keeps only each application's best M evaluators by fit (pins
    always stay): optimality is then over that candidate set."""
    applications, evaluators = tuple(applications), tuple(evaluators)
    n, m = len(applications), len(evaluators)
    app_index = _index(applications, "application")
    evaluator_index = _index(evaluators, "evaluator")
    capacities = np.asarray(capacities, dtype=np.int64)
    if capacities.shape != (m,) or (capacities < 0).any():
        raise ValueError("give one capacity of zero or more per evaluator")
    if per_application < 1:
        raise ValueError("per_application must be at least 1")
    if candidates_per_application is not None and candidates_per_application < 1:
        raise ValueError("candidates_per_application must be at least 1")

    if isinstance(forbidden, np.ndarray):
        if forbidden.shape != (n, m):
            raise ValueError("the forbidden mask must be applications × evaluators")
        forbidden_mask = forbidden.astype(bool, copy=False)
    else:
        forbidden_mask = np.zeros((n, m), dtype=bool)
        for a, e in forbidden:
            if a in app_index and e in evaluator_index:
                forbidden_mask[app_index[a], evaluator_index[e]] = True

    pin_codes = set()
    for a, e in pinned:
        if a not in app_index or e not in evaluator_index:
            raise ValueError(f"pinned pair ({a!r}, {e!r}) names someone outside the problem")
        pin_codes.add(app_index[a] * m + evaluator_index[e])
    pin_codes_array = np.array(sorted(pin_codes), dtype=np.int64)
    pin_conflict = forbidden_mask.ravel()[pin_codes_array]
    pinned_conflicts = tuple(
        (int(code // m), int(code % m)) for code in pin_codes_array[pin_conflict]
    )
    pin_codes_array = pin_codes_array[~pin_conflict]

    if isinstance(fit, SparseFit):
        codes, scores = _sparse_candidates(fit, n, m, forbidden_mask, candidates_per_application)
        listed_codes = _codes(fit, m)
        at = np.flatnonzero(np.isin(listed_codes, pin_codes_array))
        listed = dict(
            zip(listed_codes[at].tolist(), np.asarray(fit.score)[at].tolist(), strict=True)
        )
        pin_scores = np.array([listed.get(c, 0) for c in pin_codes_array.tolist()], np.int64)
    else:
        dense = _dense_fit(fit, applications, evaluators)
        codes, scores = _dense_candidates(dense, forbidden_mask, candidates_per_application)
        pin_scores = dense.ravel()[pin_codes_array].astype(np.int64)

    codes = np.concatenate([codes, pin_codes_array])
    scores = np.concatenate([scores, pin_scores])
    codes, first = np.unique(codes, return_index=True)
    scores = scores[first]
    return Problem(
        applications=applications,
        evaluators=evaluators,
        capacities=capacities,
        per_application=per_application,
        arc_application=codes // m,
        arc_evaluator=codes % m,
        arc_fit=scores,
        pinned=np.searchsorted(codes, pin_codes_array),
        pinned_conflicts=pinned_conflicts,
        stage=stage,
    )


def _index(ids: tuple, what: str) -> dict:
    index = {value: i for i, value in enumerate(ids)}
    if len(index) != len(ids):
        raise ValueError(f"{what} ids must be unique")
    return index


def _codes(fit: SparseFit, m: int) -> np.ndarray:
    return np.asarray(fit.application, dtype=np.int64) * m + np.asarray(fit.evaluator, np.int64)


def _require_integers(values: np.ndarray) -> None:
    if not np.issubdtype(values.dtype, np.integer) or (values < 0).any():
        raise ValueError("fit scores must be integers of zero or more")


def _dense_fit(fit, applications: tuple, evaluators: tuple) -> np.ndarray:
    if callable(fit):
        dense = np.array(
            [[int(fit(a, e)) for e in evaluators] for a in applications], dtype=np.int64
        ).reshape(len(applications), len(evaluators))
    else:
        dense = np.asarray(fit)
    if dense.shape != (len(applications), len(evaluators)):
        raise ValueError("a dense fit must be applications × evaluators")
    _require_integers(dense)
    return dense


def _tie_order(applications: np.ndarray, evaluators: np.ndarray, m: int) -> np.ndarray:
    """Among equal fits, prefer evaluators in an order rotated by one per application, so the
    candidate sets of ties spread over the pool instead of piling on the first evaluators."""
    return (m - 1) - (evaluators - applications) % m


def _dense_candidates(dense: np.ndarray, forbidden: np.ndarray, top: int | None):
    n, m = dense.shape
    if top is None or top >= m:
        codes = np.flatnonzero(~forbidden).astype(np.int64)
        return codes, dense.ravel()[codes].astype(np.int64)
    key = dense.astype(np.int64) * m
    key += _tie_order(np.arange(n)[:, None], np.arange(m)[None, :], m)
    key[forbidden] = -1
    columns = np.argpartition(-key, top - 1, axis=1)[:, :top]
    kept = np.take_along_axis(key, columns, axis=1).ravel() >= 0
    codes = (np.arange(n, dtype=np.int64)[:, None] * m + columns).ravel()[kept]
    return codes, dense.ravel()[codes].astype(np.int64)


def _sparse_candidates(fit: SparseFit, n: int, m: int, forbidden: np.ndarray, top: int | None):
    codes = _codes(fit, m)
    scores = np.asarray(fit.score)
    _require_integers(scores)
    scores = scores.astype(np.int64)
    if len(codes) and (codes.min() < 0 or codes.max() >= n * m):
        raise ValueError("a sparse fit names a position outside the problem")
    if len(np.unique(codes)) != len(codes):
        raise ValueError("a sparse fit lists a pair twice")
    allowed = ~forbidden.ravel()[codes]
    codes, scores = codes[allowed], scores[allowed]
    if top is not None:
        apps, evaluators = codes // m, codes % m
        order = np.lexsort((-_tie_order(apps, evaluators, m), -scores, apps))
        apps_sorted = apps[order]
        rank = np.arange(len(order)) - np.searchsorted(apps_sorted, apps_sorted)
        keep = order[rank < top]
        codes, scores = codes[keep], scores[keep]
    return codes, scores
