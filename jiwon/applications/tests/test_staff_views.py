"""The back-office pages: programmes with their applications and status counts, one
application with the screening form, and the programme's form editor."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from jiwon.applications.models import ApplicationForm, SupplementRequest
from jiwon.applications.services.applications import application_screen
from jiwon.applications.tests.factories import started
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.companies.tests.factories import CompanyFactory, member_of


def test_the_index_lists_programmes_with_their_application_counts(client, officer, submitted):
    client.force_login(officer)
    page = client.get(reverse("applications:staff_index")).content.decode()
    assert submitted.program.title_ko in page
    assert reverse("applications:staff_list", args=[submitted.program.pk]) in page


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


def test_staff_see_who_made_each_move(client, officer, submitted, member):
    application_screen(actor=officer, application=submitted, decision="start")
    client.force_login(officer)
    response = client.get(reverse("applications:staff_detail", args=[submitted.pk]))
    assert [r.by for r in response.context["history"]] == [str(officer), str(member), str(member)]
