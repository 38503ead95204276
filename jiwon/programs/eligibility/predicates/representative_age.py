"""representative_age (만 나이): the number of anniversaries of the representative's birth date
on or before the reference date; `min` and `max` are inclusive."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeGuard

from django.utils.translation import gettext

from jiwon.programs.eligibility import groups
from jiwon.programs.eligibility.dates import day_number, full_months
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, whole
from jiwon.programs.eligibility.plans import Plan, threshold, within
from jiwon.programs.eligibility.predicates.base import Column, Predicate, Value
from jiwon.programs.eligibility.predicates.base import within as is_within
from jiwon.programs.eligibility.wording import bounds

# 청년 as support programmes count it (만 39세 이하; 청년기본법 stops at 34); 중장년 is 40+.
YOUTH_MAX_AGE = 39
MIDDLE_AGED_MIN_AGE = 40


@dataclass(frozen=True, kw_only=True)
class RepresentativeAge(Node):
    type: ClassVar[str] = "representative_age"
    minimum: int | None = None
    maximum: int | None = None


def check(node: RepresentativeAge, parser: Parser, path: str) -> None:
    parser.check_range(node.minimum, node.maximum, path)


def age_on(birth: date, day: date) -> int:
    """만 나이: full years lived on `day`; 0 for a birth date after `day` (no birthday has
    passed), never negative."""
    return max(full_months(birth, day) // 12, 0)


def reference(node: RepresentativeAge, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    age = age_on(c.birth_date, day)
    return is_within(age, node.minimum, node.maximum), {"age": age}


def birth_bounds(node: RepresentativeAge, day: date) -> tuple[int | None, int | None]:
    """Aged at least A: the A-th birthday is on or before the day; aged at most A: the
    (A+1)-th birthday is after it."""
    # Aged at least 0 holds for every birth date, even one after the day (aged 0).
    high = threshold(day, node.minimum) if node.minimum else None
    low = threshold(day, node.maximum + 1) + 1 if node.maximum is not None else None
    return low, high


def plan(node: RepresentativeAge, day: date) -> Plan:
    return within("birth", *birth_bounds(node, day))


def requirement(node: RepresentativeAge, day: date) -> str:
    return bounds(
        node.minimum,
        node.maximum,
        gettext("must be aged at least %(min)s"),
        gettext("must be aged at most %(max)s"),
        gettext("must be aged %(min)s to %(max)s"),
    )


def value_text(node: RepresentativeAge, value: Value, day: date) -> str:
    return gettext("representative aged %(age)s") % {"age": value["age"]}


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def target_groups(data: dict[str, Any]) -> Iterable[str]:
    maximum, minimum = data.get("max"), data.get("min")
    if _is_int(maximum) and maximum <= YOUTH_MAX_AGE:
        yield groups.YOUTH
    if _is_int(minimum) and minimum >= MIDDLE_AGED_MIN_AGE:
        yield groups.MIDDLE_AGED


PREDICATES = (
    Predicate(
        node=RepresentativeAge,
        read={"minimum": whole(0, 150), "maximum": whole(0, 150)},
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
        groups=target_groups,
        personal=True,
    ),
)
COLUMNS = (
    Column(
        "birth",
        lambda table, _argument: table.birth,
        lambda c, _argument: day_number(c.birth_date),
    ),
)
