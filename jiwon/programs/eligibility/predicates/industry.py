"""industry: the company's KSIC code. A section letter matches every code in its divisions; a
code of 2–5 digits matches as a prefix at any level; a company filed only at a coarser level
does not satisfy a finer code, and one without a code fails any `in`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility.codes import ksic_codes, ksic_keys, ksic_matches, ksic_name
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.parsing import Parser, codes
from jiwon.programs.eligibility.plans import Plan
from jiwon.programs.eligibility.predicates.base import Predicate, Value, coded_leaf
from jiwon.programs.eligibility.wording import listed

KSIC_CODE_RE = re.compile(r"^(?:[A-U]|[0-9]{2,5})$")


@dataclass(frozen=True, kw_only=True)
class IndustryRule(Node):
    type: ClassVar[str] = "industry"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def valid_code(parser: Parser, code: str, path: str) -> bool:
    if KSIC_CODE_RE.match(code) and code in ksic_codes():
        return True
    parser.error(
        _("%(path)s: “%(code)s” is not a KSIC code (a section letter A–U or 2 to 5 digits)."),
        path,
        "bad_ksic",
        code=code,
    )
    return False


def check(node: IndustryRule, parser: Parser, path: str) -> None:
    if not (node.include or node.exclude):
        parser.error(
            _("%(path)s: name at least one KSIC code to include or exclude."),
            path,
            "empty_industry",
        )


def reference(node: IndustryRule, c: CompanyFacts, day: date) -> tuple[bool, Value]:
    passed = (
        not node.include or any(ksic_matches(code, c.ksic) for code in node.include)
    ) and not any(ksic_matches(code, c.ksic) for code in node.exclude)
    return passed, {"ksic": c.ksic}


def plan(node: IndustryRule, day: date) -> Plan:
    return ("ksic", frozenset(node.include), frozenset(node.exclude))


def requirement(node: IndustryRule, day: date) -> str:
    parts = []
    if node.include:
        parts.append(gettext("must be in KSIC %(codes)s") % {"codes": listed(node.include)})
    if node.exclude:
        parts.append(gettext("must not be in KSIC %(codes)s") % {"codes": listed(node.exclude)})
    return "; ".join(parts)


def value_text(node: IndustryRule, value: Value, day: date) -> str:
    code = value["ksic"]
    if not code:
        return gettext("no KSIC code")
    name_ko, name_en = ksic_name(code)
    name = name_ko if (get_language() or "").startswith("ko") else name_en
    return gettext("KSIC %(code)s %(name)s") % {"code": code, "name": name}


PREDICATES = (
    Predicate(
        node=IndustryRule,
        read={"include": codes(valid_code), "exclude": codes(valid_code)},
        check=check,
        reference=reference,
        plan=plan,
        requirement=requirement,
        value_text=value_text,
    ),
)
LEAVES = (
    coded_leaf(
        "ksic",
        index=lambda table: table.ksic,
        vocabulary=lambda table: table.ksic_codes,
        keys_of=ksic_keys,
        code_of=lambda company: company.ksic,
    ),
)
