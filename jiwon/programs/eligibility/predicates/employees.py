"""employees: the number of employees (상시근로자), `min` and `max` inclusive. Pre-founders have
none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.utils.translation import gettext, ngettext

from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, whole
from jiwon.programs.eligibility.plans import Plan, within
from jiwon.programs.eligibility.predicates.base import Column, Predicate, Value
from jiwon.programs.eligibility.predicates.base import within as is_within
from jiwon.programs.eligibility.wording import bounds


@dataclass(frozen=True, kw_only=True)
class Employees(Node):
    type: ClassVar[str] = "employees"
    minimum: int | None = None
    maximum: int | None = None


def check(node: Employees, parser: Parser, path: str) -> None:
    parser.check_range(node.minimum, node.maximum, path)


def reference(node: Employees, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    return is_within(c.employees, node.minimum, node.maximum), {"employees": c.employees}


def plan(node: Employees, day: date) -> Plan:
    return within("employees", node.minimum, node.maximum)


def requirement(node: Employees, day: date) -> str:
    return bounds(
        node.minimum,
        node.maximum,
        gettext("must have at least %(min)s employees"),
        gettext("must have at most %(max)s employees"),
        gettext("must have %(min)s to %(max)s employees"),
    )


def value_text(node: Employees, value: Value, day: date) -> str:
    count = value["employees"]
    return ngettext("%(count)s employee", "%(count)s employees", count) % {"count": count}


PREDICATES = (
    Predicate(
        node=Employees,
        read={"minimum": whole(0, 10**15), "maximum": whole(0, 10**15)},
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
    ),
)
COLUMNS = (Column("employees", lambda table, _argument: table.employees, lambda c, _: c.employees),)
