"""The reference evaluator: one company against one programme, criterion by criterion.

This module and each predicate's reference check (predicates/) DEFINE the semantics (see
jiwon/programs/README.md); the batch engine must agree with them exactly, which the property
test checks. They favour obviousness over speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation

from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.nodes import (
    All,
    AnyOf,
    Node,
    Not,
    ProgramEligibility,
    children,
    top_level,
)
from jiwon.programs.eligibility.predicates import predicate_of
from jiwon.programs.eligibility.rules import rule_to_json


@dataclass(frozen=True)
class Explanation:
    """One criterion's verdict: `value` is what the company has (machine-readable), `node`
    the requirement. `text()` renders "value — requirement" in the active language."""

    criterion_id: str
    node: Node
    passed: bool
    value: dict[str, Any]
    reference_date: date
    children: tuple[Explanation, ...] = ()

    @property
    def requirement(self) -> dict[str, Any]:
        return rule_to_json(self.node)

    def text(self, *, personal: bool = True) -> str:
        """`personal` False withholds a personal value (explain.render)."""
        from jiwon.programs.eligibility.explain import render

        return render(self, personal=personal)

    def text_in(self, language: str) -> str:
        with translation.override(language):
            return self.text()


@dataclass(frozen=True)
class Result:
    passed: bool
    criteria: tuple[Explanation, ...]

    @property
    def failed(self) -> tuple[Explanation, ...]:
        return tuple(c for c in self.criteria if not c.passed)

    @property
    def near_miss(self) -> Explanation | None:
        """The one failing top-level criterion, when exactly one fails."""
        failed = self.failed
        return failed[0] if len(failed) == 1 else None


def evaluate(company: CompanyFacts, program: ProgramEligibility) -> Result:
    day = program.reference_date
    criteria = tuple(explain(node, cid, company, day) for cid, node in top_level(program.rule))
    return Result(all(c.passed for c in criteria), criteria)


def is_eligible(company: CompanyFacts, program: ProgramEligibility) -> bool:
    return evaluate(company, program).passed


def explain(node: Node, cid: str, company: CompanyFacts, day: date) -> Explanation:
    if isinstance(node, All | AnyOf | Not):
        kids = tuple(
            explain(child, child.id or f"{cid}.{i + 1}", company, day)
            for i, child in enumerate(children(node))
        )
        met = sum(k.passed for k in kids)
        if isinstance(node, All):
            passed = met == len(kids)
        elif isinstance(node, AnyOf):
            passed = met > 0
        else:
            passed = met == 0
        return Explanation(cid, node, passed, {"met": met, "of": len(kids)}, day, kids)
    passed, value = predicate_of(node).reference(node, company, day)
    return Explanation(cid, node, passed, value, day)
