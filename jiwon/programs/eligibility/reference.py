"""The reference evaluator: one company against one programme, criterion by criterion.

This module DEFINES the semantics (see jiwon/programs/README.md); the batch engine must agree
with it exactly, which the property test checks. It favours obviousness over speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation

from jiwon.programs.eligibility import rules as r
from jiwon.programs.eligibility.codes import ksic_matches, region_covers
from jiwon.programs.eligibility.dates import add_years, full_months
from jiwon.programs.eligibility.facts import CompanyFacts


@dataclass(frozen=True)
class Explanation:
    """One criterion's verdict: `value` is what the company has (machine-readable), `node`
    the requirement. `text()` renders "value — requirement" in the active language."""

    criterion_id: str
    node: r.Node
    passed: bool
    value: dict[str, Any]
    reference_date: date
    children: tuple[Explanation, ...] = ()

    @property
    def requirement(self) -> dict[str, Any]:
        return r.rule_to_json(self.node)

    def text(self) -> str:
        from jiwon.programs.eligibility.explain import render

        return render(self)

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


def evaluate(company: CompanyFacts, program: r.ProgramEligibility) -> Result:
    day = program.reference_date
    criteria = tuple(explain(node, cid, company, day) for cid, node in r.top_level(program.rule))
    return Result(all(c.passed for c in criteria), criteria)


def is_eligible(company: CompanyFacts, program: r.ProgramEligibility) -> bool:
    return evaluate(company, program).passed


def explain(node: r.Node, cid: str, company: CompanyFacts, day: date) -> Explanation:
    if isinstance(node, r.All | r.AnyOf | r.Not):
        kids = tuple(
            explain(child, child.id or f"{cid}.{i + 1}", company, day)
            for i, child in enumerate(r.children(node))
        )
        met = sum(k.passed for k in kids)
        if isinstance(node, r.All):
            passed = met == len(kids)
        elif isinstance(node, r.AnyOf):
            passed = met > 0
        else:
            passed = met == 0
        return Explanation(cid, node, passed, {"met": met, "of": len(kids)}, day, kids)
    passed, value = CHECKS[type(node)](node, company, day)
    return Explanation(cid, node, passed, value, day)


def check_region(node: r.RegionRule, c: CompanyFacts, day: date):
    passed = (
        (c.is_local or not node.local_only)
        and (not node.include or any(region_covers(code, c.region) for code in node.include))
        and not any(region_covers(code, c.region) for code in node.exclude)
    )
    return passed, {"region": c.region, "local": c.is_local}


def check_industry(node: r.IndustryRule, c: CompanyFacts, day: date):
    passed = (
        not node.include or any(ksic_matches(code, c.ksic) for code in node.include)
    ) and not any(ksic_matches(code, c.ksic) for code in node.exclude)
    return passed, {"ksic": c.ksic}


def check_years(node: r.YearsInBusiness, c: CompanyFacts, day: date):
    if c.prefounder:
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


def age_on(birth: date, day: date) -> int:
    """만 나이: full years lived on `day`."""
    return full_months(birth, day) // 12


def check_age(node: r.RepresentativeAge, c: CompanyFacts, day: date):
    age = age_on(c.birth_date, day)
    return _within(age, node.minimum, node.maximum), {"age": age}


def check_employees(node: r.Employees, c: CompanyFacts, day: date):
    return _within(c.employees, node.minimum, node.maximum), {"employees": c.employees}


def check_sales(node: r.Sales, c: CompanyFacts, day: date):
    if node.basis == "last_year":
        return _within(c.sales_won, node.minimum, node.maximum), {"sales_won": c.sales_won}
    average = c.average_sales(day.year)
    years = [year for year, _ in c.sales_years(day.year)]
    return _within(average, node.minimum, node.maximum), {"sales_won": average, "years": years}


def _within(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or low <= value) and (high is None or value <= high)


def valid_kinds(c: CompanyFacts, day: date) -> list[str]:
    return sorted({cert.kind for cert in c.certifications if cert.valid_on(day)})


def check_certified(node: r.Certified, c: CompanyFacts, day: date):
    held = valid_kinds(c, day)
    if node.mode == "all":
        passed = all(kind in held for kind in node.kinds)
    else:
        passed = any(kind in held for kind in node.kinds)
    return passed, {"valid": held}


def check_ownership(node: r.WomenOwned | r.DisabledOwned | r.SocialEnterprise, c, day):
    held = node.kind in valid_kinds(c, day)
    return held, {"certified": held}


def check_past_selection(node: r.PastSelection, c: CompanyFacts, day: date):
    hits = sorted(
        (p.selected_on.isoformat(), p.program)
        for p in c.participations
        if p.program in node.programs
        and p.selected_on <= day <= add_years(p.selected_on, node.within_years)
    )
    return not hits, {"selections": [[program, on] for on, program in hits]}


def check_in_progress(node: r.InProgress, c: CompanyFacts, day: date):
    count = sum(
        1
        for p in c.participations
        if (not node.programs or p.program in node.programs)
        and p.selected_on <= day
        and (p.ends_on is None or day <= p.ends_on)
    )
    return count <= node.maximum, {"in_progress": count}


def check_stage(node: r.GrowthStageIn, c: CompanyFacts, day: date):
    stage = c.stage_on(day)
    return stage in node.include, {"stage": stage}


CHECKS = {
    r.RegionRule: check_region,
    r.IndustryRule: check_industry,
    r.YearsInBusiness: check_years,
    r.RepresentativeAge: check_age,
    r.Employees: check_employees,
    r.Sales: check_sales,
    r.Certified: check_certified,
    r.WomenOwned: check_ownership,
    r.DisabledOwned: check_ownership,
    r.SocialEnterprise: check_ownership,
    r.PastSelection: check_past_selection,
    r.InProgress: check_in_progress,
    r.GrowthStageIn: check_stage,
}
