"""서류 검토: who decides (applications.screen), comments where a decision needs one,
supplements with a due date, and the later moves of the pinned workflow."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiwon.applications.models import SupplementRequest
from jiwon.applications.services.applications import (
    application_screen,
    application_supplement_respond,
    application_transition,
)
from jiwon.applications.services.files import application_file_add
from jiwon.applications.tests.factories import pdf
from jiwon.applications.workflow import ApplicationStatus as S


def history_of(application):
    return list(
        application.status_history.order_by("id").values_list("source", "target", "comment")
    )


def test_an_officer_passes_an_application(submitted, officer):
    application_screen(actor=officer, application=submitted, decision="start")
    passed = application_screen(actor=officer, application=submitted, decision="pass")
    assert passed.status == S.SCREENED_PASS
    assert history_of(submitted)[-2:] == [
        (S.SUBMITTED, S.SCREENING, ""),
        (S.SCREENING, S.SCREENED_PASS, ""),
    ]


def test_a_rejection_needs_a_reason(submitted, admin_user):
    with pytest.raises(ValidationError, match="Give a reason"):
        application_screen(actor=admin_user, application=submitted, decision="reject")
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    rejected = application_screen(
        actor=admin_user, application=submitted, decision="reject", comment="사업자 미등록"
    )
    assert rejected.status == S.REJECTED
    assert history_of(submitted)[-1] == (S.SUBMITTED, S.REJECTED, "사업자 미등록")


@pytest.mark.parametrize("role", ["finance_officer", "auditor", "city_viewer", "evaluator"])
def test_only_screeners_decide(submitted, user_with_role, role):
    with pytest.raises(PermissionDenied):
        application_screen(actor=user_with_role(role), application=submitted, decision="pass")


def test_the_company_cannot_screen_its_own_application(submitted, member):
    with pytest.raises(PermissionDenied):
        application_screen(actor=member, application=submitted, decision="pass")


def test_a_supplement_needs_a_message_and_a_future_due_date(submitted, officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as no_due:
        application_screen(
            actor=officer, application=submitted, decision="supplement", comment="재무제표"
        )
    assert "due_at" in no_due.value.message_dict
    with pytest.raises(ValidationError):
        application_screen(
            actor=officer,
            application=submitted,
            decision="supplement",
            comment="재무제표",
            due_at=now - timedelta(seconds=1),
        )
    with pytest.raises(ValidationError, match="Give a reason"):
        application_screen(
            actor=officer,
            application=submitted,
            decision="supplement",
            due_at=now + timedelta(days=3),
        )
    assert not SupplementRequest.objects.exists()


def test_the_company_answers_a_supplement_with_files_before_it_is_due(submitted, officer, member):
    due = timezone.now() + timedelta(days=3)
    application_screen(
        actor=officer,
        application=submitted,
        decision="supplement",
        comment="2025년 재무제표를 제출하세요.",
        due_at=due,
    )
    added = application_file_add(
        actor=member, application=submitted, field_key="other_documents", upload=pdf("재무제표.pdf")
    )
    assert added.field_key == "other_documents"
    with pytest.raises(ValidationError, match="was due at"):
        application_supplement_respond(
            actor=member, application=submitted, response="첨부했습니다.", now=due
        )
    back = application_supplement_respond(
        actor=member, application=submitted, response="첨부했습니다."
    )
    assert back.status == S.SUBMITTED
    request = SupplementRequest.objects.get()
    assert request.response == "첨부했습니다." and request.resolved_at is not None
    assert [row[1] for row in history_of(submitted)][-2:] == [
        S.SUPPLEMENT_REQUESTED,
        S.SUBMITTED,
    ]
    # Back in screening, no more files can be added.
    with pytest.raises(ValidationError, match="can no longer be added"):
        application_file_add(
            actor=member, application=submitted, field_key="other_documents", upload=pdf()
        )


def test_evaluation_outcomes_follow_the_pinned_workflow(submitted, officer, time_machine):
    application_screen(actor=officer, application=submitted, decision="pass")
    time_machine.move_to(submitted.program.closes_at)
    with pytest.raises(ValidationError, match="Cannot go"):
        application_transition(actor=officer, application=submitted, target=S.SELECTED)
    application_transition(actor=officer, application=submitted, target=S.UNDER_EVALUATION)
    selected = application_transition(actor=officer, application=submitted, target=S.SELECTED)
    assert selected.status == S.SELECTED


def test_it_does_not_start_evaluation_while_the_call_is_open(submitted, officer, time_machine):
    application_screen(actor=officer, application=submitted, decision="pass")
    program = submitted.program
    time_machine.move_to(program.closes_at - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="evaluation and selection start once the call"):
        application_transition(actor=officer, application=submitted, target=S.UNDER_EVALUATION)
    program.rolling = True
    program.save()
    submitted.refresh_from_db()
    moved = application_transition(actor=officer, application=submitted, target=S.UNDER_EVALUATION)
    assert moved.status == S.UNDER_EVALUATION
