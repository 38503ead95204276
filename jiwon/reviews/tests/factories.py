"""Test helpers for evaluation: evaluators, applications that passed screening, committees
with members, rubrics, submitted scorecards, and programmes whose committee has scored
(`evaluated`), ready to rank and publish."""

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.db import transaction
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications.models import Application
from jiwon.applications.services.forms import application_form_ensure
from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.programs.tests.factories import ProgramFactory, at_kst
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.models import (
    AssignedBy,
    Assignment,
    Committee,
    CommitteeMember,
    CommitteeStage,
    Evaluator,
    EvaluatorRelationship,
    Rubric,
    RubricCriterion,
    Score,
    Scorecard,
    ScorecardStatus,
    SelectionResult,
)
from jiwon.reviews.services.selection import (
    AggregationInput,
    aggregation_config_save,
    selection_compute,
    selection_confirm,
    selection_publish,
)


class ClosedProgramFactory(ProgramFactory):
    """A call whose application window closed before the test's day: evaluation and
    selection start only then (a rolling call aside)."""

    notice_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    closes_at = factory.LazyFunction(lambda: at_kst(timezone.localdate() - timedelta(days=10), 18))
    status = ProgramStatus.UNDER_REVIEW


class EvaluatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluator

    user = factory.SubFactory(UserFactory, role=Role.EVALUATOR)
    name = factory.Sequence(lambda n: f"평가위원{n}")
    affiliation = factory.Sequence(lambda n: f"한국대학교 {n}")
    expertise_ksic = factory.LazyFunction(lambda: ["C"])
    expertise_keywords = factory.LazyFunction(list)
    capacity = 10


def relationship(evaluator, kind, company=None, organisation_name=""):
    return EvaluatorRelationship.objects.create(
        evaluator=evaluator,
        kind=kind,
        company=company,
        organisation_name=organisation_name,
        declared_on=date(2026, 1, 5),
    )


def screened_application(program, company=None, status=ApplicationStatus.SCREENED_PASS, **kw):
    """An application that passed screening (made directly: the reviews tests need the
    state, not the journey the applications tests cover)."""
    company = company or CompanyFactory()
    with transaction.atomic():
        form = application_form_ensure(actor=SYSTEM, program=program)
    sequence = program.applications.count() + 1
    return Application.objects.create(
        program=program,
        company=company,
        form=form,
        status=status,
        receipt_sequence=sequence,
        receipt_number=f"T{program.pk}-{sequence:04d}",
        **kw,
    )


def committee(program, stage=CommitteeStage.DOCUMENT, members=(), **overrides):
    values = {"name": "서면평가위원회", "per_application": 3, "min_for_trimmed": 5}
    values.update(overrides)
    made = Committee.objects.create(program=program, stage=stage, **values)
    for member in members:
        CommitteeMember.objects.create(committee=made, evaluator=member)
    return made


DEFAULT_CRITERIA = (
    ("tech", "기술성", "Technology", "40"),
    ("market", "시장성", "Market", "30"),
    ("team", "역량", "Team", "30"),
)


def rubric(program, stage=CommitteeStage.DOCUMENT, criteria=DEFAULT_CRITERIA):
    made = Rubric.objects.create(program=program, stage=stage)
    for order, (code, name_ko, name_en, maximum) in enumerate(criteria, start=1):
        RubricCriterion.objects.create(
            rubric=made,
            code=code,
            name_ko=name_ko,
            name_en=name_en,
            max_score=Decimal(maximum),
            order=order,
        )
    return made


def assign(committee, application, evaluator, by=AssignedBy.STAFF):
    return Assignment.objects.create(
        committee=committee, application=application, evaluator=evaluator, assigned_by=by
    )


# Programmes whose committee has scored ----------------------------------------------------

KST = ZoneInfo("Asia/Seoul")
CODES = ("tech", "market", "team")
SUBMITTED = datetime(2026, 11, 20, 10, 0, tzinfo=KST)
COMMENTS = itertools.count(1)
# When the rankings of these helpers' tests are published (a fixed day, in Korea).
PUBLISHED = datetime(2026, 12, 10, 14, 0, tzinfo=KST)


def submit(assignment, scores, comment="", at=None):
    """A submitted scorecard (made directly: scoring itself is tested with its service)."""
    card = Scorecard.objects.create(
        assignment=assignment,
        status=ScorecardStatus.SUBMITTED,
        comment=comment or f"심사의견 {next(COMMENTS)}: 사업화 계획이 구체적임",
        submitted_at=at or timezone.now(),
    )
    committee_ = assignment.committee
    for code, value in zip(CODES, scores, strict=True):
        Score.objects.create(
            scorecard=card,
            criterion=RubricCriterion.objects.get(
                rubric__program_id=committee_.program_id, rubric__stage=committee_.stage, code=code
            ),
            value=Decimal(str(value)),
        )
    return card


@dataclass
class Setup:
    program: object
    committee: object
    evaluators: list
    apps: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)

    def result(self, name) -> SelectionResult:
        return SelectionResult.objects.get(application=self.apps[name])


def evaluated(
    sheets,
    *,
    quota=10,
    min_for_trimmed=5,
    stage=CommitteeStage.DOCUMENT,
    program=None,
    companies=None,
    submitted=None,
    answers=None,
    growth_stage="",
):
    """A programme whose committee has scored: `sheets` maps a name to its evaluators' scores,
    one (tech, market, team) per evaluator; evaluator i scores sheet i of every application."""
    program = program or ClosedProgramFactory(quota=quota, growth_stage=growth_stage)
    if not program.rubrics.filter(stage=stage).exists():
        rubric(program, stage=stage)
    size = max(len(rows) for rows in sheets.values())
    evaluators = [EvaluatorFactory() for _ in range(size)]
    made = committee(program, stage=stage, members=evaluators, min_for_trimmed=min_for_trimmed)
    setup = Setup(program, made, evaluators)
    for name, rows in sheets.items():
        app = screened_application(
            program,
            company=(companies or {}).get(name),
            submitted_at=(submitted or {}).get(name, SUBMITTED),
            answers=(answers or {}).get(name, {}),
        )
        for evaluator, scores in zip(evaluators, rows, strict=False):
            submit(assign(made, app, evaluator), scores)
        setup.apps[name] = app
    return setup


def configure(officer, program, **values):
    return aggregation_config_save(actor=officer, program=program, data=AggregationInput(**values))


def published_ranking(officer, at):
    """A ranking of two companies published `at`, with a member of each."""
    ours, theirs = CompanyFactory(name_ko="우리회사"), CompanyFactory(name_ko="경쟁회사")
    setup = evaluated(
        {
            "ours": [(20, 20, 20), (25, 20, 20), (30, 20, 20)],
            "theirs": [(35, 30, 30), (36, 30, 30), (37, 30, 30)],
        },
        quota=1,
        companies={"ours": ours, "theirs": theirs},
    )
    configure(officer, setup.program, appeal_days=7)
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run, now=at)
    setup.members = {"ours": member_of(ours), "theirs": member_of(theirs)}
    return setup
