"""The 2021 Blue100 call as the review module records it, for `jiwon demo`.

The applicants are the ladder's: the companies at G240 on the call's notice date (228 in the
default data set), of which those promoted to BLUE100 in 2021 (103) were selected. The load
writes their submitted applications, a document-review committee of 40 evaluators (the demo
login "evaluator" among them) with declared relationships and the exclusions (제척) they cause,
one recusal (회피) and one dismissed challenge (기피), five evaluators per application (never a
blocked pair), a rubric and submitted scorecards, and the published ranking.

Scores are constructed so that the ranking reproduces the ladder: a selected company's
evaluators total 78–98 and every other applicant's 48–77 before the highest and lowest are
dropped, so the 103 promoted companies take the top 103 places; the ranking itself is computed
by the aggregation engine over those very scores. Promotion and the support ledger are not
touched: the ladder history and jiwon.demo.outcomes already hold them.

Keyed by the programme's document committee: once it exists a load adds nothing. Everything
goes through the import services of applications and reviews (real dates, one audit entry per
batch: `applications.applications_import`, `reviews.evaluation_import`,
`reviews.selection_import`).
"""

import dataclasses
import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.accounts.models import User
from jiwon.accounts.services import AccountInput, users_bulk_create
from jiwon.applications.models import Application
from jiwon.applications.services.imports import ApplicationRecord, applications_import
from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.models import Company, GrowthStage
from jiwon.core.roles import Role
from jiwon.demo import programs as demo_programs
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import SEED, CompanySpec, DemoPlan
from jiwon.demo.context import DemoContext
from jiwon.demo.errors import DemoDataError
from jiwon.demo.history import status_steps
from jiwon.demo.identities import person
from jiwon.demo.users import COMPANY_USERNAME
from jiwon.programs.models import Program
from jiwon.reviews.engine import aggregation as engine
from jiwon.reviews.engine.fit import expertise_fit
from jiwon.reviews.models import (
    AggregationConfig,
    AssignedBy,
    Assignment,
    Committee,
    CommitteeMember,
    CommitteeStage,
    CommitteeStatus,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evaluator,
    EvaluatorRelationship,
    RelationshipKind,
    Rubric,
    RubricCriterion,
    RunStatus,
    Score,
    Scorecard,
    ScorecardStatus,
    SelectionResult,
    SelectionRun,
)
from jiwon.reviews.selectors.selection import engine_config, pseudonym_order
from jiwon.reviews.services.imports import (
    EvaluationRecord,
    evaluation_import,
    evaluators_bulk_create,
    selection_import,
)

