"""`jiwon demo`'s 2021 Blue100 call (jiwon/demo/reviews.py) and the open call the demo
company can apply to. The demo is loaded once for the module and removed afterwards."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiwon.accounts.models import User
from jiwon.applications.models import Application
from jiwon.applications.services.applications import application_start
from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import GrowthStage, GrowthStageChange
from jiwon.programs.models import Program
from jiwon.programs.selectors.participation import selection_records
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.engine import aggregation as engine
from jiwon.reviews.models import (
    Assignment,
    Committee,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evaluator,
    Score,
    Scorecard,
    ScorecardStatus,
    SelectionResult,
    SelectionRun,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def blue100_2021() -> Program:
    return Program.objects.get(agency__code="ayventure", fiscal_year=2021, series="BLUE100")


def run() -> SelectionRun:
    return SelectionRun.objects.get(program=blue100_2021())


def test_228_companies_applied_and_the_103_promoted_in_2021_were_selected():
    applications = Application.objects.filter(program=blue100_2021())
    promoted = set(
        GrowthStageChange.objects.filter(
            stage=GrowthStage.BLUE100, effective_on__year=2021
        ).values_list("company_id", flat=True)
    )
    selected = applications.filter(status=ApplicationStatus.SELECTED)
    program = blue100_2021()

    assert applications.count() == 228
    assert selected.count() == 103
    assert applications.filter(status=ApplicationStatus.NOT_SELECTED).count() == 125
    assert set(selected.values_list("company_id", flat=True)) == promoted
    assert all(
        program.opens_at <= at < program.closes_at
        for at in applications.values_list("submitted_at", flat=True)
    )
    receipts = sorted(applications.values_list("receipt_number", flat=True))
    assert receipts[0] == "AY-2021-BLUE100-000001"
    assert receipts[-1] == "AY-2021-BLUE100-000228"


def test_each_2021_application_has_its_status_history_and_counts_as_past_participation():
    applications = Application.objects.filter(program=blue100_2021())
    for application in applications.prefetch_related("status_history")[:20]:
        steps = sorted(application.status_history.all(), key=lambda c: (c.at, c.id))
        assert [c.target for c in steps][-1] == application.status
        assert [c.source for c in steps][1:] == [c.target for c in steps][:-1]
        assert steps[1].at == application.submitted_at
    promoted_on = dict(
        GrowthStageChange.objects.filter(
            stage=GrowthStage.BLUE100, effective_on__year=2021
        ).values_list("company_id", "effective_on")
    )
    selections = {
        company: on
        for company, series, on, _ends in selection_records(promoted_on)
        if series == "BLUE100" and on.year == 2021
    }
    assert selections == promoted_on


def test_five_evaluators_scored_each_application_and_none_has_a_blocking_conflict():
    committee = Committee.objects.get(program=blue100_2021())
    assignments = Assignment.objects.filter(committee=committee)
    blocking = set(
        Conflict.objects.blocking()
        .filter(application__program=blue100_2021())
        .values_list("application_id", "evaluator_id")
    )
    pairs = set(assignments.values_list("application_id", "evaluator_id"))

    assert committee.members.count() == 40
    assert all(m.user.role == "evaluator" for m in committee.members.select_related("user"))
    assert assignments.count() == 228 * 5 == len(pairs)
    assert blocking and not blocking & pairs
    assert not Scorecard.objects.filter(assignment__committee=committee).exclude(
        status=ScorecardStatus.SUBMITTED
    )


def test_the_pool_has_exclusions_a_recusal_and_a_dismissed_challenge():
    conflicts = Conflict.objects.filter(application__program=blue100_2021())
    kinds = sorted(conflicts.values_list("kind", "status"))
    challenge = conflicts.get(kind=ConflictKind.CHALLENGE)

    assert kinds == sorted(
        [(ConflictKind.EXCLUSION, ConflictStatus.AUTOMATIC)] * 4
        + [(ConflictKind.RECUSAL, ConflictStatus.DECLARED)]
        + [(ConflictKind.CHALLENGE, ConflictStatus.DISMISSED)]
    )
    assert all(c.relationship_id for c in conflicts.filter(kind=ConflictKind.EXCLUSION))
    assert challenge.decision_reason and challenge.decided_by.username == "officer"
    # A dismissed challenge does not block: the evaluator kept the application.
    assert Assignment.objects.filter(
        application=challenge.application, evaluator=challenge.evaluator
    ).exists()


def test_aggregating_the_stored_scores_reproduces_the_stored_ranking():
    ranking = run()
    sheets: dict[int, dict[int, dict]] = {}
    for scorecard_id, code, value in Score.objects.filter(
        scorecard__assignment__committee=ranking.committee
    ).values_list("scorecard_id", "criterion__code", "value"):
        sheets.setdefault(scorecard_id, {})[code] = value
    by_application: dict[int, list] = {}
    for a in Assignment.objects.filter(committee=ranking.committee).select_related(
        "evaluator", "scorecard", "application"
    ):
        by_application.setdefault(a.application, []).append(
            engine.Sheet(f"{a.evaluator.name} #{a.evaluator_id}", sheets[a.scorecard.pk])
        )
    entries = [
        engine.Entry(key=app.receipt_number, sheets=tuple(s), submitted_at=app.submitted_at)
        for app, s in by_application.items()
    ]
    rules = engine.config_from_json(ranking.config)

    recomputed = {o.key: (o.rank, o.score, o.selected) for o in engine.aggregate(rules, entries)}
    stored = {
        r.application.receipt_number: (r.rank, r.total, r.selected)
        for r in ranking.results.select_related("application")
    }

    assert recomputed == stored
    assert ranking.status == "published"
    assert [c.key for c in rules.criteria] == ["business", "technology", "growth", "employment"]
    assert sum(c.maximum for c in rules.criteria) == Decimal(100)
    top = ranking.results.order_by("rank")
    assert all(r.selected for r in top[:103]) and not any(r.selected for r in top[103:])


def test_loading_the_demo_again_adds_no_review_records():
    audited = AuditEntry.objects.filter(action="reviews.evaluation_import").count()
    models = (Application, Evaluator, Conflict, Assignment, Scorecard, Score, SelectionResult)
    before = {model: model.objects.count() for model in models}

    call_command("demo", stdout=io.StringIO())

    assert {model: model.objects.count() for model in models} == before
    assert AuditEntry.objects.filter(action="reviews.evaluation_import").count() == audited


def test_the_demo_company_can_start_an_application_to_an_open_call_now():
    user = User.objects.get(username="company")
    company = user.memberships.get().company
    now = timezone.now()
    program = Program.objects.get(
        agency__code="ayventure",
        series="TOTAL_MARKETING",
        status=ProgramStatus.PUBLISHED,
        opens_at__lte=now,
        closes_at__gt=now,
    )

    application = application_start(actor=user, program=program, company=company)

    assert application.status == ApplicationStatus.DRAFT
    assert application.form.program == program
    assert company.name_ko == "(주)스카이디스플레이"
