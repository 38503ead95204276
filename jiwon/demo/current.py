"""This year's calls in every state, relative to the day the demo is loaded (`jiwon demo`).

Besides the calls open now (jiwon.demo.programs), the agency's year has:
- calls decided and published (their windows closed two to three months ago): applications
  selected, not selected, rejected at screening and withdrawn, a closed committee with every
  scorecard submitted, the published ranking, and this year's support rows of the selected
  companies (tenancies for the youth space; a grant call's rows come from its agreements' paid
  tranches, jiwon.demo.grants), so the dashboard's year so far is never empty;
- calls under evaluation (closed one to three weeks ago, so evaluation follows the calendar):
  a scoring committee whose evaluators (the demo login "evaluator" among them) have submitted
  some scorecards, saved some as drafts and not started the rest;
- a call in screening (closed three days ago): applications submitted, in screening, asked to
  supplement, passed, rejected and withdrawn, and a draft never submitted;
- applications to the open calls: drafts, submitted ones with receipt numbers, a withdrawal.

Applicants are companies in the city on the day that the call's rule would plausibly admit
(jiwon.demo.outcomes' preferences); the demo company applies to none of them, so its portal
still shows its own recommendations. Everything goes through the import services of
applications and reviews, with real times; keyed by programme (a call with applications is
left alone).
"""

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiwon.accounts.models import User
from jiwon.applications.models import Application
from jiwon.applications.services.imports import ApplicationRecord, StepRecord, applications_import
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.companies.models import Company
from jiwon.core.models import Agency
from jiwon.core.support import SupportKind
from jiwon.demo import programs as demo_programs
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import SEED, CompanySpec, add_years
from jiwon.demo.context import DemoContext
from jiwon.demo.errors import DemoDataError
from jiwon.demo.living import company_ids, town
from jiwon.demo.outcomes import DESCRIPTION, SUPPORT, apportion
from jiwon.demo.reviews import (
    COMMENTS_HIGH,
    COMMENTS_LOW,
    EVALUATOR_LOGIN,
    OTHER_TARGET,
    PROJECTS,
    RUBRIC,
    SELECTED_TARGET,
    SPREAD,
    rank_entries,
    split_total,
)
from jiwon.outcomes.models import Provenance, SupportLedgerEntry
from jiwon.outcomes.services.bulk import ledger_entries_bulk_add
from jiwon.programs.eligibility.columns import CompanyTable
from jiwon.programs.models import Program
from jiwon.programs.selectors.rules import company_table, eligible_company_ids
from jiwon.programs.services.bulk import ProgramRecord, programs_bulk_create
from jiwon.programs.services.programs import ProgramInput
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.engine import aggregation as engine
from jiwon.reviews.models import (
    AggregationConfig,
    AssignedBy,
    Assignment,
    Committee,
    CommitteeMember,
    CommitteeStage,
    CommitteeStatus,
    Evaluator,
    Rubric,
    RubricCriterion,
    RunStatus,
    Score,
    Scorecard,
    ScorecardStatus,
    SelectionRun,
)
from jiwon.reviews.selectors.selection import engine_config
from jiwon.reviews.services.imports import EvaluationRecord, evaluation_import, selection_import

DECIDED, EVALUATING, SCREENING = "decided", "evaluating", "screening"
WINDOW_DAYS = 21
PER_APPLICATION = 3
PANEL = 9


@dataclass(frozen=True)
class Pool:
    """The companies that may apply today, their ids and the registry as the batch
    eligibility engine reads it."""

    companies: list[CompanySpec]
    ids: dict[str, int]
    table: CompanyTable


@dataclass(frozen=True)
class CallPlan:
    series: str
    phase: str
    closed_days_ago: int
    published_days_ago: int = 0


