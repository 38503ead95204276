"""sales: `min` ≤ sales ≤ `max` (won, inclusive). `basis: "last_year"` is the registry's last
year's sales; `"three_year_average"` the mean of the yearly sales reported for the three
calendar years before the reference date's year, over the years reported, rounded down to the
won; last year's sales stand in when none of the three is reported. Pre-founders have none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import numpy as np
from django.utils.translation import gettext

from jiwon.programs.eligibility.columns import NOT_REPORTED, CompanyTable
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, one_of, whole
from jiwon.programs.eligibility.plans import Plan, within
from jiwon.programs.eligibility.predicates.base import Column, Predicate, Value
from jiwon.programs.eligibility.predicates.base import within as is_within
from jiwon.programs.eligibility.wording import bounds, listed, won

SALES_BASES = ("last_year", "three_year_average")
AVERAGE_SALES = "sales_avg3"  # the column, with the reference year as its argument


@dataclass(frozen=True, kw_only=True)
class Sales(Node):
    type: ClassVar[str] = "sales"
    minimum: int | None = None
    maximum: int | None = None
    basis: str = "last_year"


def reported_years(c: CompanyFacts, year: int) -> list[tuple[int, int]]:
    """The reported (year, won) of the three calendar years before `year`."""
    window = range(year - 3, year)
    return sorted((y, amount) for y, amount in c.sales_by_year if y in window)


def average_sales(c: CompanyFacts, year: int) -> int:
    """The three-year average for a reference date in `year`."""
    reported = reported_years(c, year)
    if not reported:
        return c.sales_won
    return sum(amount for _, amount in reported) // len(reported)


def average_sales_column(table: CompanyTable, year: int) -> np.ndarray:
    """`average_sales` of every row of the table."""
    total = np.zeros(table.n, dtype=np.int64)
    reported = np.zeros(table.n, dtype=np.int64)
    for past in range(year - 3, year):
        amounts = table.sales_history.get(past)
        if amounts is not None:
            total += np.where(amounts != NOT_REPORTED, amounts, 0)
            reported += amounts != NOT_REPORTED
    average = table.sales.copy()
    some = reported > 0
    average[some] = total[some] // reported[some]
    return average


def check(node: Sales, parser: Parser, path: str) -> None:
    parser.check_range(node.minimum, node.maximum, path)


def reference(node: Sales, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    if node.basis == "last_year":
        return is_within(c.sales_won, node.minimum, node.maximum), {"sales_won": c.sales_won}
    average = average_sales(c, day.year)
    years = [year for year, _ in reported_years(c, day.year)]
    return is_within(average, node.minimum, node.maximum), {"sales_won": average, "years": years}


def plan(node: Sales, day: date) -> Plan:
    column = "sales" if node.basis == "last_year" else f"{AVERAGE_SALES}:{day.year}"
    return within(column, node.minimum, node.maximum)


def requirement(node: Sales, day: date) -> str:
    if node.basis == "last_year":
        return bounds(
            node.minimum,
            node.maximum,
            gettext("last year's sales must be at least %(min)s"),
            gettext("last year's sales must be at most %(max)s"),
            gettext("last year's sales must be from %(min)s to %(max)s"),
            shown=won,
        )
    return bounds(
        node.minimum,
        node.maximum,
        gettext("average sales of %(first)s–%(last)s must be at least %(min)s"),
        gettext("average sales of %(first)s–%(last)s must be at most %(max)s"),
        gettext("average sales of %(first)s–%(last)s must be from %(min)s to %(max)s"),
        shown=won,
        first=day.year - 3,
        last=day.year - 1,
    )


def value_text(node: Sales, value: Value, day: date) -> str:
    amount = won(value["sales_won"])
    if node.basis == "last_year":
        return gettext("last year's sales %(amount)s") % {"amount": amount}
    if not value["years"]:
        return gettext(
            "last year's sales %(amount)s (no yearly sales reported for %(first)s–%(last)s)"
        ) % {"amount": amount, "first": day.year - 3, "last": day.year - 1}
    return gettext("average sales %(amount)s (reported for %(years)s)") % {
        "amount": amount,
        "years": listed(value["years"]),
    }


PREDICATES = (
    Predicate(
        node=Sales,
        read={
            "minimum": whole(0, 10**15),
            "maximum": whole(0, 10**15),
            "basis": one_of(SALES_BASES, "last_year"),
        },
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
    ),
)
COLUMNS = (
    Column("sales", lambda table, _argument: table.sales, lambda c, _argument: c.sales_won),
    Column(
        AVERAGE_SALES,
        lambda table, year: average_sales_column(table, int(year)),
        lambda c, year: average_sales(c, int(year)),
    ),
)
