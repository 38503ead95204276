"""One company against every programme, fast enough to run on each portal page view.

The programmes are compiled once, programme-major: every distinct leaf condition becomes one
entry of a per-kind parameter array (thresholds, days, code sets), and every plan tree is laid
out level by level with each node's children contiguous. Evaluating a company is then a
handful of vectorised comparisons over the distinct leaves and one reduction per tree level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jiwon.programs.eligibility import rules as r
from jiwon.programs.eligibility.codes import (
    CERTIFICATION_KINDS,
    ksic_keys,
    region_keys,
    rule_matches,
)
from jiwon.programs.eligibility.columns import AVERAGE_SALES, STAGE_VOCABULARY
from jiwon.programs.eligibility.dates import day_number
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.plans import COMBINATORS, compile_criteria

OPS = {"and": 1, "or": 2, "not": 3}
INF = np.iinfo(np.int64).max


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
    def __init__(self, programs: Sequence[r.ProgramEligibility]):
        self.count = len(programs)
        self.leaves: dict[tuple, int] = {}
        levels: list[list] = []
        top_program, top_ids = [], []
        frontier = []
        for p, program in enumerate(programs):
            for cid, plan in compile_criteria(program):
                frontier.append(plan)
                top_program.append(p)
                top_ids.append(cid)
        while frontier:
            level, following = [], []
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
        """Parameter arrays per leaf kind, over the distinct leaves."""
        constant: dict[str, list[int]] = defaultdict(list)
        bounds: dict[tuple, list] = defaultdict(list)
        self.coded: dict[str, list] = defaultdict(list)  # region/ksic: (leaf, sets)
        certs, past, running, stages = [], [], [], []
        for key, leaf in self.leaves.items():
            op = key[0]
            if op in ("ge", "le"):
                bounds[(op, key[1])].append((leaf, key[2]))
            elif op in ("region", "ksic"):
                self.coded[op].append((leaf, key[1:]))
            elif op == "stage":
                stages.append((leaf, key[1], key[2]))
            elif op == "cert":
                certs.append((leaf, CERTIFICATION_KINDS.index(key[1]), key[2]))
            elif op == "past":
                past.append((leaf, key[1], key[2], key[3]))
            elif op == "in_progress":
                running.append((leaf, key[1], key[2], key[3]))
            else:
                constant[op].append(leaf)
        self.constant = {k: np.array(v, dtype=np.int64) for k, v in constant.items()}
        self.bounds = {
            k: (np.array([e[0] for e in v]), np.array([e[1] for e in v], dtype=np.int64))
            for k, v in bounds.items()
        }
        self.coded_leaf = {k: np.array([e[0] for e in v]) for k, v in self.coded.items()}
        self.memo: dict[tuple, np.ndarray] = {}
        self.cert_leaf = np.array([c[0] for c in certs], dtype=np.int64)
        self.cert_kind = np.array([c[1] for c in certs], dtype=np.int64)
        self.cert_day = np.array([c[2] for c in certs], dtype=np.int64)
        self.past_leaf = np.array([p[0] for p in past], dtype=np.int64)
        self.past_low = np.array([p[2] for p in past], dtype=np.int64)
        self.past_day = np.array([p[3] for p in past], dtype=np.int64)
        self.past_by_program = self._inverted(p[1] for p in past)
        self.run_leaf = np.array([p[0] for p in running], dtype=np.int64)
        self.run_day = np.array([p[2] for p in running], dtype=np.int64)
        self.run_max = np.array([p[3] for p in running], dtype=np.int64)
        self.run_all = np.array([p[1] is None for p in running], dtype=bool)
        self.run_by_program = self._inverted(p[1] or () for p in running)
        self.stage_leaf = np.array([e[0] for e in stages], dtype=np.int64)
        self.stage_lut = np.array(
            [[v in e[1] for v in STAGE_VOCABULARY] for e in stages], dtype=bool
        ).reshape(len(stages), len(STAGE_VOCABULARY))
        self.stage_days, self.stage_day_of = np.unique(
            np.array([e[2] for e in stages], dtype=np.int64), return_inverse=True
        )

    @staticmethod
    def _inverted(sets) -> dict[str, np.ndarray]:
        found: dict[str, list[int]] = defaultdict(list)
        for i, keys in enumerate(sets):
            for key in keys:
                found[key].append(i)
        return {k: np.array(v, dtype=np.int64) for k, v in found.items()}

    def _coded(self, kind: str, code: str) -> np.ndarray:
        """Which region/KSIC leaves a company with `code` satisfies (memoised)."""
        found = self.memo.get((kind, code))
        if found is None:
            keys = region_keys(code) if kind == "region" else ksic_keys(code)
            found = np.array(
                [rule_matches(inc, exc, keys) for _, (inc, exc) in self.coded[kind]],
                dtype=bool,
            )
            self.memo[(kind, code)] = found
        return found

    def leaf_values(self, c: CompanyFacts) -> np.ndarray:
        values = np.zeros(len(self.leaves), dtype=bool)
        constants = {"true": True, "false": False, "prefounder": c.prefounder, "local": c.is_local}
        for name, leaves in self.constant.items():
            values[leaves] = constants[name]
        columns = {
            "founded": 0 if c.prefounder else day_number(c.founded_on),
            "birth": day_number(c.birth_date),
            "employees": c.employees,
            "sales": c.sales_won,
        }
        for (op, column), (leaves, limits) in self.bounds.items():
            if column.startswith(AVERAGE_SALES):
                value = c.average_sales(int(column[len(AVERAGE_SALES) :]))
            else:
                value = columns[column]
            values[leaves] = value >= limits if op == "ge" else value <= limits
        codes = {"region": c.region, "ksic": c.ksic}
        for kind, leaves in self.coded_leaf.items():
            values[leaves] = self._coded(kind, codes[kind])
        if len(self.stage_leaf):
            stage = self._stages_on_days(c)[self.stage_day_of]
            values[self.stage_leaf] = self.stage_lut[np.arange(len(self.stage_leaf)), stage]
        if len(self.cert_leaf):
            held = np.zeros(len(self.cert_leaf), dtype=bool)
            for cert in c.certifications:
                start = day_number(cert.valid_from)
                end = INF if cert.valid_to is None else day_number(cert.valid_to)
                kind = CERTIFICATION_KINDS.index(cert.kind)
                held |= (self.cert_kind == kind) & (self.cert_day >= start) & (self.cert_day <= end)
            values[self.cert_leaf] = held
        if len(self.past_leaf):
            hit = np.zeros(len(self.past_leaf), dtype=bool)
            for p in c.participations:
                at = self.past_by_program.get(p.program)
                if at is not None:
                    s = day_number(p.selected_on)
                    hit[at] |= (self.past_low[at] < s) & (s <= self.past_day[at])
            values[self.past_leaf] = ~hit
        if len(self.run_leaf):
            count = np.zeros(len(self.run_leaf), dtype=np.int64)
            for p in c.participations:
                s = day_number(p.selected_on)
                e = INF if p.ends_on is None else day_number(p.ends_on)
                applies = self.run_all.copy()
                at = self.run_by_program.get(p.program)
                if at is not None:
                    applies[at] = True
                count += applies & (self.run_day >= s) & (self.run_day <= e)
            values[self.run_leaf] = count <= self.run_max
        return values

    def _stages_on_days(self, c: CompanyFacts) -> np.ndarray:
        """The company's stage (vocabulary index) on each distinct day the leaves ask about,
        as CompanyFacts.stage_on defines it."""
        if not c.stage_changes:
            current = STAGE_VOCABULARY.index(c.growth_stage)
            return np.full(len(self.stage_days), current, dtype=np.int64)
        changes = sorted(c.stage_changes, key=lambda change: change.effective_on)
        days = np.array([day_number(change.effective_on) for change in changes], dtype=np.int64)
        stages = np.array([STAGE_VOCABULARY.index(ch.stage) for ch in changes], dtype=np.int64)
        latest = np.searchsorted(days, self.stage_days, side="right") - 1
        return np.where(latest >= 0, stages[np.maximum(latest, 0)], 0)

    def criteria_values(self, c: CompanyFacts) -> np.ndarray:
        """Whether each top-level criterion (in top_program order) holds for the company."""
        leaf = self.leaf_values(c)
        below = None
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
        return below if below is not None else np.zeros(0, dtype=bool)

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
