"""The workflow engine, on the Program model with workflows defined here (so that the tests do
not follow the programme workflow's own changes)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SystemActor
from jiwon.core.permissions import register_object_rule
from jiwon.core.roles import Role
from jiwon.core.workflow import (
    Transition,
    Workflow,
    WorkflowFamily,
    workflow_initial,
    workflow_move,
    workflow_record_created,
)
from jiwon.programs.models import Program, ProgramStatusChange
from jiwon.programs.tests.factories import AgencyFactory, ProgramFactory

KST = ZoneInfo("Asia/Seoul")
MANAGE = "programs.manage"
ACTION = "programs.program_transition"

V1 = Workflow(
    name="test-programme",
    version=1,
    initial="draft",
    states={"draft": "Draft", "published": "Published", "closed": "Closed"},
    transitions=(
        Transition("draft", "published", MANAGE, "Publish"),
        Transition("published", "draft", MANAGE, "Withdraw", comment_required=True),
        Transition("published", "closed", MANAGE, "Close"),
    ),
    terminal=frozenset({"closed"}),
)
# Version 2 renames "published", adds a review step and no longer closes straight away.
V2 = Workflow(
    name="test-programme",
    version=2,
    initial="draft",
    states={
        "draft": "Draft",
        "published": "Open for applications",
        "under_review": "Under review",
        "closed": "Closed",
    },
    transitions=(
        Transition("draft", "published", MANAGE, "Publish"),
        Transition("published", "under_review", MANAGE, "Start review"),
        Transition("under_review", "closed", MANAGE, "Close"),
    ),
    terminal=frozenset({"closed"}),
)


@pytest.fixture(autouse=True)
def workflows(monkeypatch, object_rules):
    """Programmes move by V1 in every test (and by the rules a test registers only)."""
    monkeypatch.setattr(Program, "workflows", WorkflowFamily(V1))


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.PROGRAM_OFFICER, username="kim.officer")


@pytest.fixture
def program(db):
    return ProgramFactory(status="published", workflow_version=1)


def history_of(program):
    return list(ProgramStatusChange.objects.filter(program=program).order_by("id"))


def audit_of(program):
    return list(
        AuditEntry.objects.filter(object_type="programs.program", object_id=str(program.pk))
    )


def assert_nothing_written(program, status="published"):
    program.refresh_from_db()
    assert program.status == status
    assert history_of(program) == []
    assert audit_of(program) == []


# A definition is data, checked when it is built: a wrong workflow fails at import.


def test_it_refuses_a_transition_between_unknown_states():
    with pytest.raises(ValueError, match="unknown state"):
        Workflow(
            name="w",
            version=1,
            initial="a",
            states={"a": "A"},
            transitions=(Transition("a", "nowhere", MANAGE, "Go"),),
        )


def test_it_refuses_an_unknown_initial_or_terminal_state():
    with pytest.raises(ValueError, match="unknown initial state"):
        Workflow(name="w", version=1, initial="b", states={"a": "A"})
    with pytest.raises(ValueError, match="unknown terminal states"):
        Workflow(name="w", version=1, initial="a", states={"a": "A"}, terminal=frozenset("z"))


def test_it_refuses_a_transition_that_needs_an_unknown_capability():
    with pytest.raises(ValueError, match="needs unknown 'programs.fly'"):
        Workflow(
            name="w",
            version=1,
            initial="a",
            states={"a": "A", "b": "B"},
            transitions=(Transition("a", "b", "programs.fly", "Go"),),
        )


def test_it_refuses_a_way_out_of_a_terminal_state():
    with pytest.raises(ValueError, match="terminal state 'b' has a way out"):
        Workflow(
            name="w",
            version=1,
            initial="a",
            states={"a": "A", "b": "B"},
            transitions=(Transition("a", "b", MANAGE, "Go"), Transition("b", "a", MANAGE, "Back")),
            terminal=frozenset({"b"}),
        )


# Versions.


def test_a_family_keeps_every_version_and_starts_new_objects_on_the_newest():
    family = WorkflowFamily(V1, V2)
    assert family.version(1) is V1
    assert family.version(2) is V2
    assert family.current is V2
    assert family.version_field().default == 2


def test_state_choices_hold_the_states_of_every_version_with_the_newest_label():
    family = WorkflowFamily(V1, V2)
    assert dict(family.state_choices()) == {
        "draft": "Draft",
        "published": "Open for applications",
        "under_review": "Under review",
        "closed": "Closed",
    }
    only_old = Workflow(name="test-programme", version=3, initial="draft", states={"draft": "D"})
    assert dict(WorkflowFamily(V1, only_old).state_choices())["published"] == "Published"
    assert WorkflowFamily(V1, only_old).label("published") == "Published"


def test_a_family_refuses_no_version_two_names_or_a_version_defined_twice():
    with pytest.raises(ValueError, match="at least one version"):
        WorkflowFamily()
    other = Workflow(name="other", version=2, initial="a", states={"a": "A"})
    with pytest.raises(ValueError, match="one family, one name"):
        WorkflowFamily(V1, other)
    with pytest.raises(ValueError, match="defined twice"):
        WorkflowFamily(V1, V1)


def test_a_new_object_starts_on_the_newest_version(monkeypatch, db):
    monkeypatch.setattr(Program, "workflows", WorkflowFamily(V1, V2))
    program = workflow_initial(ProgramFactory.build(status="closed", workflow_version=1))
    assert (program.status, program.workflow_version, program.workflow) == ("draft", 2, V2)


def test_an_object_pinned_on_version_1_keeps_moving_by_version_1(monkeypatch, officer, program):
    monkeypatch.setattr(Program, "workflows", WorkflowFamily(V1, V2))
    newer = ProgramFactory(status="published", workflow_version=2)
    # Version 2 has no way from published to closed; version 1 has.
    with pytest.raises(ValidationError):
        workflow_move(actor=officer, obj=newer, to="closed", action=ACTION)
    workflow_move(actor=officer, obj=program, to="closed", action=ACTION)
    program.refresh_from_db()
    assert (program.status, program.workflow_version) == ("closed", 1)
    # Labels come from the newest version that knows the state.
    assert newer.status_label == "Open for applications"


# Moving.


def test_it_refuses_an_impossible_move_and_writes_nothing(officer, program):
    with pytest.raises(ValidationError, match="Cannot go from “Published” to “Published”"):
        workflow_move(actor=officer, obj=program, to="published", action=ACTION)
    assert_nothing_written(program)


def test_it_refuses_a_forbidden_move_and_writes_nothing(program):
    member = UserFactory(role=Role.COMPANY_MEMBER)
    with pytest.raises(PermissionDenied):
        workflow_move(actor=member, obj=program, to="closed", action=ACTION)
    assert_nothing_written(program)


@pytest.mark.parametrize("comment", ["", "   "])
def test_it_requires_a_comment_where_the_transition_asks_for_one(officer, program, comment):
    with pytest.raises(ValidationError, match="Give a reason for this decision."):
        workflow_move(actor=officer, obj=program, to="draft", action=ACTION, comment=comment)
    assert_nothing_written(program)


def test_the_comment_is_kept_in_the_history_and_the_audit_entry(officer, program):
    workflow_move(actor=officer, obj=program, to="draft", action=ACTION, comment=" Wrong dates ")
    [change] = history_of(program)
    assert change.comment == "Wrong dates"
    [entry] = audit_of(program)
    assert entry.changes["comment"] == [None, "Wrong dates"]


def test_the_guard_can_refuse_the_move(officer, program):
    def guard(locked):
        raise ValidationError({"closes_at": "Not yet."})

    with pytest.raises(ValidationError) as refused:
        workflow_move(actor=officer, obj=program, to="closed", action=ACTION, guard=guard)
    assert refused.value.message_dict == {"closes_at": ["Not yet."]}
    assert_nothing_written(program)


def test_the_guard_sees_the_locked_row_only_once_the_move_is_allowed_and_can_add_fields(
    officer, program
):
    seen = []

    def guard(locked):
        seen.append((locked.pk, locked.status, locked is program))
        return {"summary": "Closed early"}

    member = UserFactory(role=Role.COMPANY_MEMBER)
    with pytest.raises(PermissionDenied):
        workflow_move(actor=member, obj=program, to="closed", action=ACTION, guard=guard)
    assert seen == []
    saved = workflow_move(actor=officer, obj=program, to="closed", action=ACTION, guard=guard)
    assert seen == [(program.pk, "published", False)]
    assert (saved.status, saved.summary) == ("closed", "Closed early")
    assert (program.status, program.summary) == ("closed", "Closed early")
    program.refresh_from_db()
    assert (program.status, program.summary) == ("closed", "Closed early")


def test_it_saves_the_updates_and_audits_the_further_changes(officer, program, time_machine):
    before = program.updated_at
    time_machine.move_to(datetime(2027, 1, 4, 9, tzinfo=KST), tick=False)
    workflow_move(
        actor=officer,
        obj=program,
        to="closed",
        action=ACTION,
        updates={"quota": 3},
        changes={"quota": [10, 3]},
    )
    program.refresh_from_db()
    assert program.quota == 3
    assert program.updated_at == datetime(2027, 1, 4, 9, tzinfo=KST) != before
    [entry] = audit_of(program)
    assert entry.changes == {"status": ["published", "closed"], "quota": [10, 3]}


def test_it_writes_the_history_row_and_one_audit_entry_for_a_system_actor(program):
    at = datetime(2026, 12, 31, 23, 59, tzinfo=KST)
    workflow_move(
        actor=SystemActor("nightly-close"), obj=program, to="closed", action=ACTION, at=at
    )
    [change] = history_of(program)
    assert (change.source, change.target, change.actor, change.actor_label, change.at) == (
        "published",
        "closed",
        None,
        "nightly-close",
        at,
    )
    assert (change.source_label, change.target_label) == ("Published", "Closed")
    [entry] = audit_of(program)
    assert (entry.action, entry.actor_id, entry.actor_label, entry.changes) == (
        ACTION,
        None,
        "nightly-close",
        {"status": ["published", "closed"]},
    )


def test_it_records_a_user_by_id_and_name_at_the_current_time(officer, program, time_machine):
    now = datetime(2026, 11, 21, 14, 30, tzinfo=KST)
    time_machine.move_to(now, tick=False)
    workflow_move(actor=officer, obj=program, to="closed", action=ACTION)
    [change] = history_of(program)
    assert (change.actor, change.actor_label, change.at) == (officer, "kim.officer", now)
    [entry] = audit_of(program)
    assert (entry.actor_id, entry.actor_label, entry.at) == (officer.pk, "kim.officer", now)


def test_the_history_row_and_the_audit_entry_are_written_in_the_transaction_of_the_move(
    officer, program
):
    # The audit entry is written last; when it fails, the status and the history row written
    # before it roll back with it.
    with pytest.raises(ValueError, match="<app label>.<service>"):
        workflow_move(actor=officer, obj=program, to="closed", action="nosuchapp.close")
    assert_nothing_written(program)


def test_an_object_rule_narrows_who_may_move(officer, program):
    locked_series = ProgramFactory(status="published", workflow_version=1, series="LOCKED")
    register_object_rule(Program, MANAGE, lambda user, p: p.series != "LOCKED")
    assert locked_series.transitions_for(officer) == []
    assert [t.target for t in program.transitions_for(officer)] == ["draft", "closed"]
    with pytest.raises(PermissionDenied):
        workflow_move(actor=officer, obj=locked_series, to="closed", action=ACTION)
    assert_nothing_written(locked_series)
    workflow_move(actor=officer, obj=program, to="closed", action=ACTION)
    assert [c.target for c in history_of(program)] == ["closed"]


def test_the_first_history_row_goes_from_nothing_to_the_initial_state(officer, time_machine):
    now = datetime(2026, 11, 21, 9, tzinfo=KST)
    time_machine.move_to(now, tick=False)
    program = workflow_initial(ProgramFactory.build(agency=AgencyFactory()))
    program.save()
    workflow_record_created(actor=officer, obj=program, comment=" imported ")
    [change] = history_of(program)
    assert (change.source, change.target, change.comment, change.at) == (
        "",
        "draft",
        "imported",
        now,
    )
    assert (change.source_label, change.target_label) == ("", "Draft")
    # The creating service writes the creation's audit entry itself.
    assert audit_of(program) == []
