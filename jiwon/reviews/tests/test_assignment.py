"""Assigning a committee from the database: the solver never pairs a conflicted evaluator,
keeps capacities, says exactly what is missing, and staff adjust by hand under audit."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory, ksic
from jiwon.reviews.models import (
    AssignedBy,
    Assignment,
    CommitteeMember,
    CommitteeStatus,
    Conflict,
    ConflictKind,
    ConflictStatus,
    RelationshipKind,
    Scorecard,
    ScorecardStatus,
)
from jiwon.reviews.services.assignment import (
    assignment_add,
    assignment_remove,
    committee_assign,
    committee_feasibility,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    assign,
    committee,
    relationship,
    screened_application,
)


def loads(board):
    return Counter(board.assignments.values_list("evaluator_id", flat=True))


def pairs(board):
    return set(board.assignments.values_list("application_id", "evaluator_id"))


def test_the_solver_never_assigns_a_conflicted_pair_and_respects_capacity(program, officer):
    applications = [screened_application(program) for _ in range(4)]
    evaluators = [EvaluatorFactory(capacity=2) for _ in range(5)]
    board = committee(program, members=evaluators, per_application=2)
    # 제척 found at assignment time (never stored before), and a 회피 already declared.
    relationship(evaluators[0], RelationshipKind.OWN_COMPANY, company=applications[0].company)
    Conflict.objects.create(
        application=applications[1],
        evaluator=evaluators[1],
        kind=ConflictKind.RECUSAL,
        status=ConflictStatus.DECLARED,
        reason="회피",
    )
    run = committee_assign(actor=officer, committee=board)
    assert run.missing == 0
    made = pairs(board)
    assert len(made) == 8
    assert (applications[0].pk, evaluators[0].pk) not in made
    assert (applications[1].pk, evaluators[1].pk) not in made
    assert max(loads(board).values()) <= 2
    assert Counter(a for a, _e in made) == {a.pk: 2 for a in applications}


def test_a_member_capacity_overrides_the_evaluators_own(program, officer):
    applications = [screened_application(program) for _ in range(3)]
    busy, free = EvaluatorFactory(capacity=10), EvaluatorFactory(capacity=10)
    board = committee(program, members=[busy, free], per_application=1)
    CommitteeMember.objects.filter(evaluator=busy).update(capacity=1)
    committee_assign(actor=officer, committee=board)
    assert loads(board) == {busy.pk: 1, free.pk: 2}
    assert len(applications) == 3


def test_the_solver_prefers_the_evaluator_whose_expertise_fits(program, officer):
    semiconductor = CompanyFactory(ksic=ksic("26111"))
    application = screened_application(program, semiconductor)
    expert = EvaluatorFactory(expertise_ksic=["2611"], name="반도체 전문가")
    generalist = EvaluatorFactory(expertise_ksic=["J"], name="일반")
    board = committee(program, members=[generalist, expert], per_application=1)
    run = committee_assign(actor=officer, committee=board)
    assignment = board.assignments.get()
    assert assignment.evaluator == expert
    assert assignment.fit == 4
    assert assignment.assigned_by == AssignedBy.SOLVER
    assert run.objective == 4
    assert application.pk == assignment.application_id


def test_only_applications_that_passed_screening_are_assigned(program, officer):
    passed = screened_application(program)
    screened_application(program, status=ApplicationStatus.SUBMITTED)
    screened_application(program, status=ApplicationStatus.REJECTED)
    board = committee(program, members=[EvaluatorFactory()], per_application=1)
    committee_assign(actor=officer, committee=board)
    assert set(board.assignments.values_list("application_id", flat=True)) == {passed.pk}


def test_feasibility_says_how_many_evaluators_are_short(program, officer):
    for _ in range(4):
        screened_application(program)
    board = committee(
        program, members=[EvaluatorFactory(capacity=3) for _ in range(3)], per_application=3
    )
    CommitteeMember.objects.filter(committee=board).first().delete()
    with translation.override("en"):
        report = committee_feasibility(actor=officer, committee=board)
        messages = report.messages
    assert not report.feasible
    assert messages[0] == (
        "Only 6 of the 12 assignments for Document review can be made: 6 missing."
    )
    assert messages[1].startswith(
        "2 evaluators short for Document review: 12 assignments are needed "
        "(4 applications × 3) but the evaluators can take 6 in all; the 6 missing take "
        "2 evaluators at the median capacity of 3."
    )


def test_feasibility_counts_conflicts_as_missing_evaluators(program, officer):
    application = screened_application(program)
    evaluators = [EvaluatorFactory() for _ in range(3)]
    relationship(evaluators[0], RelationshipKind.ADVISORY, company=application.company)
    board = committee(program, members=evaluators, per_application=3)
    with translation.override("en"):
        report = committee_feasibility(actor=officer, committee=board)
        messages = report.messages
    assert report.missing == 1
    assert "fewer than 3 evaluators without a conflict" in messages[1]
    assert f"{application.receipt_number} (2 available)" in messages[1]


def test_an_infeasible_assignment_is_refused_unless_partial(program, officer):
    applications = [screened_application(program) for _ in range(3)]
    board = committee(program, members=[EvaluatorFactory(capacity=2)], per_application=1)
    with pytest.raises(ValidationError) as refused:
        committee_assign(actor=officer, committee=board)
    assert "1 missing" in refused.value.messages[0]
    assert not board.assignments.exists()
    run = committee_assign(actor=officer, committee=board, partial=True)
    assert (len(run.created), run.missing) == (2, 1)
    assert len(applications) == 3


def test_running_again_keeps_what_exists_and_fills_only_the_gaps(program, officer):
    applications = [screened_application(program) for _ in range(2)]
    evaluators = [EvaluatorFactory() for _ in range(3)]
    board = committee(program, members=evaluators, per_application=2)
    manual = assign(board, applications[0], evaluators[2])
    committee_assign(actor=officer, committee=board)
    before = pairs(board)
    assert Assignment.objects.filter(pk=manual.pk).exists()
    assert len(before) == 4
    run = committee_assign(actor=officer, committee=board)
    assert run.created == []
    assert pairs(board) == before
    runs = AuditEntry.objects.filter(action="reviews.committee_assign").order_by("id")
    assert [e.changes["assignments"] for e in runs] == [[1, 4], [4, 4]]


def test_every_solver_run_is_audited_with_the_pairs_it_added(program, officer):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    board = committee(program, members=[evaluator], per_application=1)
    committee_assign(actor=officer, committee=board)
    entry = AuditEntry.objects.get(action="reviews.committee_assign")
    assert entry.changes["added"] == [[application.pk, evaluator.pk, 1]]
    assert entry.actor_id == officer.pk


def test_staff_add_an_assignment_by_hand_audited_before_and_after(program, officer):
    application = screened_application(program)
    first = EvaluatorFactory(name="가위원")
    second = EvaluatorFactory(name="나위원")
    board = committee(program, members=[first, second], per_application=2)
    assign(board, application, first)
    made = assignment_add(actor=officer, committee=board, application=application, evaluator=second)
    assert made.assigned_by == AssignedBy.STAFF
    entry = AuditEntry.objects.get(action="reviews.assignment_add")
    assert entry.changes["evaluators"] == [[str(first)], sorted([str(first), str(second)])]


def test_a_manual_assignment_is_refused_on_a_conflict(program, officer):
    application = screened_application(program, CompanyFactory(name_ko="한빛전자"))
    evaluator = EvaluatorFactory(affiliation="한빛 전자")
    board = committee(program, members=[evaluator])
    with pytest.raises(ValidationError) as refused:
        assignment_add(actor=officer, committee=board, application=application, evaluator=evaluator)
    assert "conflict of interest" in str(refused.value.message_dict["evaluator"])
    assert not board.assignments.exists()


def test_a_manual_assignment_is_refused_beyond_capacity_k_or_the_committee(program, officer):
    applications = [screened_application(program) for _ in range(2)]
    evaluator = EvaluatorFactory(capacity=1)
    outsider = EvaluatorFactory()
    board = committee(program, members=[evaluator], per_application=1)
    assignment_add(actor=officer, committee=board, application=applications[0], evaluator=evaluator)
    with pytest.raises(ValidationError, match="capacity"):
        assignment_add(
            actor=officer, committee=board, application=applications[1], evaluator=evaluator
        )
    with pytest.raises(ValidationError, match="not on the committee"):
        assignment_add(
            actor=officer, committee=board, application=applications[1], evaluator=outsider
        )
    CommitteeMember.objects.create(committee=board, evaluator=outsider)
    with pytest.raises(ValidationError, match="already has 1 evaluator;"):
        assignment_add(
            actor=officer, committee=board, application=applications[0], evaluator=outsider
        )


def test_staff_remove_an_assignment_audited_but_not_once_scores_are_submitted(program, officer):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    board = committee(program, members=[evaluator])
    assignment = assign(board, application, evaluator)
    assignment_remove(actor=officer, assignment=assignment)
    entry = AuditEntry.objects.get(action="reviews.assignment_remove")
    assert entry.changes["evaluators"] == [[str(evaluator)], []]
    submitted = assign(board, application, evaluator)
    Scorecard.objects.create(
        assignment=submitted,
        status=ScorecardStatus.SUBMITTED,
        comment="ok",
        submitted_at=timezone.now(),
    )
    with pytest.raises(ValidationError):
        assignment_remove(actor=officer, assignment=submitted)
    assert Assignment.objects.filter(pk=submitted.pk).exists()


def test_a_closed_committee_refuses_changes(program, officer):
    application = screened_application(program)
    evaluator = EvaluatorFactory()
    board = committee(program, members=[evaluator], status=CommitteeStatus.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        committee_assign(actor=officer, committee=board)
    with pytest.raises(ValidationError, match="closed"):
        assignment_add(actor=officer, committee=board, application=application, evaluator=evaluator)
