"""Rubrics and scorecards: values within the maximum, one row per criterion, a comment to
submit, read-only afterwards."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiwon.audit.models import AuditEntry
from jiwon.reviews.models import (
    CommitteeStatus,
    Score,
    Scorecard,
    ScorecardStatus,
)
from jiwon.reviews.services.assignment import assignment_add
from jiwon.reviews.services.scoring import (
    CriterionInput,
    ScoreInput,
    rubric_save,
    scorecard_save,
)
from jiwon.reviews.tests.factories import (
    ClosedProgramFactory,
    EvaluatorFactory,
    assign,
    committee,
    rubric,
    screened_application,
)

FULL = {"tech": "35.5", "market": "20", "team": "27.25"}


@pytest.fixture
def assignment(db):
    program = ClosedProgramFactory()
    rubric(program)
    evaluator = EvaluatorFactory()
    return assign(committee(program, members=[evaluator]), screened_application(program), evaluator)


def save(assignment, values, comment="", submit=False, actor=None):
    return scorecard_save(
        actor=actor or assignment.evaluator.user,
        assignment=assignment,
        data=ScoreInput(values=values, comment=comment),
        submit=submit,
    )


def test_an_evaluator_submits_one_exact_decimal_row_per_criterion(assignment):
    card = save(assignment, FULL, comment="기술성이 우수함", submit=True)
    assert card.status == ScorecardStatus.SUBMITTED
    assert card.submitted_at is not None
    stored = {s.criterion.code: s.value for s in card.scores.select_related("criterion")}
    assert stored == {"tech": Decimal("35.50"), "market": Decimal("20"), "team": Decimal("27.25")}
    assert AuditEntry.objects.filter(action="reviews.scorecard_save").count() == 1


@pytest.mark.parametrize("value", ["40.01", "41", "-1", "7.555", "열", "NaN", "1e9"])
def test_a_value_outside_zero_to_the_maximum_or_not_a_number_is_refused(assignment, value):
    with pytest.raises(ValidationError) as refused:
        save(assignment, {**FULL, "tech": value}, comment="x")
    assert refused.value.message_dict["tech"] == [
        "Enter a score from 0 to 40, with at most 2 decimals."
    ]
    assert not Score.objects.exists()


def test_the_maximum_itself_and_zero_are_accepted(assignment):
    card = save(assignment, {"tech": "40", "market": "0", "team": "30.00"})
    assert sorted(card.scores.values_list("value", flat=True)) == [0, 30, 40]


def test_submitting_needs_a_comment_and_every_criterion(assignment):
    with pytest.raises(ValidationError) as refused:
        save(assignment, {"tech": "30", "market": ""}, comment="  ", submit=True)
    errors = refused.value.message_dict
    assert errors["comment"] == ["Write a comment before you submit."]
    assert errors["market"] == ["Score this criterion."]
    assert errors["team"] == ["Score this criterion."]
    assert not Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED).exists()


def test_a_draft_may_be_incomplete_and_saving_again_replaces_rows(assignment):
    save(assignment, {"tech": "30"})
    card = save(assignment, {"tech": "31", "market": "10"}, comment="작성 중")
    assert card.status == ScorecardStatus.DRAFT
    assert Score.objects.filter(scorecard=card).count() == 2
    assert card.scores.get(criterion__code="tech").value == Decimal("31")
    card = save(assignment, {"tech": "", "market": "10"})
    assert list(card.scores.values_list("criterion__code", flat=True)) == ["market"]


def test_a_draft_refuses_a_comment_beyond_its_size(assignment):
    with pytest.raises(ValidationError) as refused:
        save(assignment, {"tech": "30"}, comment="가" * 2_400_000)
    assert refused.value.message_dict["comment"][0].startswith("Shorten this to at most 5000")
    assert not Scorecard.objects.exists()


def test_a_submitted_scorecard_can_no_longer_change(assignment):
    save(assignment, FULL, comment="의견", submit=True)
    with pytest.raises(ValidationError, match="submitted"):
        save(assignment, {**FULL, "tech": "1"}, comment="바꿈")
    assert Score.objects.get(criterion__code="tech").value == Decimal("35.5")


def test_only_the_assigned_evaluator_scores(assignment):
    with pytest.raises(ValidationError):
        save(assignment, FULL, actor=EvaluatorFactory().user)
    assert not Scorecard.objects.exists()


def test_a_closed_committee_accepts_no_scores(assignment):
    assignment.committee.status = CommitteeStatus.CLOSED
    assignment.committee.save()
    with pytest.raises(ValidationError, match="closed"):
        save(assignment, FULL)


def test_an_unknown_criterion_is_refused(assignment):
    with pytest.raises(ValidationError, match="not a criterion"):
        save(assignment, {**FULL, "luck": "3"})


def test_the_database_keeps_one_row_per_criterion(assignment):
    card = save(assignment, FULL)
    criterion = card.scores.first().criterion
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(scorecard=card, criterion=criterion, value=1)


def test_the_database_refuses_a_submitted_card_without_a_comment(assignment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(
            assignment=assignment, status=ScorecardStatus.SUBMITTED, submitted_at=timezone.now()
        )


def test_the_database_refuses_a_negative_score(assignment):
    card = Scorecard.objects.create(assignment=assignment)
    criterion = card.assignment.committee.program.rubrics.get().criteria.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(scorecard=card, criterion=criterion, value=Decimal("-0.5"))


def test_a_rubric_needs_positive_weights_and_maxima_and_unique_codes(officer):
    program = ClosedProgramFactory()
    with pytest.raises(ValidationError) as refused:
        rubric_save(
            actor=officer,
            program=program,
            stage="document",
            criteria=[
                CriterionInput(code="tech", name_ko="기술성", max_score=Decimal(0)),
                CriterionInput(
                    code="tech", name_ko="", max_score=Decimal(10), weight=Decimal("-1")
                ),
            ],
        )
    messages = refused.value.messages
    assert "Criterion 1: the maximum is a number above 0 with at most 2 decimals." in messages
    assert "Criterion 2: the code “tech” is used twice." in messages
    assert "Criterion 2: enter its Korean name." in messages
    assert "Criterion 2: the weight is a number above 0 with at most 2 decimals." in messages


def test_a_rubric_is_saved_in_order_and_audited(officer):
    program = ClosedProgramFactory()
    saved = rubric_save(
        actor=officer,
        program=program,
        stage="document",
        criteria=[
            CriterionInput(code="Tech", name_ko="기술성", max_score=Decimal(60), weight=Decimal(2)),
            CriterionInput(code="market", name_ko="시장성", max_score=Decimal(40)),
        ],
    )
    assert [(c.code, c.order) for c in saved.criteria.all()] == [("tech", 1), ("market", 2)]
    entry = AuditEntry.objects.get(action="reviews.rubric_save")
    assert entry.changes["criteria"][1][0] == ["tech", "기술성", "2", "60"]


def test_a_rubric_in_use_cannot_change(assignment, officer):
    save(assignment, FULL)
    with pytest.raises(ValidationError, match="already scored"):
        rubric_save(
            actor=officer,
            program=assignment.committee.program,
            stage="document",
            criteria=[CriterionInput(code="tech", name_ko="기술성", max_score=Decimal(100))],
        )


def test_nobody_scores_or_is_assigned_while_the_call_is_still_open(assignment, officer):
    program = assignment.committee.program
    program.closes_at = timezone.now() + timedelta(days=3)
    program.save()
    with pytest.raises(ValidationError, match="open until"):
        save(assignment, FULL, comment="기술성이 우수함")
    other = screened_application(program)
    with pytest.raises(ValidationError, match="open until"):
        assignment_add(
            actor=officer,
            committee=assignment.committee,
            application=other,
            evaluator=assignment.evaluator,
        )
    assert not Score.objects.exists()
