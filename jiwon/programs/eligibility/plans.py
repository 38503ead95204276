"""Rule trees compiled into plans, shared by the batch engine and the one-company path.

A plan is a nested tuple: ("and", parts) | ("or", parts) | ("not", part) | a leaf key. Leaf
keys are canonical and hashable, so equal conditions of different programmes are computed once:

    ("ge" | "le", column, value)          column ≥ / ≤ value (dates as day numbers; the column
                                          "sales_avg3:<year>" is derived, see columns.py)
    ("region", include, exclude)          region codes (frozensets)
    ("ksic", include, exclude)            KSIC codes (frozensets)
    ("stage", stages, day)                growth stage on day in stages
    ("cert", kind, day)                   holds `kind` valid on day
    ("past", programs, low, day)          no selection in programs with low < selected ≤ day
    ("in_progress", programs, day, max)   at most max projects running on day (all if None)
    ("prefounder",) ("local",) ("true",) ("false",)

Dates become thresholds with the calendar the reference evaluator uses (dates.py): "at least
Y years on day d" holds exactly for start days ≤ latest_start(d, Y), because anniversaries
never go backwards as the start day advances.
"""

from __future__ import annotations

from datetime import date

from jiwon.programs.eligibility import rules as r
from jiwon.programs.eligibility.columns import AVERAGE_SALES
from jiwon.programs.eligibility.dates import ONE_DAY, day_number, latest_start

TRUE = ("true",)
FALSE = ("false",)
PREFOUNDER = ("prefounder",)
LOCAL = ("local",)
COMBINATORS = ("and", "or", "not")


def threshold(day: date, years: int) -> int:
    """Day number of the last start date whose `years`-th anniversary is on or before `day`."""
    return day_number(latest_start(day, years))


def all_of(parts: list) -> tuple:
    parts = [p for p in parts if p != TRUE]
    if FALSE in parts:
        return FALSE
    return TRUE if not parts else parts[0] if len(parts) == 1 else ("and", tuple(parts))


def any_of(parts: list) -> tuple:
    parts = [p for p in parts if p != FALSE]
    if TRUE in parts:
        return TRUE
    return FALSE if not parts else parts[0] if len(parts) == 1 else ("or", tuple(parts))


def negate(part: tuple) -> tuple:
    if part in (TRUE, FALSE):
        return FALSE if part == TRUE else TRUE
    return part[1] if part[0] == "not" else ("not", part)


def compile_rule(node: r.Node, day: date) -> tuple:
    return COMPILERS[type(node)](node, day)


def _range(column: str, low: int | None, high: int | None) -> tuple:
    return all_of(
        [
            ("ge", column, low) if low is not None else TRUE,
            ("le", column, high) if high is not None else TRUE,
        ]
    )


def founded_bounds(node: r.YearsInBusiness, day: date) -> tuple[int | None, int | None]:
    """Inclusive (low, high) day-number bounds on the founding date."""
    low = high = None
    if node.min_years is not None:
        # at least Y: anniversary ≤ day; more than Y: anniversary ≤ the day before.
        high = threshold(day if node.min_inclusive else day - ONE_DAY, node.min_years)
    if node.max_years is not None:
        # under Y: anniversary > day; at most Y: anniversary > the day before.
        low = threshold(day - ONE_DAY if node.max_inclusive else day, node.max_years) + 1
    return low, high


def birth_bounds(node: r.RepresentativeAge, day: date) -> tuple[int | None, int | None]:
    """Aged at least A: the A-th birthday is on or before the day; aged at most A: the
    (A+1)-th birthday is after it."""
    high = threshold(day, node.minimum) if node.minimum is not None else None
    low = threshold(day, node.maximum + 1) + 1 if node.maximum is not None else None
    return low, high


def _years(node: r.YearsInBusiness, day: date) -> tuple:
    if node.prefounder == "required":
        return PREFOUNDER
    bounds = _range("founded", *founded_bounds(node, day))
    if node.prefounder == "allowed":
        return any_of([PREFOUNDER, bounds])
    return all_of([bounds, negate(PREFOUNDER)])


def _region(node: r.RegionRule, day: date) -> tuple:
    codes = (
        ("region", frozenset(node.include), frozenset(node.exclude))
        if node.include or node.exclude
        else TRUE
    )
    return all_of([LOCAL if node.local_only else TRUE, codes])


def _sales(node: r.Sales, day: date) -> tuple:
    column = "sales" if node.basis == "last_year" else f"{AVERAGE_SALES}{day.year}"
    return _range(column, node.minimum, node.maximum)


def _certified(node: r.Certified, day: date) -> tuple:
    leaves = [("cert", kind, day_number(day)) for kind in node.kinds]
    return all_of(leaves) if node.mode == "all" else any_of(leaves)


def _past(node: r.PastSelection, day: date) -> tuple:
    # Excluded when selected on s with s ≤ day ≤ anniversary(s, N): low < s ≤ day.
    low = threshold(day - ONE_DAY, node.within_years)
    return ("past", frozenset(node.programs), low, day_number(day))


def _in_progress(node: r.InProgress, day: date) -> tuple:
    programs = frozenset(node.programs) if node.programs else None
    return ("in_progress", programs, day_number(day), node.maximum)


COMPILERS = {
    r.All: lambda n, d: all_of([compile_rule(c, d) for c in n.criteria]),
    r.AnyOf: lambda n, d: any_of([compile_rule(c, d) for c in n.criteria]),
    r.Not: lambda n, d: negate(compile_rule(n.criterion, d)),
    r.RegionRule: _region,
    r.IndustryRule: lambda n, d: ("ksic", frozenset(n.include), frozenset(n.exclude)),
    r.YearsInBusiness: _years,
    r.RepresentativeAge: lambda n, d: _range("birth", *birth_bounds(n, d)),
    r.Employees: lambda n, d: _range("employees", n.minimum, n.maximum),
    r.Sales: _sales,
    r.Certified: _certified,
    r.WomenOwned: lambda n, d: ("cert", n.kind, day_number(d)),
    r.DisabledOwned: lambda n, d: ("cert", n.kind, day_number(d)),
    r.SocialEnterprise: lambda n, d: ("cert", n.kind, day_number(d)),
    r.PastSelection: _past,
    r.InProgress: _in_progress,
    r.GrowthStageIn: lambda n, d: ("stage", frozenset(n.include), day_number(d)),
}


def compile_criteria(program: r.ProgramEligibility) -> list[tuple[str, tuple]]:
    """The plan of each top-level criterion, with its id."""
    day = program.reference_date
    return [(cid, compile_rule(node, day)) for cid, node in r.top_level(program.rule)]