# Series not among the open calls, the one opening next week and the draft (programs.py).
CALLS = (
    CallPlan("PROTOTYPE", DECIDED, 80, 45),
    CallPlan("MANAN_SPACE", DECIDED, 70, 38),
    CallPlan("ACUBE_ACADEMY", DECIDED, 62, 30),
    CallPlan("WOMEN_REHIRE", DECIDED, 55, 24),
    # The cluster centre's equipment-use support: its 소공인 are supported all year.
    CallPlan("CLUSTER_EQUIPMENT", DECIDED, 100, 70),
    CallPlan("BUYER_MATCHING", EVALUATING, 18),
    CallPlan("YOUTH_JOBS", EVALUATING, 9),
    CallPlan("EXPORT_CERT", SCREENING, 3),
)
STATUS = {
    DECIDED: ProgramStatus.COMPLETED,
    EVALUATING: ProgramStatus.UNDER_REVIEW,
    SCREENING: ProgramStatus.CLOSED,
}
APPLICANTS = {DECIDED: 24, EVALUATING: 18, SCREENING: 16}
OPEN_APPLICANTS = 9
REJECTION = "자격 요건 미충족: 공고의 지원대상 요건을 확인하세요."
SUPPLEMENT = "사업자등록증명원을 최근 3개월 이내 발급본으로 다시 제출해 주세요."


def _rng(label: str) -> random.Random:
    return random.Random(f"jiwon-demo-current:{SEED}:{label}")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


def load_current(context: DemoContext) -> int:
    """Add this year's calls in every state and the applications to the open calls; return
    how many rows were added."""
    place = town(context)
    staff = User.objects.filter(username="officer").first()
    evaluators = list(Evaluator.objects.filter(user__username__startswith="demo-evaluator-"))
    login = Evaluator.objects.filter(user__username=EVALUATOR_LOGIN).first()
    if place is None or staff is None or login is None:
        return 0
    panel = [login, *evaluators[: PANEL - 1]]
    agency = Agency.objects.get(code=demo_programs.AGENCY["code"])
    today = context.today
    programs, created = _calls(agency, today)
    applied = set(
        Application.objects.filter(
            program__agency=agency, program__fiscal_year=today.year
        ).values_list("program_id", flat=True)
    )
    owner = context.plan.owner_company_brn
    active = [c for c in place.active(today) if c.brn != owner]
    pool = Pool(companies=active, ids=company_ids([c.brn for c in active]), table=company_table())
    added = 0
    for call in CALLS:
        program = programs[call.series]
        if program.pk in applied:
            continue
        added += _call(call, program, pool, context, staff, panel, agency)
    open_calls = Program.objects.filter(
        agency=agency,
        fiscal_year=today.year,
        status=ProgramStatus.PUBLISHED,
        opens_at__lte=context.now,
        closes_at__gt=context.now,
    ).exclude(pk__in=applied)
    for program in open_calls.order_by("closes_at", "pk"):
        added += _open_call(program, pool, context)
    return added + len(created)


def _calls(agency: Agency, today: date) -> tuple[dict[str, Program], list[Program]]:
    """This year's decided, evaluating and screening calls, created where missing."""
    templates = {t.series: t for t in demo_programs.TEMPLATES}
    existing = {
        p.series: p
        for p in Program.objects.filter(
            agency=agency, fiscal_year=today.year, series__in=[c.series for c in CALLS]
        )
    }
    records, keys = [], []
    for call in CALLS:
        if call.series in existing:
            continue
        t = templates[call.series]
        closes = today - timedelta(days=call.closed_days_ago)
        opens = closes - timedelta(days=WINDOW_DAYS)
        notice = opens - timedelta(days=2)
        plan = demo_programs.ProgramPlan(
            t, today.year, notice, _at(opens, 9), _at(closes, 18), STATUS[call.phase]
        )
        records.append(
            ProgramRecord(
                data=ProgramInput(
                    agency=agency,
                    fiscal_year=today.year,
                    series=t.series,
                    title_ko=f"{today.year}년 {t.title_ko}",
                    title_en=f"{today.year} {t.title_en}",
                    category=t.category,
                    summary=t.summary,
                    notice_text=demo_programs.notice_text(plan, agency.name_ko),
                    target_text=t.target_text,
                    budget_won=t.budget_won,
                    quota=t.quota,
                    notice_date=notice,
                    opens_at=plan.opens_at,
                    closes_at=plan.closes_at,
                    growth_stage=t.growth_stage,
                    contact_name=f"{agency.name_ko} {t.department}",
                ),
                status=STATUS[call.phase],
                published_at=_at(notice, 9),
                rule=t.rule,
                rule_effective_from=notice,
                rule_note="demo",
            )
        )
        keys.append(call.series)
    created = programs_bulk_create(actor=DEMO, records=records)
    return {**existing, **dict(zip(keys, created, strict=True))}, created


