"""The company pages: apply from a notice, the steps with prefill and autosave, uploads, the
review, the receipt, my applications and withdrawal."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications import access
from jiwon.applications.models import Application
from jiwon.applications.services.applications import application_screen, application_submit
from jiwon.applications.tests.factories import PDF, complete, pdf, started
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.companies.services import company_close
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.programs.tests.factories import rule_version


def test_the_notice_offers_apply_to_company_members_only(client, program, member, officer):
    url = reverse("notices:detail", args=[program.pk])
    apply_url = reverse("applications:start", args=[program.pk])
    assert apply_url not in client.get(url).content.decode()
    client.force_login(officer)
    assert apply_url not in client.get(url).content.decode()
    client.force_login(member)
    assert apply_url in client.get(url).content.decode()


def test_a_member_starts_a_draft_and_lands_on_the_first_step(client_member, program, company):
    response = client_member.post(
        reverse("applications:start", args=[program.pk]), {"company": company.pk}
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:step", args=[application.pk, 1])
    page = client_member.get(response["Location"]).content.decode()
    assert company.brn_display in page and company.name_ko in page
    assert reverse("companies:edit", args=[company.pk]) in page
    # Prefilled facts are shown, never asked: no input carries them.
    assert 'name="company_name"' not in page and 'name="contact_name"' in page


def test_the_start_page_says_why_a_company_may_not_apply(client_member, program, company):
    rule_version(program, {"type": "employees", "min": 100, "max": None})
    page = client_member.get(reverse("applications:start", args=[program.pk])).content.decode()
    assert "10" in page and "Start the application" not in page
    response = client_member.post(
        reverse("applications:start", args=[program.pk]), {"company": company.pk}, follow=True
    )
    assert response.redirect_chain == [(reverse("applications:start", args=[program.pk]), 302)]
    assert f"{company.name_ko} does not meet the conditions" in response.content.decode()
    assert not Application.objects.exists()


def test_the_start_page_says_a_closed_business_cannot_apply(client_member, program, company):
    company_close(actor=SYSTEM, company=company, closed_on=timezone.localdate())
    url = reverse("applications:start", args=[program.pk])
    page = client_member.get(url).content.decode()
    assert "closed its business on" in page and "Start the application" not in page
    response = client_member.post(url, {"company": company.pk}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "a closed business cannot apply" in response.content.decode()
    assert not Application.objects.exists()


def test_saving_a_step_keeps_the_answers_and_reports_what_to_fix(
    client_member, program, member, company
):
    application = started(program, member, company)
    url = reverse("applications:step", args=[application.pk, 2])
    response = client_member.post(
        url, {"project_title": "과제", "requested_won": "많이", "next": ""}
    )
    assert response.status_code == 200
    assert "Enter a whole number, without units." in response.content.decode()
    application.refresh_from_db()
    assert application.answers == {
        "project_title": "과제",
        "summary": None,
        "market": None,
        "requested_won": "많이",
        "start_on": None,
    }
    response = client_member.post(
        url, {"project_title": "과제", "requested_won": "1,000", "next": ""}
    )
    assert response["Location"] == reverse("applications:step", args=[application.pk, 3])
    application.refresh_from_db()
    assert application.answers["requested_won"] == 1000


def test_autosave_saves_the_step_and_answers_a_status_line(client_member, program, member, company):
    application = started(program, member, company)
    response = client_member.post(
        reverse("applications:autosave", args=[application.pk]),
        {"step": "1", "contact_name": "김담당"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="autosave-status"' in response.content.decode()
    application.refresh_from_db()
    assert application.answers["contact_name"] == "김담당"
    client_member.logout()
    client_member.force_login(member)
    page = client_member.get(reverse("applications:step", args=[application.pk, 1]))
    assert 'value="김담당"' in page.content.decode()


def test_autosave_refuses_a_body_over_the_form_limit_with_400(
    client_member, program, member, company
):
    application = started(program, member, company)
    response = client_member.post(
        reverse("applications:autosave", args=[application.pk]),
        {"step": "2", "summary": "가" * 500_000},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert "summary" not in application.answers


def test_uploads_are_listed_with_size_and_hash(client_member, program, member, company):
    application = started(program, member, company)
    response = client_member.post(
        reverse("applications:upload", args=[application.pk]),
        {"field_key": "business_plan", "file": pdf()},
    )
    assert response["Location"].endswith(
        reverse("applications:step", args=[application.pk, 3]) + "#field-business_plan"
    )
    page = client_member.get(reverse("applications:step", args=[application.pk, 3]))
    text = page.content.decode()
    assert "사업계획서.pdf" in text
    assert hashlib.sha256(PDF).hexdigest()[:14] in text
    assert f"({len(PDF)} B)" in text


def test_a_refused_upload_says_why(client_member, draft):
    response = client_member.post(
        reverse("applications:upload", args=[draft.pk]),
        {"field_key": "business_plan", "file": pdf("plan.exe", b"MZ" + b"0" * 10)},
        follow=True,
    )
    assert "“plan.exe” is not an allowed file type" in response.content.decode()
    assert not draft.files.exists()


def test_an_upload_without_a_file_asks_for_one(client_member, draft):
    response = client_member.post(
        reverse("applications:upload", args=[draft.pk]), {"field_key": "business_plan"}, follow=True
    )
    assert "Choose a file to upload." in response.content.decode()


def test_a_member_removes_a_file_from_the_draft(client_member, draft, member):
    file = complete(draft, member).files.get()
    response = client_member.post(reverse("applications:file_remove", args=[draft.pk, file.pk]))
    assert response["Location"].endswith("#field-business_plan")
    assert not draft.files.exists()


def test_a_file_of_a_submitted_application_stays_and_the_page_says_why(client_member, submitted):
    file = submitted.files.get()
    response = client_member.post(
        reverse("applications:file_remove", args=[submitted.pk, file.pk]), follow=True
    )
    assert "Files of a submitted application cannot be removed." in response.content.decode()
    assert submitted.files.count() == 1


def test_a_file_is_reached_only_through_its_own_application(client, member, submitted):
    elsewhere = CompanyFactory()
    colleague = member_of(elsewhere)
    other = complete(started(submitted.program, colleague, elsewhere), colleague)
    client.force_login(member)
    for name in ("applications:file", "applications:file_remove"):
        url = reverse(name, args=[submitted.pk, other.files.get().pk])
        response = client.post(url) if name.endswith("remove") else client.get(url)
        assert response.status_code == 404, name
    assert other.files.count() == 1


def test_review_lists_what_is_missing_and_submission_shows_the_receipt(
    client_member, program, member, company, mailoutbox, django_capture_on_commit_callbacks
):
    application = started(program, member, company)
    review = reverse("applications:review", args=[application.pk])
    page = client_member.get(review).content.decode()
    assert "Upload this file." in page
    response = client_member.post(review)
    assert response.status_code == 200
    assert Application.objects.get().status == S.DRAFT
    complete(application, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_member.post(review)
    application.refresh_from_db()
    assert response["Location"] == reverse("applications:receipt", args=[application.pk])
    page = client_member.get(response["Location"]).content.decode()
    assert application.receipt_number in page
    assert len(mailoutbox) == 1
    # A second click on submit (say, from another tab) lands on the same receipt.
    again = client_member.post(review)
    assert again["Location"] == reverse("applications:detail", args=[application.pk])


def test_my_applications_lists_the_status_and_the_detail_shows_history(
    client_member, program, member, company
):
    application = started(program, member, company)
    page = client_member.get(reverse("applications:mine")).content.decode()
    assert program.title_ko in page
    detail = client_member.get(reverse("applications:detail", args=[application.pk]))
    assert 'id="status-history"' in detail.content.decode()


def test_a_member_withdraws_from_the_detail_page(client_member, program, member, company):
    application = started(program, member, company)
    response = client_member.post(
        reverse("applications:withdraw", args=[application.pk]), {"comment": "일정 문제"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.status_history.first().comment == "일정 문제"


def test_another_companys_member_cannot_see_the_application_or_its_files(
    client, program, member, company
):
    application = complete(started(program, member, company), member)
    file = application.files.get()
    urls = [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:step", args=[application.pk, 1]),
        reverse("applications:review", args=[application.pk]),
        reverse("applications:file", args=[application.pk, file.pk]),
    ]
    client.force_login(member_of(CompanyFactory()))
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(member)
    download = client.get(reverse("applications:file", args=[application.pk, file.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("program_officer", 200),
        ("finance_officer", 200),
        ("auditor", 200),
        ("evaluator", 404),
        ("mentor", 404),
    ],
)
def test_staff_readers_download_files_and_others_do_not(
    client, program, member, company, user_with_role, role, status
):
    application = complete(started(program, member, company), member)
    file = application.files.get()
    client.force_login(user_with_role(role))
    response = client.get(reverse("applications:file", args=[application.pk, file.pk]))
    assert response.status_code == status


def test_a_registered_reader_check_admits_its_users(client, program, member, company, monkeypatch):
    application = complete(started(program, member, company), member)
    evaluator = UserFactory(role="evaluator")
    url = reverse("applications:file", args=[application.pk, application.files.get().pk])
    # The check registered here is gone after the test; the app's own ones stay.
    monkeypatch.setattr(access, "_READERS", list(access._READERS))
    access.register_reader(lambda user, app: user.pk == evaluator.pk and app.pk == application.pk)
    client.force_login(evaluator)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(role="evaluator"))
    assert client.get(url).status_code == 404


def test_a_member_answers_a_supplement_request_from_the_detail_page(
    client_member, program, member, company, officer
):
    application = application_submit(
        actor=member, application=complete(started(program, member, company), member)
    )
    application_screen(
        actor=officer,
        application=application,
        decision="supplement",
        comment="재무제표를 올려 주세요.",
        due_at=timezone.now() + timedelta(days=2),
    )
    detail = reverse("applications:detail", args=[application.pk])
    assert "재무제표를 올려 주세요." in client_member.get(detail).content.decode()
    upload = client_member.post(
        reverse("applications:upload", args=[application.pk]),
        {"field_key": "other_documents", "file": pdf("재무제표.pdf")},
    )
    assert upload["Location"] == detail
    url = reverse("applications:supplement", args=[application.pk])
    empty = client_member.post(url, {"response": ""})
    assert empty.status_code == 200
    application.refresh_from_db()
    assert application.status == S.SUPPLEMENT_REQUESTED
    assert client_member.post(url, {"response": "올렸습니다."})["Location"] == detail
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.files.filter(field_key="other_documents").count() == 1


def test_the_history_names_the_companys_people_and_shows_staff_as_the_agency(
    client_member, submitted, member, officer
):
    application_screen(actor=officer, application=submitted, decision="start")
    rows = client_member.get(reverse("applications:detail", args=[submitted.pk])).context["history"]
    assert [(r.change.target, r.by) for r in rows] == [
        (S.SCREENING, "Agency"),
        (S.SUBMITTED, str(member)),
        (S.DRAFT, str(member)),
    ]
    assert str(officer) not in {r.by for r in rows}
