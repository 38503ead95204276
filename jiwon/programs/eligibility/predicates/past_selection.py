"""past_selection (최근 N년 이내 선정 기업 제외): fails when the company was selected in one of
the programmes (by key) on a day s with s ≤ the reference date ≤ the N-th anniversary of s."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from django.utils.translation import gettext

from jiwon.programs.eligibility.dates import ONE_DAY, add_years, day_number
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, program_keys, whole
from jiwon.programs.eligibility.plans import Plan, threshold
from jiwon.programs.eligibility.predicates.base import Leaf, OneCompany, Predicate, Value
from jiwon.programs.eligibility.wording import duration, listed

if TYPE_CHECKING:
    from jiwon.programs.eligibility.batch import Engine


@dataclass(frozen=True, kw_only=True)
class PastSelection(Node):
    type: ClassVar[str] = "past_selection"
    programs: tuple[str, ...] = ()
    within_years: int = 1


def check(node: PastSelection, parser: Parser, path: str) -> None:
    parser.require_some(node.programs, path)


def reference(node: PastSelection, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    hits = sorted(
        (p.selected_on.isoformat(), p.program)
        for p in c.participations
        if p.program in node.programs
        and p.selected_on <= day <= add_years(p.selected_on, node.within_years)
    )
    return not hits, {"selections": [[program, on] for on, program in hits]}


def plan(node: PastSelection, day: date) -> Plan:
    """("past", programs, low, day): no selection in `programs` with low < selected ≤ day."""
    # Excluded when selected on s with s ≤ day ≤ anniversary(s, N): low < s ≤ day.
    low = threshold(day - ONE_DAY, node.within_years)
    return ("past", frozenset(node.programs), low, day_number(day))


def requirement(node: PastSelection, day: date) -> str:
    span = duration(node.within_years * 12)
    return gettext("must not have been selected in %(programs)s within %(span)s") % {
        "programs": listed(node.programs),
        "span": span,
    }


def value_text(node: PastSelection, value: Value, day: date) -> str:
    if not value["selections"]:
        return gettext("not selected in these programmes in that period")
    program, on = value["selections"][-1]
    return gettext("selected in %(program)s on %(date)s") % {"program": program, "date": on}


def not_selected_in_batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
    out[:] = True
    records = engine.records(key[1])
    selected = engine.participation.intervals.start[records]
    hit = (selected > key[2]) & (selected <= key[3])
    out[np.compress(hit, engine.participation.intervals.row[records])] = False


def not_selected_by_one(keys: Sequence[Plan]) -> OneCompany:
    low = np.array([key[2] for key in keys], dtype=np.int64)
    day = np.array([key[3] for key in keys], dtype=np.int64)
    found: dict[str, list[int]] = defaultdict(list)
    for position, key in enumerate(keys):
        for program in key[1]:
            found[program].append(position)
    by_program = {k: np.array(v, dtype=np.int64) for k, v in found.items()}

    def values(c: CompanyFacts) -> np.ndarray:
        hit = np.zeros(len(keys), dtype=bool)
        for p in c.participations:
            at = by_program.get(p.program)
            if at is not None:
                s = day_number(p.selected_on)
                hit[at] |= (low[at] < s) & (s <= day[at])
        return ~hit

    return values


PREDICATES = (
    Predicate(
        node=PastSelection,
        read={"programs": program_keys, "within_years": whole(1, 100, nullable=False)},
        required=("within_years",),
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
    ),
)
LEAVES = (Leaf("past", not_selected_in_batch, not_selected_by_one),)
