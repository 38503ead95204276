"""Plans: what rule trees compile into (compiler.py) for the batch engine and the one-company
path, and the building blocks the predicate kinds compile with.

A plan is a nested tuple: ("and", parts) | ("or", parts) | ("not", part) | a leaf key. A leaf
key is a canonical, hashable tuple whose first item names its kind of leaf (its op), so equal
conditions of different programmes are computed once. Each op is defined, with its batch and
one-company evaluation, by the predicate module that introduces it (predicates/*.py, LEAVES);
those several kinds share are in predicates/base.py:

    ("true",) ("false",)                  every company, none
    ("ge" | "le", column, value)          column ≥ / ≤ value (dates as day numbers; the columns
                                          are those the predicate modules declare, COLUMNS)

Dates become thresholds with the calendar the reference evaluator uses (dates.py): "at least
Y years on day d" holds exactly for start days ≤ latest_start(d, Y), because anniversaries
never go backwards as the start day advances.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from jiwon.programs.eligibility.dates import day_number, latest_start

Plan = tuple[Any, ...]

TRUE: Plan = ("true",)
FALSE: Plan = ("false",)
COMBINATORS = ("and", "or", "not")


def threshold(day: date, years: int) -> int:
    """Day number of the last start date whose `years`-th anniversary is on or before `day`."""
    return day_number(latest_start(day, years))


def all_of(parts: Sequence[Plan]) -> Plan:
    kept = [p for p in parts if p != TRUE]
    if FALSE in kept:
        return FALSE
    return TRUE if not kept else kept[0] if len(kept) == 1 else ("and", tuple(kept))


def any_of(parts: Sequence[Plan]) -> Plan:
    kept = [p for p in parts if p != FALSE]
    if TRUE in kept:
        return TRUE
    return FALSE if not kept else kept[0] if len(kept) == 1 else ("or", tuple(kept))


def negate(part: Plan) -> Plan:
    if part in (TRUE, FALSE):
        return FALSE if part == TRUE else TRUE
    return part[1] if part[0] == "not" else ("not", part)


def within(column: str, low: int | None, high: int | None) -> Plan:
    """low ≤ column ≤ high, either bound optional."""
    return all_of(
        [
            ("ge", column, low) if low is not None else TRUE,
            ("le", column, high) if high is not None else TRUE,
        ]
    )