YEAR = 2021
SERIES = "BLUE100"
EVALUATORS = 40
PER_APPLICATION = 5
CAPACITY = 35
EVALUATOR_LOGIN = "evaluator"
EVALUATOR_USERNAME = "demo-evaluator-{n:02d}"
# code, Korean name, English name, maximum (weight 1: the maxima add up to 100)
RUBRIC = (
    ("business", "사업성", "Business viability", 30),
    ("technology", "기술성", "Technology", 30),
    ("growth", "성장성", "Growth potential", 20),
    ("employment", "고용효과", "Job creation", 20),
)
# Target totals by outcome; each evaluator lands within SPREAD of the target.
SELECTED_TARGET = (82, 94)
OTHER_TARGET = (52, 73)
SPREAD = 4
AFFILIATIONS = (
    "안양대학교 경영학과",
    "성결대학교 산학협력단",
    "한국공학대학교 전자공학부",
    "경기테크노파크 기술지원단",
    "한국전자기술연구원 (전문위원)",
    "정보통신산업진흥원 (자문위원)",
    "한빛회계법인",
    "새솔특허법률사무소",
    "경기창조경제혁신센터",
    "중소기업기술정보진흥원 (평가위원)",
    "아주벤처파트너스",
    "한국생산기술연구원 (전문위원)",
)
PROJECTS = (
    "시제품 고도화 및 양산 체계 구축",
    "해외 판로 개척을 위한 제품 현지화",
    "AI 기반 서비스 고도화",
    "신규 고객 확보를 위한 플랫폼 개선",
    "핵심 부품 국산화 및 원가 절감",
    "스마트 공정 도입을 통한 생산성 향상",
)
COMMENTS_HIGH = (
    "사업 모델이 구체적이고 매출 실적이 뒷받침되어 성장 가능성이 높음.",
    "기술 차별성이 분명하며 투자 유치 계획이 현실적임.",
    "고용 확대 계획이 구체적이고 시장 검증이 이루어짐.",
)
COMMENTS_LOW = (
    "시장 분석이 부족하고 사업화 일정이 불명확함.",
    "기술 차별성에 대한 근거가 부족함.",
    "매출 계획 대비 자금 집행 계획의 타당성이 낮음.",
)
# Application indexes (in receipt order) and evaluators behind the conflicts.
RELATIONSHIPS = (
    (3, 7, RelationshipKind.FORMER_EMPLOYER, "2018년까지 재직"),
    (11, 42, RelationshipKind.ADVISORY, "2020년 기술자문 계약"),
    (19, 99, RelationshipKind.RELATIVE, "대표자가 배우자의 형제"),
    (27, 150, RelationshipKind.ADVISORY, "2019년 경영컨설팅 수행"),
)
RECUSAL = (
    6,
    61,
    "신청기업 대표와 대학원 연구실 동문으로, 공정성에 대한 오해를 피하고자 회피합니다.",
)
CHALLENGE_REASON = "해당 평가위원이 동종업계 경쟁사의 자문을 맡고 있다고 들었습니다."
CHALLENGE_DECISION = "확인 결과 평가위원과 경쟁사 사이에 자문 관계가 없어 기피 신청을 기각합니다."


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_default_timezone())


def _stage_on(spec: CompanySpec, day: date) -> str:
    steps = [s for s in spec.stages if s.effective_on <= day]
    return max(steps, key=lambda s: s.effective_on).stage if steps else ""


def call_applicants(plan: DemoPlan, notice: date) -> tuple[list[CompanySpec], set[str]]:
    """The companies at G240 on the notice date and the business numbers of those promoted to
    BLUE100 in the call's year."""
    pool = [c for c in plan.anyang if _stage_on(c, notice) == GrowthStage.G240]
    promoted = {
        c.brn
        for c in pool
        if any(s.stage == GrowthStage.BLUE100 and s.effective_on.year == YEAR for s in c.stages)
    }
    return pool, promoted


