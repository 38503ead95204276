"""growth_stage: the company's growth-ladder stage on the reference date is one of those
listed. The stage on a day is companies.selectors.stage_on (the registry's definition, which
the KPIs use too); a company without a stage never matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from django.utils.translation import gettext

from jiwon.companies.selectors import stage_on
from jiwon.programs.eligibility.codes import GROWTH_STAGES
from jiwon.programs.eligibility.columns import STAGE_VOCABULARY, CompanyTable
from jiwon.programs.eligibility.dates import day_number, from_day_number
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, codes_in
from jiwon.programs.eligibility.plans import Plan
from jiwon.programs.eligibility.predicates.base import Leaf, OneCompany, Predicate, Value
from jiwon.programs.eligibility.wording import listed

if TYPE_CHECKING:
    from jiwon.programs.eligibility.batch import Engine

FOREVER_AGO = np.iinfo(np.int32).min  # the first step starts before every day
STEPS = "stage_steps"  # where a table keeps its steps (CompanyTable.derived)


@dataclass(frozen=True, kw_only=True)
class GrowthStageIn(Node):
    type: ClassVar[str] = "growth_stage"
    include: tuple[str, ...] = ()


def check(node: GrowthStageIn, parser: Parser, path: str) -> None:
    parser.require_some(node.include, path)


def reference(node: GrowthStageIn, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    changes = [(change.effective_on, change.stage) for change in c.stage_changes]
    stage = stage_on(changes, current=c.growth_stage, day=day)
    return stage in node.include, {"stage": stage}


def plan(node: GrowthStageIn, day: date) -> Plan:
    """("stage", stages, day): the stage on day is one of stages."""
    return ("stage", frozenset(node.include), day_number(day))


def requirement(node: GrowthStageIn, day: date) -> str:
    return gettext("must be at growth stage %(stages)s") % {"stages": listed(node.include)}


def value_text(node: GrowthStageIn, value: Value, day: date) -> str:
    on = day.isoformat()
    if not value["stage"]:
        return gettext("no growth stage on %(date)s") % {"date": on}
    return gettext("growth stage %(stage)s on %(date)s") % {"stage": value["stage"], "date": on}


# The engines ask for the stage on many days. stage_on depends on the day only through the
# changes effective by then, so it is constant from one change day to the next: the engines
# evaluate it once per change day (and once for the days before the first) and look it up.


def steps(changes: Sequence[tuple[date, str]], current: str) -> tuple[list[int], list[int]]:
    """(the day numbers from which the stage holds, the stage's STAGE_VOCABULARY index from
    each of them on); the first step starts FOREVER_AGO."""
    change_days = sorted({day_number(effective_on) for effective_on, _stage in changes})
    # Any day before the first change stands for them all (with no change, any day at all).
    before = from_day_number(change_days[0] - 1) if change_days else date.min
    asked = [before, *(from_day_number(d) for d in change_days)]
    stages = [STAGE_VOCABULARY.index(stage_on(changes, current=current, day=d)) for d in asked]
    return [int(FOREVER_AGO), *change_days], stages


@dataclass
class TableSteps:
    unchanged: np.ndarray  # the stage of a row without recorded change, by its registry stage
    row: np.ndarray  # the steps of the rows with recorded changes: by row, then day
    day: np.ndarray
    stage: np.ndarray


def table_steps(table: CompanyTable) -> TableSteps:
    found = table.derived.get(STEPS)
    if found is None:
        history = table.stage_history
        rows, days, stages = [], [], []
        for row in np.unique(history.row):
            part = history.rows_of(int(row))
            changes = [
                (from_day_number(day), STAGE_VOCABULARY[stage])
                for day, stage in zip(history.day[part], history.stage[part], strict=True)
            ]
            starts, held = steps(changes, STAGE_VOCABULARY[table.stage[row]])
            rows += [int(row)] * len(starts)
            days += starts
            stages += held
        unchanged = [steps((), current)[1][0] for current in STAGE_VOCABULARY]
        found = table.derived[STEPS] = TableSteps(
            np.array(unchanged, dtype=np.uint8),
            np.array(rows, dtype=np.int64),
            np.array(days, dtype=np.int64),
            np.array(stages, dtype=np.uint8),
        )
    return found


def stages_on(table: CompanyTable, day: int) -> np.ndarray:
    """Each row's STAGE_VOCABULARY index on day number `day`."""
    found = table_steps(table)
    stage = found.unchanged[table.stage]
    effective = np.flatnonzero(found.day <= day)  # each changed row has a step FOREVER_AGO
    rows = found.row[effective]
    last = np.flatnonzero(np.r_[rows[1:] != rows[:-1], True]) if len(rows) else rows
    stage[rows[last]] = found.stage[effective[last]]
    return stage


def at_stage_in_batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
    lut = np.array([s in key[1] for s in STAGE_VOCABULARY], dtype=bool)
    np.take(lut, stages_on(engine.table, key[2]), out=out)


def at_stage_by_one(keys: Sequence[Plan]) -> OneCompany:
    lut = np.array([[s in key[1] for s in STAGE_VOCABULARY] for key in keys], dtype=bool)
    lut = lut.reshape(len(keys), len(STAGE_VOCABULARY))
    asked = np.array([key[2] for key in keys], dtype=np.int64)
    days, day_of = np.unique(asked, return_inverse=True)
    positions = np.arange(len(keys))

    def values(c: CompanyFacts) -> np.ndarray:
        changes = [(change.effective_on, change.stage) for change in c.stage_changes]
        starts, held = steps(changes, c.growth_stage)
        on_days = np.array(held)[np.searchsorted(starts, days, side="right") - 1]
        return lut[positions, on_days[day_of]]

    return values


PREDICATES = (
    Predicate(
        node=GrowthStageIn,
        read={"include": codes_in(GROWTH_STAGES)},
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
    ),
)
LEAVES = (Leaf("stage", at_stage_in_batch, at_stage_by_one),)
