"""years_in_business (업력): the full years since the founding date, with inclusive or
exclusive bounds (이상·초과·미만·이하), and whether pre-founders qualify."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility import groups
from jiwon.programs.eligibility.dates import ONE_DAY, add_years, day_number, full_months
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, boolean, one_of, whole
from jiwon.programs.eligibility.plans import Plan, all_of, any_of, negate, threshold, within
from jiwon.programs.eligibility.predicates.base import Column, Predicate, Value, flag_leaf
from jiwon.programs.eligibility.wording import duration

PREFOUNDER: Plan = ("prefounder",)
PREFOUNDER_CHOICES = ("allowed", "required", "forbidden")
# 창업기업 as in 중소기업창업 지원법: in business for 7 years or less.
STARTUP_MAX_YEARS = 7


@dataclass(frozen=True, kw_only=True)
class YearsInBusiness(Node):
    type: ClassVar[str] = "years_in_business"
    min_years: int | None = None
    min_inclusive: bool = True
    max_years: int | None = None
    max_inclusive: bool = False
    prefounder: str = "forbidden"


def check(node: YearsInBusiness, parser: Parser, path: str) -> None:
    bounded = node.min_years is not None or node.max_years is not None
    if node.prefounder == "required" and bounded:
        parser.error(
            _(
                "%(path)s: a criterion that requires pre-founders cannot also bound the "
                "years in business."
            ),
            path,
            "prefounder_bounds",
        )
    elif node.prefounder == "allowed" and not bounded:
        parser.error(
            _("%(path)s: this accepts everyone; set a bound or forbid pre-founders."),
            path,
            "no_bound",
        )
    elif node.min_years is not None and node.max_years is not None:
        low, high = node.min_years, node.max_years
        if low > high or (low == high and not (node.min_inclusive and node.max_inclusive)):
            parser.error(
                _("%(path)s: no company can satisfy this range of years."),
                path,
                "empty_range",
            )


def reference(node: YearsInBusiness, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    if c.prefounder or c.founded_on is None:  # its founding date, if any, is ignored
        return node.prefounder != "forbidden", {"prefounder": True, "months": None}
    value = {"prefounder": False, "months": full_months(c.founded_on, day)}
    if node.prefounder == "required":
        return False, value
    passed = True
    if node.min_years is not None:
        anniversary = add_years(c.founded_on, node.min_years)
        passed &= anniversary <= day if node.min_inclusive else anniversary < day
    if node.max_years is not None:
        anniversary = add_years(c.founded_on, node.max_years)
        passed &= day <= anniversary if node.max_inclusive else day < anniversary
    return passed, value


def founded_bounds(node: YearsInBusiness, day: date) -> tuple[int | None, int | None]:
    """Inclusive (low, high) day-number bounds on the founding date."""
    low = high = None
    if node.min_years is not None:
        # at least Y: anniversary ≤ day; more than Y: anniversary ≤ the day before.
        high = threshold(day if node.min_inclusive else day - ONE_DAY, node.min_years)
    if node.max_years is not None:
        # under Y: anniversary > day; at most Y: anniversary > the day before.
        low = threshold(day - ONE_DAY if node.max_inclusive else day, node.max_years) + 1
    return low, high


def plan(node: YearsInBusiness, day: date) -> Plan:
    if node.prefounder == "required":
        return PREFOUNDER
    bounds = within("founded", *founded_bounds(node, day))
    if node.prefounder == "allowed":
        return any_of([PREFOUNDER, bounds])
    return all_of([bounds, negate(PREFOUNDER)])


def requirement(node: YearsInBusiness, day: date) -> str:
    if node.prefounder == "required":
        return gettext("must be a pre-founder (not yet in business)")
    parts = []
    if node.min_years is not None:
        span = duration(node.min_years * 12)
        if node.min_inclusive:
            parts.append(gettext("at least %(span)s") % {"span": span})
        else:
            parts.append(gettext("more than %(span)s") % {"span": span})
    if node.max_years is not None:
        span = duration(node.max_years * 12)
        if node.max_inclusive:
            parts.append(gettext("at most %(span)s") % {"span": span})
        else:
            parts.append(gettext("under %(span)s") % {"span": span})
    if not parts:
        return gettext("must be in business (not a pre-founder)")
    bounds = (
        gettext("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
        if (len(parts) == 2)
        else parts[0]
    )
    if node.prefounder == "allowed":
        return gettext("must be %(bounds)s, or a pre-founder") % {"bounds": bounds}
    return gettext("must be %(bounds)s") % {"bounds": bounds}


def value_text(node: YearsInBusiness, value: Value, day: date) -> str:
    if value["prefounder"]:
        return gettext("pre-founder (not yet in business)")
    if value["months"] < 0:
        return gettext("founded after the reference date")
    return gettext("%(span)s in business") % {"span": duration(value["months"])}


def target_groups(data: dict[str, Any]) -> Iterable[str]:
    prefounder = data.get("prefounder", "forbidden")
    max_years = data.get("max_years")
    if prefounder in ("allowed", "required"):
        yield groups.PREFOUNDER
    if (
        prefounder != "required"
        and isinstance(max_years, int)
        and not isinstance(max_years, bool)
        and max_years <= STARTUP_MAX_YEARS
    ):
        yield groups.STARTUP


PREDICATES = (
    Predicate(
        node=YearsInBusiness,
        read={
            "min_years": whole(0, 100),
            "min_inclusive": boolean,
            "max_years": whole(0, 100),
            "max_inclusive": boolean,
            "prefounder": one_of(PREFOUNDER_CHOICES, "forbidden"),
        },
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
        groups=target_groups,
    ),
)
LEAVES = (flag_leaf(PREFOUNDER, lambda table: table.prefounder, lambda c: c.prefounder),)


def founded_day(c: CompanyFacts, _argument: str) -> int:
    # A pre-founder's founding date, if any, is ignored: the plans pair this column with the
    # pre-founder flag.
    return 0 if c.prefounder or c.founded_on is None else day_number(c.founded_on)


COLUMNS = (Column("founded", lambda table, _argument: table.founded, founded_day),)