def split_total(total: int, rng: random.Random) -> list[int]:
    """`total` points spread over the rubric in proportion to the maxima, nudged a little."""
    maxima = [m for *_rest, m in RUBRIC]
    values = [total * m // 100 for m in maxima]
    for i in rng.sample(range(len(maxima)), len(maxima)):
        if sum(values) < total and values[i] < maxima[i]:
            values[i] += 1
    give, take = rng.sample(range(len(maxima)), 2)
    if values[give] > 0 and values[take] < maxima[take]:
        values[give] -= 1
        values[take] += 1
    return values


def _evaluator_users(rng: random.Random) -> list[User]:
    names = [EVALUATOR_LOGIN, *(EVALUATOR_USERNAME.format(n=n) for n in range(1, EVALUATORS))]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = [
        AccountInput(
            username=username,
            role=Role.EVALUATOR,
            display_name=person(rng, female=rng.random() < 0.35),
            email=f"{username}@example.com",
        )
        for username in names
        if username not in users
    ]
    # External experts sign in once staff give them a password.
    created = users_bulk_create(actor=DEMO, accounts=missing, password=None)
    users.update({u.username: u for u in created})
    return [users[name] for name in names]


def _evaluators(rng: random.Random, users: list[User], divisions: list[str]) -> list[Evaluator]:
    existing = {e.user_id: e for e in Evaluator.objects.filter(user__in=users)}
    new = []
    for i, user in enumerate(users):
        if user.pk in existing:
            continue
        first = divisions[i % len(divisions)]
        second = divisions[(i * 7 + 3) % len(divisions)]
        new.append(
            Evaluator(
                user=user,
                name=user.display_name or user.username,
                affiliation=AFFILIATIONS[i % len(AFFILIATIONS)],
                region_code=rng.choice(("41171", "41173", "41135", "11680")),
                expertise_ksic=sorted({first, second}),
                expertise_keywords=[],
                capacity=CAPACITY,
            )
        )
    evaluators_bulk_create(actor=DEMO, evaluators=new)
    by_user = {e.user_id: e for e in Evaluator.objects.filter(user__in=users)}
    return [by_user[u.pk] for u in users]


def _answers(spec: CompanySpec, sequence: int, rng: random.Random) -> dict[str, Any]:
    project = PROJECTS[sequence % len(PROJECTS)]
    return {
        "company_name": spec.name_ko,
        "brn": spec.brn,
        "representative": spec.representative_name,
        "employees": spec.employees,
        "annual_sales": spec.annual_sales_won,
        "contact_name": spec.representative_name,
        "contact_phone": spec.phone,
        "project_title": f"{spec.name_ko} {project}",
        "summary": f"{spec.name_ko}의 주력 제품·서비스 {project}을 위한 사업화 자금 신청",
        "requested_won": rng.randrange(20, 51) * 1_000_000,
        "consent": True,
    }


def load_reviews(context: DemoContext) -> int:
    """Add the 2021 Blue100 call's applications, evaluation and ranking unless its committee
    exists; return how many rows were added. Call inside the demo loader's transaction, after
    the companies, users and programmes."""
    plan = context.plan
    program = Program.objects.filter(
        agency__code=demo_programs.AGENCY["code"], fiscal_year=YEAR, series=SERIES
    ).first()
    if program is None:
        raise DemoDataError(f"{YEAR} {SERIES} programme missing")
    if Committee.objects.filter(program=program, stage=CommitteeStage.DOCUMENT).exists():
        return 0
    pool, promoted = call_applicants(plan, program.notice_date)
    staff = User.objects.filter(username="officer").first()
    if not pool or staff is None:
        return 0
    rng = random.Random(f"{SEED}-reviews")
    company_user = User.objects.filter(username=COMPANY_USERNAME).first()
    companies = {c.brn: c for c in Company.objects.filter(brn__in=[s.brn for s in pool])}

    window = int((program.closes_at - program.opens_at).total_seconds()) - 3600
    moments = sorted(
        (program.opens_at + timedelta(seconds=rng.randrange(window)), spec.brn) for spec in pool
    )
    specs = {s.brn: s for s in pool}
    records = [
        ApplicationRecord(
            company=companies[brn],
            answers=_answers(specs[brn], sequence, rng),
            steps=status_steps(
                ApplicationStatus.SELECTED if brn in promoted else ApplicationStatus.NOT_SELECTED,
                program=program,
                spec=specs[brn],
                submitted_at=submitted_at,
                staff=staff,
            ),
        )
        for sequence, (submitted_at, brn) in enumerate(moments, start=1)
    ]
    applications = applications_import(actor=DEMO, program=program, records=records)
    history = sum(len(r.steps) for r in records)

    divisions = [code for code, _n in Counter(s.ksic_code[:2] for s in pool).most_common()]
    evaluators = _evaluators(rng, _evaluator_users(rng), divisions)
    committee = Committee(
        program=program,
        stage=CommitteeStage.DOCUMENT,
        name=f"{YEAR}년 Blue100 서면평가위원회",
        per_application=PER_APPLICATION,
        min_for_trimmed=PER_APPLICATION,
        status=CommitteeStatus.CLOSED,
    )
    members = [
        CommitteeMember(committee=committee, evaluator=e, capacity=CAPACITY) for e in evaluators
    ]
    relationships = [
        EvaluatorRelationship(
            evaluator=evaluators[e],
            company=applications[a].company,
            kind=kind,
            declared_on=program.notice_date,
            note=note,
        )
        for e, a, kind, note in RELATIONSHIPS
        if a < len(applications)
    ]
    conflicts = [
        Conflict(
            application=applications[a],
            evaluator=r.evaluator,
            kind=ConflictKind.EXCLUSION,
            status=ConflictStatus.AUTOMATIC,
            reason=_("Declared relationship: %(kind)s, %(name)s.")
            % {"kind": r.get_kind_display(), "name": applications[a].company.name_ko},
            relationship=r,
        )
        for (_e, a, *_rest), r in zip(RELATIONSHIPS, relationships, strict=False)
    ]
    recusal_evaluator, recusal_index, recusal_reason = RECUSAL
    if recusal_index < len(applications):
        conflicts.append(
            Conflict(
                application=applications[recusal_index],
                evaluator=evaluators[recusal_evaluator],
                kind=ConflictKind.RECUSAL,
                status=ConflictStatus.DECLARED,
                reason=recusal_reason,
            )
        )
    # The demo company challenges an evaluator and staff dismiss it: the pair stays assigned.
    owner = next(
        (i for i, a in enumerate(applications) if a.company.brn == plan.owner_company_brn), 0
    )
    challenged = evaluators[(owner + 1) % len(evaluators)]
    conflicts.append(
        Conflict(
            application=applications[owner],
            evaluator=challenged,
            kind=ConflictKind.CHALLENGE,
            status=ConflictStatus.DISMISSED,
            reason=CHALLENGE_REASON,
            requested_by=company_user
            if applications[owner].company.brn == plan.owner_company_brn
            else None,
            decided_by=staff,
            decided_at=_at(date(YEAR, 3, 29), 15, 20),
            decision_reason=CHALLENGE_DECISION,
        )
    )
    blocked = {
        (c.application.pk, c.evaluator.pk)
        for c in conflicts
        if c.status != ConflictStatus.DISMISSED
    }

    assignments = []
    load: Counter[int] = Counter()
    for index, application in enumerate(applications):
        code = specs[application.company.brn or ""].ksic_code
        fits = {
            e.pk: expertise_fit(
                application_codes=[code],
                application_keywords=[],
                evaluator_codes=e.expertise_ksic,
                evaluator_keywords=[],
            )
            for e in evaluators
        }
        candidates = [
            e for e in evaluators if (application.pk, e.pk) not in blocked and load[e.pk] < CAPACITY
        ]
        # Expertise first (up to the division), then the lighter load, then pool order.
        candidates.sort(key=lambda e: (-min(fits[e.pk], 2), load[e.pk], evaluators.index(e)))
        chosen = candidates[:PER_APPLICATION]
        if index == owner and challenged not in chosen:
            chosen = [challenged, *chosen[: PER_APPLICATION - 1]]
        if len(chosen) < PER_APPLICATION:
            raise DemoDataError("not enough evaluators for the 2021 Blue100 call")
        for e in chosen:
            load[e.pk] += 1
            assignments.append(
                Assignment(
                    committee=committee,
                    application=application,
                    evaluator=e,
                    assigned_by=AssignedBy.SOLVER,
                    fit=fits[e.pk],
                    created_by=staff,
                )
            )

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
        a.pk: rng.randint(*(SELECTED_TARGET if a.company.brn in promoted else OTHER_TARGET))
        for a in applications
    }
    scorecards, values = [], []
    for assignment in assignments:
        total = targets[assignment.application.pk] + rng.randint(-SPREAD, SPREAD)
        high = total >= 78
        scorecards.append(
            Scorecard(
                assignment=assignment,
                status=ScorecardStatus.SUBMITTED,
                comment=rng.choice(COMMENTS_HIGH if high else COMMENTS_LOW),
                submitted_at=_at(date(YEAR, 3, 29) + timedelta(days=rng.randrange(12)), 10)
                + timedelta(minutes=rng.randrange(480)),
            )
        )
        values.append(split_total(total, rng))
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
            relationships=relationships,
            conflicts=conflicts,
            assignments=assignments,
            rubric=rubric,
            criteria=criteria,
            scorecards=scorecards,
            scores=scores,
        ),
    )

    config = AggregationConfig(
        program=program,
        tie_breaks=["criterion:business", "criterion:technology", "submitted_at"],
        updated_by=staff,
    )
    # The call selected in rounds of about 35 (the programme's quota); the demo ranks it once
    # and selects everyone the ladder promoted that year.
    rules = dataclasses.replace(
        engine_config(config, criteria, committee, is_final=True), overall_quota=len(promoted)
    )
    outcomes, results = rank_entries(
        rules, applications, assignments, scorecards, values, evaluators
    )
    if {o.key for o in outcomes if o.selected} != {
        a.receipt_number for a in applications if a.company.brn in promoted
    }:
        raise DemoDataError("the 2021 Blue100 ranking does not reproduce the ladder")
    run = SelectionRun(
        program=program,
        committee=committee,
        status=RunStatus.PUBLISHED,
        is_final=True,
        config=engine.config_to_json(rules),
        computed_at=_at(date(YEAR, 4, 26), 10),
        computed_by=staff,
        confirmed_at=_at(date(YEAR, 4, 28), 14),
        confirmed_by=staff,
        published_at=_at(date(YEAR, 4, 30), 10),
        published_by=staff,
    )
    selection_import(actor=DEMO, config=config, run=run, results=results)
    return (
        len(applications)
        + history
        + sum(counts.values())
        + len(results)
        + 4  # committee, rubric, aggregation settings, ranking
    )


