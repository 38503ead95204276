"""Reads for the company portal: the programmes a company can apply for now ("지원 가능한 사업"),
the open ones it misses by exactly one criterion ("조건 하나만 부족한 사업"), the ones opening
later that it would qualify for, and one programme explained criterion by criterion.

The lists come from the one-company engine (eligibility.recommend.Recommender); the texts from
the reference evaluator, which defines the semantics (the property test keeps them equal).
A page costs a fixed number of queries however many programmes are open: the programmes, their
rule versions, and the company's two table queries.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.utils import timezone

from jiwon.companies.models import Company
from jiwon.programs.eligibility.columns import facts_for_row, participation_for, table_from_db
from jiwon.programs.eligibility.facts import CompanyFacts
from jiwon.programs.eligibility.recommend import Recommender
from jiwon.programs.eligibility.reference import Explanation, Result, evaluate
from jiwon.programs.eligibility.rules import ProgramEligibility, parse_program
from jiwon.programs.models import EligibilityRuleVersion, Program
from jiwon.programs.selectors.participation import selection_records
from jiwon.programs.selectors.rules import EVERYONE, program_eligibility, reference_date
from jiwon.programs.workflow import ProgramStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One programme as the portal lists it. `reason` is the failing criterion's explanation
    (near misses only), rendered in the language active when the list was built."""

    program: Program
    reference_date: date
    days_left: int
    reason: str = ""

    @property
    def d_day(self) -> str:
        return "D-Day" if self.days_left == 0 else f"D-{self.days_left}"


@dataclass(frozen=True)
class Recommendations:
    company: Company
    today: date
    open_count: int
    eligible: tuple[Entry, ...]
    near_misses: tuple[Entry, ...]
    upcoming: tuple[Entry, ...]


@dataclass(frozen=True)
class CriterionLine:
    depth: int  # 0 for a top-level criterion, 1 for its children, ...
    explanation: Explanation
    text: str


@dataclass(frozen=True)
class ProgramExplanation:
    company: Company
    program: Program
    reference_date: date
    result: Result
    lines: tuple[CriterionLine, ...]

    @property
    def failed_count(self) -> int:
        return len(self.result.failed)


def company_facts(company: Company) -> CompanyFacts:
    """What the engines know about `company`, read through the same four queries the batch
    engine uses, so a single company is judged exactly as in the staff counts."""
    table = table_from_db(Company.objects.filter(pk=company.pk))
    participation = participation_for(table, selection_records([company.pk]))
    return facts_for_row(table, 0, participation=participation)


def recommendations_for(
    *, company: Company, now: datetime | None = None, personal: bool = True
) -> Recommendations:
    """The portal lists for `company` at `now` (default: the current time). A programme is
    open while opens_at <= now < closes_at, so one closing at 18:00 is gone at 18:00:00.
    `personal` False: a near miss's text withholds a personal value (the representative's
    age), for a reader who may not see the company's personal fields."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    published = list(
        Program.objects.filter(status=ProgramStatus.PUBLISHED, closes_at__gt=now)
        .select_related("agency")
        .order_by("closes_at", "id")
    )
    programs, eligibility = _judgeable(published, today, now)
    facts = company_facts(company)
    found = Recommender(eligibility).recommend(facts)
    is_open = [p.opens_at <= now for p in programs]

    def entry(i: int, reason: str = "") -> Entry:
        program = programs[i]
        closes_on = timezone.localtime(program.closes_at).date()
        return Entry(program, eligibility[i].reference_date, (closes_on - today).days, reason)

    near_misses = []
    for i in found.near_miss:
        if is_open[i]:
            # The reference evaluator gives the text (and defines which criterion fails).
            miss = evaluate(facts, eligibility[i]).near_miss
            near_misses.append(entry(i, miss.text(personal=personal) if miss else ""))
    upcoming = sorted(
        (entry(i) for i in found.eligible if not is_open[i]),
        key=lambda e: (e.program.opens_at, e.program.pk),
    )
    return Recommendations(
        company=company,
        today=today,
        open_count=sum(is_open),
        eligible=tuple(entry(i) for i in found.eligible if is_open[i]),
        near_misses=tuple(near_misses),
        upcoming=tuple(upcoming),
    )


def explanation_for(
    *, company: Company, program: Program, today: date | None = None, personal: bool = True
) -> ProgramExplanation:
    """`company` against `program`, criterion by criterion, in the active language; with
    `personal` False a personal value (the representative's age) is withheld."""
    eligibility = program_eligibility(program, today or timezone.localdate())
    result = evaluate(company_facts(company), eligibility)
    lines: list[CriterionLine] = []

    def walk(explanation: Explanation, depth: int) -> None:
        lines.append(CriterionLine(depth, explanation, explanation.text(personal=personal)))
        for child in explanation.children:
            walk(child, depth + 1)

    for criterion in result.criteria:
        walk(criterion, 0)
    return ProgramExplanation(company, program, eligibility.reference_date, result, tuple(lines))


def _judgeable(
    programs: list[Program], today: date, now: datetime
) -> tuple[list[Program], list[ProgramEligibility]]:
    """Each programme with the rule version in force today (facts judged on its reference
    date, as selectors.rules.program_eligibility does), read in one query.
    A stored rule that no longer parses (say, a region code retired since it was saved) leaves
    its programme out of the portal rather than failing the page for every company."""
    versions: dict[int, list[tuple[int, date, dict]]] = defaultdict(list)
    rows = EligibilityRuleVersion.objects.filter(
        program__status=ProgramStatus.PUBLISHED, program__closes_at__gt=now
    ).values_list("program_id", "version", "effective_from", "rule")
    for program_id, version, effective_from, rule in rows:
        versions[program_id].append((version, effective_from, rule))
    kept, eligibility = [], []
    for program in programs:
        day = reference_date(program, today)
        rule = _rule_on(versions[program.pk], today)
        try:
            parsed = parse_program(program.series, day, rule)
        except ValidationError as exc:
            logger.warning("programme %s has an invalid rule: %s", program.pk, exc.messages)
            continue
        kept.append(program)
        eligibility.append(parsed)
    return kept, eligibility


def _rule_on(versions: list[tuple[int, date, dict]], day: date) -> dict:
    """The rule of selectors.rules.rule_version_on, from rows already read: the newest
    version in effect on `day`, else the first version, else a rule everyone meets."""
    if not versions:
        return EVERYONE
    in_effect = [v for v in versions if v[1] <= day]
    chosen = max(in_effect, key=itemgetter(0)) if in_effect else min(versions, key=itemgetter(0))
    return chosen[2]
