"""One company against every programme, fast enough to run on each portal page view.

The programmes are compiled once, programme-major: the distinct leaf conditions are grouped by
their kind, each kind (predicates/) prepares one evaluator over its leaves' parameters
(thresholds, days, code sets), and every plan tree is laid out level by level with each node's
children contiguous. Evaluating a company is then a handful of vectorised comparisons over the
distinct leaves and one reduction per tree level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jiwon.programs.eligibility.compiler import compile_criteria
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import ProgramEligibility
from jiwon.programs.eligibility.plans import COMBINATORS, Plan
from jiwon.programs.eligibility.predicates import leaf_of
from jiwon.programs.eligibility.predicates.base import OneCompany

OPS = {"and": 1, "or": 2, "not": 3}


@dataclass(frozen=True)
class Recommendation:
    eligible: np.ndarray  # programme indexes, ascending
    near_miss: np.ndarray  # programme indexes where exactly one top-level criterion fails
    near_miss_criterion: tuple[str, ...]  # the failing criterion's id, aligned with near_miss


@dataclass
class _Level:
    size: int
    leaf_pos: np.ndarray  # positions of leaves in this level
    leaf_id: np.ndarray  # their distinct-leaf index
    comb_pos: np.ndarray  # positions of combinators in this level
    child_start: np.ndarray  # where each combinator's children start in the next level
    op: np.ndarray  # their operator (OPS)
    nchild: np.ndarray


class Recommender:
    def __init__(self, programs: Sequence[ProgramEligibility]):
        self.count = len(programs)
        self.leaves: dict[Plan, int] = {}
        levels: list[list[tuple[int, int, int]]] = []
        top_program: list[int] = []
        top_ids: list[str] = []
        frontier: list[Plan] = []
        for p, program in enumerate(programs):
            for cid, plan in compile_criteria(program):
                frontier.append(plan)
                top_program.append(p)
                top_ids.append(cid)
        while frontier:
            level: list[tuple[int, int, int]] = []
            following: list[Plan] = []
            for plan in frontier:
                if plan[0] in COMBINATORS:
                    kids = plan[1] if plan[0] != "not" else (plan[1],)
                    level.append((OPS[plan[0]], len(following), len(kids)))
                    following.extend(kids)
                else:
                    level.append((0, self.leaves.setdefault(plan, len(self.leaves)), 0))
            levels.append(level)
            frontier = following
        self.levels = [self._level(level) for level in levels]
        self.top_program = np.array(top_program, dtype=np.int64)
        self.top_ids = tuple(top_ids)
        counts = np.bincount(self.top_program, minlength=self.count)
        self.with_criteria = np.flatnonzero(counts)
        self.top_start = np.concatenate([[0], np.cumsum(counts)])[self.with_criteria]
        self._group_leaves()

    @staticmethod
    def _level(level: list) -> _Level:
        ops = np.array([e[0] for e in level], dtype=np.int8)
        comb = np.flatnonzero(ops)
        leaf = np.flatnonzero(ops == 0)
        return _Level(
            size=len(level),
            leaf_pos=leaf,
            leaf_id=np.array([level[i][1] for i in leaf], dtype=np.int64),
            comb_pos=comb,
            child_start=np.array([level[i][1] for i in comb], dtype=np.int64),
            op=ops[comb],
            nchild=np.array([level[i][2] for i in comb], dtype=np.int32),
        )

    def _group_leaves(self) -> None:
        """One evaluator per kind of leaf, over the distinct leaves of that kind."""
        by_op: dict[str, list[tuple[int, Plan]]] = defaultdict(list)
        for key, leaf in self.leaves.items():
            by_op[key[0]].append((leaf, key))
        self.evaluators: list[tuple[np.ndarray, OneCompany]] = [
            (
                np.array([leaf for leaf, _key in entries], dtype=np.int64),
                leaf_of(entries[0][1]).one([key for _leaf, key in entries]),
            )
            for entries in by_op.values()
        ]

    def leaf_values(self, c: CompanyFacts) -> np.ndarray:
        values = np.zeros(len(self.leaves), dtype=bool)
        for leaves, evaluate in self.evaluators:
            values[leaves] = evaluate(c)
        return values

    def criteria_values(self, c: CompanyFacts) -> np.ndarray:
        """Whether each top-level criterion (in top_program order) holds for the company."""
        leaf = self.leaf_values(c)
        below = np.zeros(0, dtype=bool)
        for level in reversed(self.levels):
            v = np.empty(level.size, dtype=bool)
            v[level.leaf_pos] = leaf[level.leaf_id]
            if len(level.comb_pos):
                true = np.add.reduceat(below.view(np.uint8), level.child_start, dtype=np.int32)
                v[level.comb_pos] = np.where(
                    level.op == 1,
                    true == level.nchild,
                    np.where(level.op == 2, true > 0, true == 0),
                )
            below = v
        return below

    def recommend(self, c: CompanyFacts) -> Recommendation:
        met = self.criteria_values(c)
        failed = np.zeros(self.count, dtype=np.int32)
        if len(met):
            failed[self.with_criteria] = np.add.reduceat(
                (~met).view(np.uint8), self.top_start, dtype=np.int32
            )
        near = np.flatnonzero(failed == 1)
        which = np.flatnonzero(~met & (failed[self.top_program] == 1)) if len(met) else near
        return Recommendation(
            eligible=np.flatnonzero(failed == 0),
            near_miss=near,
            near_miss_criterion=tuple(self.top_ids[i] for i in which),
        )