def rank_entries(
    rules: engine.AggregationConfig,
    applications: list[Application],
    assignments: list[Assignment],
    scorecards: list[Scorecard],
    values: list[list[int]],
    evaluators: list[Evaluator],
) -> tuple[list[engine.Outcome], list[SelectionResult]]:
    """The engine's outcome over the constructed scores and the result rows it stands for."""
    codes = [code for code, *_rest in RUBRIC]
    by_application: dict[int, list[tuple[Assignment, Scorecard, list[int]]]] = {}
    for a, card, split in zip(assignments, scorecards, values, strict=True):
        by_application.setdefault(a.application_id, []).append((a, card, split))
    names = {e.pk: f"{e.name} #{e.pk}" for e in evaluators}
    entries = [
        engine.Entry(
            key=application.receipt_number,
            sheets=tuple(
                engine.Sheet(
                    names[a.evaluator_id],
                    {c: Decimal(v) for c, v in zip(codes, split, strict=True)},
                )
                for a, _card, split in by_application[application.pk]
            ),
            submitted_at=application.submitted_at,
        )
        for application in applications
    ]
    outcomes = engine.aggregate(rules, entries)
    by_receipt = {str(a.receipt_number): a for a in applications}
    results = []
    for o in outcomes:
        application = by_receipt[str(o.key)]
        totals = {t.evaluator: t for t in o.totals}
        rows = sorted(
            by_application[application.pk],
            key=lambda row: pseudonym_order(application.pk, row[1].pk),
        )
        results.append(
            SelectionResult(
                application=application,
                track=o.track,
                base=o.base,
                bonus=o.bonus,
                total=o.score,
                qualified=o.qualified,
                rank=o.rank,
                selected=o.selected,
                reason=o.reason,
                reason_params={
                    k: str(v) if isinstance(v, Decimal) else v for k, v in o.reason_params.items()
                },
                decided_by=o.decided_by,
                decided_by_params=o.decided_by_params,
                criterion_means={k: str(v) for k, v in o.criterion_means.items()},
                sheets=[
                    {
                        "n": n,
                        "scorecard": card.pk,
                        "total": str(totals[names[a.evaluator_id]].total),
                        "kept": totals[names[a.evaluator_id]].kept,
                        "comment": card.comment,
                    }
                    for n, (a, card, _values) in enumerate(rows, start=1)
                ],
            )
        )
    return outcomes, results
