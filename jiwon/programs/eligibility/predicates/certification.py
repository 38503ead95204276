"""certification: certificates valid on the reference date (valid_from ≤ d ≤ valid_to, open
ended without valid_to). `mode: any` needs one of the listed kinds, `all` each of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility import groups
from jiwon.programs.eligibility.codes import CERTIFICATION_KINDS
from jiwon.programs.eligibility.dates import day_number
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, codes_in, one_of
from jiwon.programs.eligibility.plans import Plan, all_of, any_of
from jiwon.programs.eligibility.predicates.base import Leaf, OneCompany, Predicate, Value
from jiwon.programs.eligibility.wording import listed

if TYPE_CHECKING:
    from jiwon.programs.eligibility.batch import Engine

CERTIFICATION_MODES = ("any", "all")
CERTIFICATION_LABELS = {
    "venture": _("Venture company (벤처기업)"),
    "innobiz": _("Inno-Biz (이노비즈)"),
    "mainbiz": _("Main-Biz (메인비즈)"),
    "women": _("Women-owned business (여성기업)"),
    "social": _("Social enterprise (사회적기업)"),
    "disabled": _("Disabled-owned business (장애인기업)"),
    "small_manufacturer": _("Small manufacturer (소공인)"),
}
CERTIFIED_GROUPS = {
    "women": groups.WOMEN,
    "disabled": groups.DISABLED,
    "social": groups.SOCIAL,
    "small_manufacturer": groups.SMALL_MANUFACTURER,
}
NO_END = np.iinfo(np.int64).max


@dataclass(frozen=True, kw_only=True)
class Certified(Node):
    type: ClassVar[str] = "certification"
    kinds: tuple[str, ...] = ()
    mode: str = "any"


def check(node: Certified, parser: Parser, path: str) -> None:
    parser.require_some(node.kinds, path)


def valid_kinds(c: CompanyFacts, day: date) -> list[str]:
    return sorted({cert.kind for cert in c.certifications if cert.valid_on(day)})


def reference(node: Certified, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    held = valid_kinds(c, day)
    if node.mode == "all":
        passed = all(kind in held for kind in node.kinds)
    else:
        passed = any(kind in held for kind in node.kinds)
    return passed, {"valid": held}


def holds(kind: str, day: date) -> Plan:
    """The leaf: holds a certificate of `kind` valid on `day`."""
    return ("cert", kind, day_number(day))


def plan(node: Certified, day: date) -> Plan:
    leaves = [holds(kind, day) for kind in node.kinds]
    return all_of(leaves) if node.mode == "all" else any_of(leaves)


def requirement(node: Certified, day: date) -> str:
    kinds = listed(CERTIFICATION_LABELS[k] for k in node.kinds)
    text = (
        gettext("must hold all of these certifications, valid on %(date)s: %(kinds)s")
        if node.mode == "all"
        else gettext("must hold one of these certifications, valid on %(date)s: %(kinds)s")
    )
    return text % {"date": day.isoformat(), "kinds": kinds}


def value_text(node: Certified, value: Value, day: date) -> str:
    if not value["valid"]:
        return gettext("no valid certification")
    kinds = listed(CERTIFICATION_LABELS[k] for k in value["valid"])
    return gettext("valid certifications: %(kinds)s") % {"kinds": kinds}


def target_groups(data: dict[str, Any]) -> Iterable[str]:
    for certificate in data.get("kinds") or ():
        if isinstance(certificate, str) and certificate in CERTIFIED_GROUPS:
            yield CERTIFIED_GROUPS[certificate]


def held_in_batch(engine: Engine, key: Plan, out: np.ndarray) -> None:
    out[:] = False
    iv = engine.table.certifications.get(key[1])
    if iv is not None:
        out[np.compress((iv.start <= key[2]) & (iv.end >= key[2]), iv.row)] = True


def held_by_one(keys: Sequence[Plan]) -> OneCompany:
    kind_of = np.array([CERTIFICATION_KINDS.index(key[1]) for key in keys], dtype=np.int64)
    day_of = np.array([key[2] for key in keys], dtype=np.int64)

    def values(c: CompanyFacts) -> np.ndarray:
        held = np.zeros(len(keys), dtype=bool)
        for cert in c.certifications:
            start = day_number(cert.valid_from)
            end = NO_END if cert.valid_to is None else day_number(cert.valid_to)
            kind = CERTIFICATION_KINDS.index(cert.kind)
            held |= (kind_of == kind) & (day_of >= start) & (day_of <= end)
        return held

    return values


PREDICATES = (
    Predicate(
        node=Certified,
        read={
            "kinds": codes_in(CERTIFICATION_KINDS),
            "mode": one_of(CERTIFICATION_MODES, "any"),
        },
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
        groups=target_groups,
    ),
)
LEAVES = (Leaf("cert", held_in_batch, held_by_one),)
