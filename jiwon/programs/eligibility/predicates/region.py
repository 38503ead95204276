"""region: where the company is. A listed code matches the company's 시군구, its 시도 (2
digits) or the city whose 구 it is in; `local_only` asks for a 관내 company (Company.is_local)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility.codes import region_covers, region_keys, region_name, regions
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, boolean, codes
from jiwon.programs.eligibility.plans import TRUE, Plan, all_of
from jiwon.programs.eligibility.predicates.base import (
    Predicate,
    Value,
    coded_leaf,
    flag_leaf,
)
from jiwon.programs.eligibility.wording import listed

LOCAL: Plan = ("local",)


@dataclass(frozen=True, kw_only=True)
class RegionRule(Node):
    type: ClassVar[str] = "region"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    local_only: bool = False


def valid_code(parser: Parser, code: str, path: str) -> bool:
    if code in regions():
        return True
    parser.error(
        _("%(path)s: “%(code)s” is not a region code in force (2-digit 시도 or 5-digit 시군구)."),
        path,
        "bad_region",
        code=code,
    )
    return False


def check(node: RegionRule, parser: Parser, path: str) -> None:
    if not (node.include or node.exclude or node.local_only):
        parser.error(
            _("%(path)s: name at least one region or require local (관내) companies."),
            path,
            "empty_region",
        )


def reference(node: RegionRule, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    passed = (
        (c.is_local or not node.local_only)
        and (not node.include or any(region_covers(code, c.region) for code in node.include))
        and not any(region_covers(code, c.region) for code in node.exclude)
    )
    return passed, {"region": c.region, "local": c.is_local}


def plan(node: RegionRule, day: date) -> Plan:
    codes_plan = (
        ("region", frozenset(node.include), frozenset(node.exclude))
        if node.include or node.exclude
        else TRUE
    )
    return all_of([LOCAL if node.local_only else TRUE, codes_plan])


def requirement(node: RegionRule, day: date) -> str:
    parts = []
    if node.local_only:
        parts.append(gettext("must be local (관내)"))
    if node.include:
        names = listed(region_name(c) for c in node.include)
        parts.append(gettext("must be in %(regions)s") % {"regions": names})
    if node.exclude:
        names = listed(region_name(c) for c in node.exclude)
        parts.append(gettext("must not be in %(regions)s") % {"regions": names})
    return "; ".join(parts)


def value_text(node: RegionRule, value: Value, day: date) -> str:
    text = gettext("located in %(region)s") % {"region": region_name(value["region"])}
    if value["local"]:
        text = gettext("%(text)s (local)") % {"text": text}
    return text


PREDICATES = (
    Predicate(
        node=RegionRule,
        read={"include": codes(valid_code), "exclude": codes(valid_code), "local_only": boolean},
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
    ),
)
LEAVES = (
    flag_leaf(LOCAL, lambda table: table.local, lambda company: company.is_local),
    coded_leaf(
        "region",
        index=lambda table: table.region,
        vocabulary=lambda table: table.region_codes,
        keys_of=region_keys,
        code_of=lambda company: company.region,
    ),
)
