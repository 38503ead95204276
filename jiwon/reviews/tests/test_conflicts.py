"""Conflicts of interest: 제척 detected automatically, 회피 declared, 기피 decided by staff."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SYSTEM
from jiwon.reviews.models import (
    Assignment,
    Conflict,
    ConflictKind,
    ConflictStatus,
    RelationshipKind,
    Scorecard,
    ScorecardStatus,
)
from jiwon.reviews.services.conflicts import (
    conflict_challenge,
    conflict_decide,
    conflict_recuse,
    conflicts_detect,
    normalise_name,
)
from jiwon.reviews.services.pool import (
    EvaluatorInput,
    evaluator_update,
    relationship_add,
    relationship_remove,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    assign,
    committee,
    relationship,
    screened_application,
)


def blocking(application, evaluator):
    return Conflict.objects.filter(application=application, evaluator=evaluator).blocking()


def detect(application, evaluator, actor=SYSTEM):
    return conflicts_detect(actor=actor, applications=[application], evaluators=[evaluator])


@pytest.mark.parametrize(
    "kind",
    [
        RelationshipKind.OWN_COMPANY,
        RelationshipKind.FORMER_EMPLOYER,
        RelationshipKind.ADVISORY,
        RelationshipKind.RELATIVE,
    ],
)
def test_it_excludes_an_evaluator_with_a_declared_relationship_to_the_company(program, kind):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    relationship(evaluator, kind, company=application.company)
    assert detect(application, evaluator).created == 1
    conflict = blocking(application, evaluator).get()
    assert conflict.kind == ConflictKind.EXCLUSION
    assert conflict.status == ConflictStatus.AUTOMATIC
    assert application.company.name_ko in conflict.reason


def test_it_excludes_by_a_relationship_naming_the_organisation_instead_of_the_registry(program):
    company = CompanyFactory(name_ko="㈜한빛 로보틱스")
    application = screened_application(program, company)
    evaluator = EvaluatorFactory()
    relationship(
        evaluator, RelationshipKind.FORMER_EMPLOYER, organisation_name="주식회사 한빛로보틱스"
    )
    detect(application, evaluator)
    assert blocking(application, evaluator).exists()


def test_it_excludes_an_evaluator_whose_affiliation_is_the_applicant_company(program):
    company = CompanyFactory(name_ko="안양 바이오 (주)", name_en="Anyang Bio Inc.")
    application = screened_application(program, company)
    by_korean = EvaluatorFactory(affiliation="  안양바이오 ")
    by_english = EvaluatorFactory(affiliation="ANYANG  BIO INC.")
    other = EvaluatorFactory(affiliation="안양바이오텍")
    conflicts_detect(
        actor=SYSTEM, applications=[application], evaluators=[by_korean, by_english, other]
    )
    assert blocking(application, by_korean).exists()
    assert blocking(application, by_english).exists()
    assert not blocking(application, other).exists()


def test_names_compare_without_case_space_or_legal_form():
    assert normalise_name("㈜ 한빛 Robotics") == normalise_name("주식회사한빛robotics")
    assert normalise_name("(주)한빛") == "한빛"
    assert normalise_name("한빛") != normalise_name("한빛텍")


def test_a_relationship_of_kind_other_excludes_nobody(program):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    relationship(evaluator, RelationshipKind.OTHER, company=application.company)
    detect(application, evaluator)
    assert not Conflict.objects.exists()


def test_detection_is_idempotent_and_lifts_an_exclusion_whose_cause_is_gone(program, officer):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    tie = relationship_add(
        actor=officer,
        evaluator=evaluator,
        kind=RelationshipKind.ADVISORY,
        company=application.company,
    )
    assert blocking(application, evaluator).count() == 1
    assert detect(application, evaluator).created == 0
    relationship_remove(actor=officer, relationship=tie)
    assert not blocking(application, evaluator).exists()
    # Detection wrote two entries about the exclusion: found, then lifted with its cause.
    entries = AuditEntry.objects.filter(
        action="reviews.conflicts_detect", object_type="reviews.conflict"
    ).order_by("id")
    assert [e.changes["status"] for e in entries] == [
        ConflictStatus.AUTOMATIC,
        [ConflictStatus.AUTOMATIC, None],
    ]


def test_changing_an_affiliation_to_the_applicant_company_excludes_at_once(program, officer):
    application = screened_application(program, CompanyFactory(name_ko="미래소재"))
    evaluator = EvaluatorFactory(affiliation="서울대학교")
    evaluator_update(
        actor=officer,
        evaluator=evaluator,
        data=EvaluatorInput(name=evaluator.name, affiliation="미래 소재", expertise_ksic=["C"]),
    )
    assert blocking(application, evaluator).exists()


def test_a_new_exclusion_removes_an_existing_assignment_and_its_draft(program, officer):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    board = committee(program, members=[evaluator])
    assignment = assign(board, application, evaluator)
    Scorecard.objects.create(assignment=assignment, comment="초안")
    relationship_add(
        actor=officer,
        evaluator=evaluator,
        kind=RelationshipKind.RELATIVE,
        company=application.company,
    )
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    entry = AuditEntry.objects.get(
        action="reviews.conflicts_detect", object_type="reviews.assignment"
    )
    assert entry.changes["scorecard"]["comment"] == "초안"


def test_an_evaluator_recuses_and_loses_the_assignment(program):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    assignment = assign(committee(program, members=[evaluator]), application, evaluator)
    conflict = conflict_recuse(
        actor=evaluator.user, assignment=assignment, reason="전 직장 동료가 대표입니다."
    )
    assert conflict.kind == ConflictKind.RECUSAL
    assert conflict.blocks
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_recusal_needs_a_reason_and_the_assigned_evaluator(program):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    assignment = assign(committee(program, members=[evaluator]), application, evaluator)
    with pytest.raises(ValidationError) as missing:
        conflict_recuse(actor=evaluator.user, assignment=assignment, reason="  ")
    assert "reason" in missing.value.message_dict
    with pytest.raises(ValidationError):
        conflict_recuse(actor=EvaluatorFactory().user, assignment=assignment, reason="x")
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_recusal_is_refused_once_the_scores_are_submitted(program):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    assignment = assign(committee(program, members=[evaluator]), application, evaluator)
    Scorecard.objects.create(
        assignment=assignment,
        status=ScorecardStatus.SUBMITTED,
        comment="좋음",
        submitted_at=timezone.now(),
    )
    with pytest.raises(ValidationError):
        conflict_recuse(actor=evaluator.user, assignment=assignment, reason="사유")
    assert not Conflict.objects.exists()


@pytest.fixture
def challenged(program, member, company):
    application = screened_application(program, company)
    evaluator = EvaluatorFactory()
    board = committee(program, members=[evaluator])
    assignment = assign(board, application, evaluator)
    conflict = conflict_challenge(
        actor=member, application=application, evaluator=evaluator, reason="경쟁사 임원입니다."
    )
    return conflict, assignment


def test_a_pending_challenge_does_not_block(challenged):
    conflict, assignment = challenged
    assert conflict.status == ConflictStatus.PENDING
    assert not conflict.blocks
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_an_upheld_challenge_blocks_and_removes_the_evaluator(challenged, officer):
    conflict, assignment = challenged
    decided = conflict_decide(actor=officer, conflict=conflict, uphold=True, reason="관계 확인")
    assert decided.status == ConflictStatus.UPHELD
    assert blocking(conflict.application, conflict.evaluator).exists()
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    entry = AuditEntry.objects.get(action="reviews.conflict_decide", object_type="reviews.conflict")
    assert entry.changes["status"] == ["pending", "upheld"]


def test_a_dismissed_challenge_does_not_block(challenged, officer):
    conflict, assignment = challenged
    conflict_decide(actor=officer, conflict=conflict, uphold=False, reason="근거 없음")
    assert not blocking(conflict.application, conflict.evaluator).exists()
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_challenge_is_decided_once_and_with_a_reason(challenged, officer):
    conflict, _assignment = challenged
    with pytest.raises(ValidationError) as no_reason:
        conflict_decide(actor=officer, conflict=conflict, uphold=True, reason="")
    assert "decision_reason" in no_reason.value.message_dict
    conflict_decide(actor=officer, conflict=conflict, uphold=False, reason="근거 없음")
    with pytest.raises(ValidationError):
        conflict_decide(actor=officer, conflict=conflict, uphold=True, reason="재검토")


def test_applicants_challenge_only_the_programmes_evaluators_and_once_each(challenged, member):
    conflict, _assignment = challenged
    outsider = EvaluatorFactory()
    with pytest.raises(ValidationError) as outside:
        conflict_challenge(
            actor=member, application=conflict.application, evaluator=outsider, reason="x"
        )
    assert "evaluator" in outside.value.message_dict
    with pytest.raises(ValidationError) as twice:
        conflict_challenge(
            actor=member,
            application=conflict.application,
            evaluator=conflict.evaluator,
            reason="다시",
        )
    assert "evaluator" in twice.value.message_dict


def test_a_conflict_status_must_fit_its_kind(program):
    application = screened_application(program)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conflict.objects.create(
            application=application,
            evaluator=EvaluatorFactory(),
            kind=ConflictKind.EXCLUSION,
            status=ConflictStatus.PENDING,
            reason="x",
        )


def test_only_a_challenge_is_decided_by_staff(program):
    application = screened_application(program)
    conflict = Conflict.objects.create(
        application=application,
        evaluator=EvaluatorFactory(),
        kind=ConflictKind.EXCLUSION,
        status=ConflictStatus.AUTOMATIC,
        reason="x",
    )
    with pytest.raises(ValidationError):
        conflict_decide(actor=UserFactory(), conflict=conflict, uphold=False, reason="x")
