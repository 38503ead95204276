"""women_owned, disabled_owned, social_enterprise: a valid certificate of kind `women`,
`disabled` or `social` on the reference date. The three kinds differ only by that
certificate, so they live together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility import groups
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.plans import Plan
from jiwon.programs.eligibility.predicates.base import Predicate, Value
from jiwon.programs.eligibility.predicates.certification import holds, valid_kinds

REQUIREMENTS = {
    "women": _("must be a certified women-owned business on %(date)s"),
    "disabled": _("must be a certified disabled-owned business on %(date)s"),
    "social": _("must be a certified social enterprise on %(date)s"),
}


@dataclass(frozen=True, kw_only=True)
class Ownership(Node):
    kind: ClassVar[str]  # the certificate


@dataclass(frozen=True, kw_only=True)
class WomenOwned(Ownership):
    type: ClassVar[str] = "women_owned"
    kind: ClassVar[str] = "women"


@dataclass(frozen=True, kw_only=True)
class DisabledOwned(Ownership):
    type: ClassVar[str] = "disabled_owned"
    kind: ClassVar[str] = "disabled"


@dataclass(frozen=True, kw_only=True)
class SocialEnterprise(Ownership):
    type: ClassVar[str] = "social_enterprise"
    kind: ClassVar[str] = "social"


def reference(node: Ownership, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    held = node.kind in valid_kinds(c, day)
    return held, {"certified": held}


def plan(node: Ownership, day: date) -> Plan:
    return holds(node.kind, day)


def requirement(node: Ownership, day: date) -> str:
    return str(REQUIREMENTS[node.kind]) % {"date": day.isoformat()}


def value_text(node: Ownership, value: Value, day: date) -> str:
    return gettext("certified") if value["certified"] else gettext("not certified")


def _group(group: str):
    def target_groups(data: dict[str, Any]) -> Iterable[str]:
        yield group

    return target_groups


PREDICATES = tuple(
    Predicate(
        node=node,
        read={},
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
        groups=_group(group),
    )
    for node, group in (
        (WomenOwned, groups.WOMEN),
        (DisabledOwned, groups.DISABLED),
        (SocialEnterprise, groups.SOCIAL),
    )
)
