"""in_progress: at most `max` projects in progress on the reference date (of the listed
programmes, or of all when none is listed). A project is in progress from its selection date
to its end (no end: still running)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from django.utils.translation import gettext, ngettext

from jiwon.programs.eligibility.dates import day_number
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import program_keys, whole
from jiwon.programs.eligibility.plans import Plan
from jiwon.programs.eligibility.predicates.base import Leaf, OneCompany, Predicate, Value
from jiwon.programs.eligibility.wording import listed

if TYPE_CHECKING:
    from jiwon.programs.eligibility.batch import Engine

NO_END = np.iinfo(np.int64).max


@dataclass(frozen=True, kw_only=True)
class InProgress(Node):
    type: ClassVar[str] = "in_progress"
    maximum: int = 0
    programs: tuple[str, ...] = ()


def reference(node: InProgress, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    count = sum(
        1
        for p in c.participations
        if (not node.programs or p.program in node.programs)
        and p.selected_on <= day
        and (p.ends_on is None or day <= p.ends_on)
    )
    return count <= node.maximum, {"in_progress": count}


def plan(node: InProgress, day: date) -> Plan:
    """("in_progress", programs, day, max): at most max projects running on day (of every
    programme when programs is None)."""
    programs = frozenset(node.programs) if node.programs else None
    return ("in_progress", programs, day_number(day), node.maximum)


def requirement(node: InProgress, day: date) -> str:
    if node.programs:
        return gettext("must have at most %(max)s projects in progress in %(programs)s") % {
            "max": node.maximum,
            "programs": listed(node.programs),
        }
    return gettext("must have at most %(max)s projects in progress") % {"max": node.maximum}


def value_text(node: InProgress, value: Value, day: date) -> str:
    count = value["in_progress"]
    return ngettext("%(count)s project in progress", "%(count)s projects in progress", count) % {
        "count": count
    }


def at_most_in_batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
    iv = engine.participation.intervals
    if key[1] is None:
        starts, ends, rows = iv.start, iv.end, iv.row
    else:
        records = engine.records(key[1])
        starts, ends, rows = iv.start[records], iv.end[records], iv.row[records]
    running = np.compress((starts <= key[2]) & (ends >= key[2]), rows)
    if key[1] is not None:
        running.sort()  # records of several programmes: bring each company's together
    firsts = np.flatnonzero(np.r_[True, running[1:] != running[:-1]])
    counts = np.diff(np.r_[firsts, len(running)])
    out[:] = True
    out[running[firsts[counts > key[3]]]] = False


def at_most_by_one(keys: Sequence[Plan]) -> OneCompany:
    day = np.array([key[2] for key in keys], dtype=np.int64)
    maximum = np.array([key[3] for key in keys], dtype=np.int64)
    every = np.array([key[1] is None for key in keys], dtype=bool)
    found: dict[str, list[int]] = defaultdict(list)
    for position, key in enumerate(keys):
        for program in key[1] or ():
            found[program].append(position)
    by_program = {k: np.array(v, dtype=np.int64) for k, v in found.items()}

    def values(c: CompanyFacts) -> np.ndarray:
        count = np.zeros(len(keys), dtype=np.int64)
        for p in c.participations:
            s = day_number(p.selected_on)
            e = NO_END if p.ends_on is None else day_number(p.ends_on)
            applies = every.copy()
            at = by_program.get(p.program)
            if at is not None:
                applies[at] = True
            count += applies & (day >= s) & (day <= e)
        return count <= maximum

    return values


PREDICATES = (
    Predicate(
        node=InProgress,
        read={"maximum": whole(0, 10**15, nullable=False), "programs": program_keys},
        required=("max",),
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
    ),
)
LEAVES = (Leaf("in_progress", at_most_in_batch, at_most_by_one),)