def _applicants(
    program: Program, town_pool: Pool, n: int, today: date, rng: random.Random
) -> list[CompanySpec]:
    """Companies in the city that qualify for `program` (the batch engine's answer for its
    rule), young ones first; topped up with those the programme would prefer."""
    eligible = set(eligible_company_ids(program, today, table=town_pool.table).tolist())
    pool = town_pool.companies
    fits = [c for c in pool if town_pool.ids.get(c.brn) in eligible]
    preferred = SUPPORT.get(program.series)
    if len(fits) < n:
        fitting = {c.brn for c in fits}
        fits += [c for c in pool if c.brn not in fitting and (preferred is None or preferred[2](c))]
    young = {c.brn for c in fits if c.founded_on and c.founded_on > add_years(today, -7)}
    # Young companies apply more: half the applicants where there are enough.
    first = rng.sample(sorted(young), min(len(young), n // 2))
    rest = [c for c in fits if c.brn not in first]
    chosen = set(first) | {c.brn for c in rng.sample(rest, min(len(rest), n - len(first)))}
    return [c for c in pool if c.brn in chosen]


def _answers(spec: CompanySpec, n: int, rng: random.Random) -> dict[str, Any]:
    project = PROJECTS[n % len(PROJECTS)]
    return {
        "company_name": spec.name_ko,
        "brn": spec.brn,
        "representative": spec.representative_name,
        "employees": spec.employees,
        "annual_sales": spec.annual_sales_won,
        "contact_name": spec.representative_name,
        "contact_phone": spec.phone,
        "project_title": f"{spec.name_ko} {project}",
        "summary": f"{spec.name_ko}의 {project} 계획",
        "requested_won": rng.randrange(10, 41) * 1_000_000,
        "consent": True,
    }


def _companies(specs: list[CompanySpec]) -> dict[str, Company]:
    return {c.brn or "": c for c in Company.objects.filter(brn__in=[s.brn for s in specs])}


def _submitted(program: Program, rng: random.Random, latest: datetime) -> datetime:
    start = program.opens_at + timedelta(hours=1)
    end = min(program.closes_at, latest) - timedelta(hours=1)
    return start + timedelta(seconds=rng.randrange(max(1, int((end - start).total_seconds()))))


def _screening_fates(n: int, rng: random.Random) -> list[str]:
    """How a closed call's applications stand after screening, in receipt order."""
    fates = [S.SCREENED_PASS] * n
    for i in rng.sample(range(n), max(1, n // 8)):
        fates[i] = S.REJECTED
    for i in rng.sample([i for i in range(n) if fates[i] == S.SCREENED_PASS], max(1, n // 12)):
        fates[i] = S.WITHDRAWN
    return fates


def _steps(
    fate: str,
    *,
    opened: datetime,
    submitted: datetime,
    closes: date,
    staff: User | None,
    rng: random.Random,
) -> list[StepRecord]:
    started = max(opened, submitted - timedelta(days=rng.randint(1, 6)))
    steps = [StepRecord(target=S.DRAFT, at=started)]
    steps.append(StepRecord(target=S.SUBMITTED, at=submitted))
    if fate == S.DRAFT:
        return steps[:1]
    if fate == S.WITHDRAWN:
        steps.append(
            StepRecord(target=S.WITHDRAWN, at=submitted + timedelta(hours=rng.randint(2, 40)))
        )
        return steps
    if fate == S.SUBMITTED:
        return steps
    steps.append(StepRecord(target=S.SCREENING, at=_at(closes + timedelta(days=1), 10), by=staff))
    if fate == S.SCREENING:
        return steps
    if fate == S.SUPPLEMENT_REQUESTED:
        steps.append(
            StepRecord(
                target=S.SUPPLEMENT_REQUESTED,
                at=_at(closes + timedelta(days=2), 11),
                by=staff,
                comment=SUPPLEMENT,
            )
        )
        return steps
    if fate == S.REJECTED:
        steps.append(
            StepRecord(
                target=S.REJECTED,
                at=_at(closes + timedelta(days=2), 15),
                by=staff,
                comment=REJECTION,
            )
        )
        return steps
    steps.append(
        StepRecord(target=S.SCREENED_PASS, at=_at(closes + timedelta(days=2), 16), by=staff)
    )
    return steps


def _call(
    call: CallPlan,
    program: Program,
    pool: Pool,
    context: DemoContext,
    staff: User,
    panel: list[Evaluator],
    agency: Agency,
) -> int:
    rng = _rng(f"{context.today.year}:{call.series}")
    specs = _applicants(program, pool, APPLICANTS[call.phase], context.today, rng)
    if not specs:
        return 0
    companies = _companies(specs)
    closes = timezone.localdate(program.closes_at)
    if call.phase == SCREENING:
        fates = [
            rng.choice((S.SUBMITTED, S.SCREENING, S.SCREENING, S.SUPPLEMENT_REQUESTED))
            for _c in specs
        ]
        fates[0], fates[-1] = S.DRAFT, S.WITHDRAWN
        for i in rng.sample(range(1, len(specs) - 1), min(len(specs) - 2, 5)):
            fates[i] = rng.choice((S.SCREENED_PASS, S.SCREENED_PASS, S.REJECTED))
    else:
        fates = _screening_fates(len(specs), rng)
    evaluation_starts = closes + timedelta(days=4)
    decided_at = _at(context.today - timedelta(days=call.published_days_ago), 10)
    passed = [i for i, fate in enumerate(fates) if fate == S.SCREENED_PASS]
    quota = min(program.quota or len(passed), max(1, len(passed) * 2 // 3))
    selected = set(rng.sample(passed, min(quota, len(passed)))) if call.phase == DECIDED else set()
    records = []
    for i, (spec, fate) in enumerate(zip(specs, fates, strict=True)):
        steps = _steps(
            fate,
            opened=program.opens_at,
            submitted=_submitted(program, rng, context.now),
            closes=closes,
            staff=staff,
            rng=rng,
        )
        if fate == S.SCREENED_PASS and call.phase != SCREENING:
            steps.append(
                StepRecord(target=S.UNDER_EVALUATION, at=_at(evaluation_starts, 9), by=staff)
            )
            if call.phase == DECIDED:
                steps.append(
                    StepRecord(
                        target=S.SELECTED if i in selected else S.NOT_SELECTED,
                        at=decided_at,
                        by=staff,
                    )
                )
        records.append(
            ApplicationRecord(
                company=companies[spec.brn], answers=_answers(spec, i, rng), steps=steps
            )
        )
    applications = applications_import(actor=DEMO, program=program, records=records)
    added = len(applications) + sum(len(r.steps) for r in records)
    evaluated = [
        a for a in applications if a.status in (S.UNDER_EVALUATION, S.SELECTED, S.NOT_SELECTED)
    ]
    if call.phase != SCREENING and evaluated:
        chosen = {applications[i].pk for i in selected}
        added += _evaluate(
            program,
            evaluated,
            chosen,
            panel,
            staff,
            rng,
            starts=evaluation_starts,
            decided_at=decided_at if call.phase == DECIDED else None,
            now=context.now,
        )
    if call.phase == DECIDED:
        added += _support(
            call, program, [a for a in applications if a.pk in chosen], agency, context, rng
        )
    return added


def _evaluate(
    program: Program,
    applications: list[Application],
    selected: set[int],
    panel: list[Evaluator],
    staff: User,
    rng: random.Random,
    *,
    starts: date,
    decided_at: datetime | None,
    now: datetime,
) -> int:
    """The committee's evaluation of `applications`: complete and ranked when the call is
    decided (`decided_at`), else half done."""
    committee = Committee(
        program=program,
        stage=CommitteeStage.DOCUMENT,
        name=f"{program.fiscal_year}년 {program.title_ko.split(' ', 1)[-1]} 서면평가위원회",
        per_application=PER_APPLICATION,
        min_for_trimmed=PER_APPLICATION,
        status=CommitteeStatus.CLOSED if decided_at else CommitteeStatus.SCORING,
    )
    capacity = len(applications)
    members = [CommitteeMember(committee=committee, evaluator=e, capacity=capacity) for e in panel]
    assignments = [
        Assignment(
            committee=committee,
            application=a,
            evaluator=panel[(n + k) % len(panel)],
            assigned_by=AssignedBy.SOLVER,
            fit=1,
            created_by=staff,
        )
        for n, a in enumerate(applications)
        for k in range(PER_APPLICATION)
    ]
    rubric = Rubric(program=program, stage=CommitteeStage.DOCUMENT)
    criteria = [
        RubricCriterion(
            rubric=rubric,
            code=code,
            name_ko=name_ko,
            name_en=name_en,
            weight=Decimal(1),
            max_score=Decimal(maximum),
            order=order,
        )
        for order, (code, name_ko, name_en, maximum) in enumerate(RUBRIC, start=1)
    ]
    targets = {
        a.pk: rng.randint(*(SELECTED_TARGET if a.pk in selected else OTHER_TARGET))
        for a in applications
    }
    latest = min(now - timedelta(hours=2), decided_at or now)
    span = max(1, int((latest - _at(starts, 10)).total_seconds()))
    scorecards, values, scored = [], [], []
    for n, assignment in enumerate(assignments):
        # Half way: of every six, three submitted, one saved as a draft, two not started.
        step = n % 6
        if decided_at is None and step >= 4:
            continue
        total = targets[assignment.application.pk] + rng.randint(-SPREAD, SPREAD)
        draft = decided_at is None and step == 3
        scorecards.append(
            Scorecard(
                assignment=assignment,
                status=ScorecardStatus.DRAFT if draft else ScorecardStatus.SUBMITTED,
                comment=rng.choice(COMMENTS_HIGH if total >= 78 else COMMENTS_LOW),
                submitted_at=None
                if draft
                else _at(starts, 10) + timedelta(seconds=rng.randrange(span)),
            )
        )
        values.append(split_total(total, rng))
        scored.append(assignment)
    scores = [
        Score(scorecard=card, criterion=criterion, value=Decimal(value))
        for card, split in zip(scorecards, values, strict=True)
        for criterion, value in zip(criteria, split, strict=True)
    ]
    counts = evaluation_import(
        actor=DEMO,
        record=EvaluationRecord(
            committee=committee,
            members=members,
            relationships=[],
            conflicts=[],
            assignments=assignments,
            rubric=rubric,
            criteria=criteria,
            scorecards=scorecards,
            scores=scores,
        ),
    )
    added = sum(counts.values()) + 2
    if decided_at is None:
        return added
    config = AggregationConfig(
        program=program,
        tie_breaks=["criterion:business", "criterion:technology", "submitted_at"],
        updated_by=staff,
    )
    rules = dataclasses.replace(
        engine_config(config, criteria, committee, is_final=True), overall_quota=len(selected)
    )
    outcomes, results = rank_entries(rules, applications, scored, scorecards, values, panel)
    by_receipt = {str(a.receipt_number): a.pk for a in applications}
    if {by_receipt[str(o.key)] for o in outcomes if o.selected} != selected:
        raise DemoDataError(f"{program}: the ranking does not select the selected applicants")
    run = SelectionRun(
        program=program,
        committee=committee,
        status=RunStatus.PUBLISHED,
        is_final=True,
        config=engine.config_to_json(rules),
        computed_at=decided_at - timedelta(days=3),
        computed_by=staff,
        confirmed_at=decided_at - timedelta(days=1),
        confirmed_by=staff,
        published_at=decided_at,
        published_by=staff,
    )
    selection_import(actor=DEMO, config=config, run=run, results=results)
    return added + len(results) + 2


def _support(
    call: CallPlan,
    program: Program,
    selected: list[Application],
    agency: Agency,
    context: DemoContext,
    rng: random.Random,
) -> int:
    """This year's support rows of a decided call's selected companies, dated from the
    publication (or New Year's Day, whichever is later) to the load day."""
    kind = SUPPORT[call.series][0]
    if kind == SupportKind.GRANT:
        # A grant reaches the ledger when a tranche is paid (jiwon.demo.grants).
        return 0
    start = max(
        context.today - timedelta(days=call.published_days_ago - 3), date(context.today.year, 1, 1)
    )
    start = min(start, context.today)
    amounts = apportion(program.budget_won // 10_000, [rng.uniform(0.6, 1.4) for _a in selected], 1)
    rows = []
    for application, amount in zip(selected, amounts, strict=True):
        day = start + timedelta(days=rng.randint(0, (context.today - start).days))
        end = None
        if kind == SupportKind.TENANCY:
            end = add_years(day, 2) - timedelta(days=1)
        elif kind in (SupportKind.EDUCATION, SupportKind.MENTORING):
            end = day + timedelta(days=rng.randint(14, 60))
        rows.append(
            SupportLedgerEntry(
                company=application.company,
                program=program,
                kind=kind,
                amount_won=amount * 10_000,
                supported_on=day,
                period_end=end,
                description=DESCRIPTION[SupportKind(kind)],
                source_type="demo",
                source_id=f"{program.fiscal_year}:{program.series}:{application.company.brn}",
                provenance=Provenance.AGENCY,
            )
        )
    return len(ledger_entries_bulk_add(actor=DEMO, agency=agency, entries=rows))


def _open_call(program: Program, pool: Pool, context: DemoContext) -> int:
    """Applications to a call open now: drafts, submissions and a withdrawal."""
    rng = _rng(f"open:{program.fiscal_year}:{program.series}")
    specs = _applicants(program, pool, OPEN_APPLICANTS, context.today, rng)
    if not specs:
        return 0
    companies = _companies(specs)
    records = []
    for i, spec in enumerate(specs):
        fate = (S.DRAFT, S.SUBMITTED, S.SUBMITTED, S.WITHDRAWN)[i % 4] if i else S.SUBMITTED
        submitted = _submitted(program, rng, context.now)
        steps = _steps(
            fate,
            opened=program.opens_at,
            submitted=submitted,
            closes=context.today,
            staff=None,
            rng=rng,
        )
        # Nothing may be dated after the load: a fresh draft was started just now.
        steps = [
            s if s.at <= context.now else dataclasses.replace(s, at=context.now) for s in steps
        ]
        records.append(
            ApplicationRecord(
                company=companies[spec.brn], answers=_answers(spec, i, rng), steps=steps
            )
        )
    applications = applications_import(actor=DEMO, program=program, records=records)
    return len(applications) + sum(len(r.steps) for r in records)
