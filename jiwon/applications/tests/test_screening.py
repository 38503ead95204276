"""서류 검토: decisions by role, comments where a decision is made, supplements with a due
date, the staff pages and the form editor."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from jiwon.applications.models import ApplicationForm, SupplementRequest
from jiwon.applications.services.applications import (
    application_screen,
    application_submit,
    application_supplement_respond,
    application_transition,
)
from jiwon.applications.services.files import application_file_add
from jiwon.applications.tests.factories import complete, pdf, started
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.companies.tests.factories import CompanyFactory, member_of


@pytest.fixture
def submitted(program, member, company):
    return application_submit(
        actor=member, application=complete(started(program, member, company), member)
    )


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


def test_evaluation_outcomes_follow_the_pinned_workflow(submitted, officer):
    application_screen(actor=officer, application=submitted, decision="pass")
    with pytest.raises(ValidationError, match="Cannot go"):
        application_transition(actor=officer, application=submitted, target=S.SELECTED)
    application_transition(actor=officer, application=submitted, target=S.UNDER_EVALUATION)
    selected = application_transition(actor=officer, application=submitted, target=S.SELECTED)
    assert selected.status == S.SELECTED


def test_the_staff_list_counts_and_filters_by_status(client, program, officer, submitted):
    other = CompanyFactory()
    started(program, member_of(other), other)
    client.force_login(officer)
    url = reverse("applications:staff_list", args=[program.pk])
    page = client.get(url).content.decode()
    assert "(2)" in page and submitted.receipt_number in page and other.name_ko in page
    filtered = client.get(url, {"status": S.SUBMITTED}).content.decode()
    assert submitted.receipt_number in filtered and other.name_ko not in filtered


def test_the_staff_detail_screens_through_the_form(client, officer, submitted):
    client.force_login(officer)
    detail = reverse("applications:staff_detail", args=[submitted.pk])
    assert 'id="screen-form"' in client.get(detail).content.decode()
    screen = reverse("applications:screen", args=[submitted.pk])
    refused = client.post(screen, {"decision": "reject", "comment": ""})
    assert refused.status_code == 400
    assert "Give a reason" in refused.content.decode()
    due = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        screen, {"decision": "supplement", "comment": "재무제표 누락", "due_at": due}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.SUPPLEMENT_REQUESTED
    request = SupplementRequest.objects.get()
    assert timezone.localtime(request.due_at).strftime("%Y-%m-%dT%H:%M") == due


def test_readers_see_the_staff_pages_but_cannot_screen(client, user_with_role, submitted):
    client.force_login(user_with_role("finance_officer"))
    detail = client.get(reverse("applications:staff_detail", args=[submitted.pk]))
    assert detail.status_code == 200 and 'id="screen-form"' not in detail.content.decode()
    screen = reverse("applications:screen", args=[submitted.pk])
    assert client.post(screen, {"decision": "pass"}).status_code == 403


def test_company_members_are_refused_the_staff_pages(client, member, program, submitted):
    client.force_login(member)
    for url in (
        reverse("applications:staff_index"),
        reverse("applications:staff_list", args=[program.pk]),
        reverse("applications:staff_detail", args=[submitted.pk]),
        reverse("applications:form_edit", args=[program.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_form_editor_previews_validates_and_saves_versions(client, officer, program):
    client.force_login(officer)
    url = reverse("applications:form_edit", args=[program.pk])
    page = client.get(url).content.decode()
    assert "company.name_ko" in page and 'id="form-preview"' in page
    definition = {
        "steps": [
            {
                "key": "plan",
                "title": "계획",
                "fields": [
                    {"key": "idea", "type": "textarea", "label": "아이디어", "required": True},
                    {"key": "deck", "type": "file", "label": "IR", "allowed_types": ["pdf"]},
                ],
            }
        ]
    }
    bad = json.loads(json.dumps(definition))
    bad["steps"][0]["fields"][1]["allowed_types"] = ["exe"]
    response = client.post(url, {"definition": json.dumps(bad), "save": ""})
    assert "allowed file types must be chosen from" in response.content.decode()
    response = client.post(url, {"definition": "{not json", "save": ""})
    assert "This is not valid JSON (line 1" in response.content.decode()
    assert not ApplicationForm.objects.exists()
    preview = client.post(url, {"definition": json.dumps(definition), "preview": ""})
    assert "아이디어" in preview.content.decode() and not ApplicationForm.objects.exists()
    client.post(url, {"definition": json.dumps(definition), "save": ""})
    client.post(url, {"definition": json.dumps(definition), "note": "v2", "save": ""})
    assert list(program.application_forms.values_list("version", flat=True)) == [2, 1]


def test_an_application_keeps_the_form_version_it_started_on(program, member, company, officer):
    from jiwon.applications.services.forms import application_form_save

    application = started(program, member, company)
    application_form_save(
        actor=officer,
        program=program,
        definition={
            "steps": [
                {"key": "a", "title": "A", "fields": [{"key": "x", "type": "text", "label": "X"}]}
            ]
        },
    )
    application.refresh_from_db()
    assert application.form.version == 1
