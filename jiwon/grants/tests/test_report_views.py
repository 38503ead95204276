"""The report pages and API for every role: the company writes and submits, staff list,
filter, export and review, the schedule is set on its page."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.grants.services.reports import report_submit
from jiwon.grants.tests.factories import active_agreement, complete, evidence, report_program
from jiwon.grants.workflow import AgreementStatus as A
from jiwon.grants.workflow import ReportStatus as R

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def signed(company, member):
    return active_agreement(company, member, program=report_program())


@pytest.fixture
def interim(signed):
    return signed.reports.get(kind="interim")


def _url(report):
    return reverse("grants:report", args=[report.pk])


def test_the_company_lists_its_reports_and_a_stranger_finds_none(client, member, interim):
    client.force_login(member)
    page = client.get(reverse("grants:reports_mine")).content.decode()
    assert "2026-05-01" in page and _url(interim) in page

    stranger = member_of(CompanyFactory())
    client.force_login(stranger)
    assert _url(interim) not in client.get(reverse("grants:reports_mine")).content.decode()
    assert client.get(_url(interim)).status_code == 404
    assert client.post(_url(interim), {"n1": "x", "submit": "1"}).status_code == 404


def test_a_new_member_sees_the_empty_state(client, db):
    client.force_login(member_of(CompanyFactory()))
    page = client.get(reverse("grants:reports_mine")).content.decode()
    assert 'class="jw-empty"' in page


def test_the_company_saves_a_draft_autosaves_and_submits(client, member, interim):
    client.force_login(member)
    response = client.post(
        _url(interim), {"n1": "채용 완료", "f1": "3", "a1": [evidence("명부.pdf")], "save": "1"}
    )
    assert response.status_code == 302
    interim.refresh_from_db()
    assert interim.narrative["n1"] == "채용 완료" and interim.figures["f1"] == 3
    assert interim.files.get().name == "명부.pdf" and interim.status == R.DUE

    saved = client.post(
        reverse("grants:report_autosave", args=[interim.pk]),
        {"n1": "채용 완료, 교육 중", "f1": "4"},
    )
    assert saved.status_code == 200 and "autosave-status" in saved.content.decode()
    assert "report-missing" not in saved.content.decode()  # text, figure and file are there
    interim.refresh_from_db()
    assert interim.figures["f1"] == 4 and interim.files.count() == 1

    client.post(_url(interim), {"n1": "채용 완료, 교육 중", "f1": "4", "submit": "1"})
    interim.refresh_from_db()
    assert interim.status == R.SUBMITTED
    page = client.get(_url(interim)).content.decode()
    assert 'id="report-form"' not in page and "채용 완료, 교육 중" in page


def test_an_incomplete_submission_shows_what_is_missing(client, member, interim):
    client.force_login(member)
    page = client.post(_url(interim), {"n1": "진행 중", "submit": "1"}).content.decode()
    assert "증빙 자료" in page and "신규 채용(명)" in page
    interim.refresh_from_db()
    assert interim.status == R.DUE


def test_staff_return_with_a_reason_behind_the_modal_and_the_company_reads_it(
    client, member, officer, interim
):
    report_submit(actor=member, report=complete(interim, member))
    client.force_login(officer)
    page = client.get(_url(interim)).content.decode()
    assert 'id="return-modal"' in page and 'id="accept-modal"' in page
    assert 'name="comment"' in page

    client.post(reverse("grants:report_review", args=[interim.pk]), {"to": R.RETURNED})
    interim.refresh_from_db()
    assert interim.status == R.SUBMITTED  # no reason, no return
    client.post(
        reverse("grants:report_review", args=[interim.pk]),
        {"to": R.RETURNED, "comment": "채용 증빙이 흐립니다."},
    )
    interim.refresh_from_db()
    assert interim.status == R.RETURNED

    client.force_login(member)
    page = client.get(_url(interim)).content.decode()
    assert "채용 증빙이 흐립니다." in page and 'id="report-form"' in page
    assert (
        client.post(
            reverse("grants:report_review", args=[interim.pk]), {"to": R.ACCEPTED}
        ).status_code
        == 403
    )


def test_staff_list_filters_counts_and_exports_the_overdue(
    client, officer, member, signed, time_machine
):
    time_machine.move_to(datetime(2026, 5, 2, 9, 0, tzinfo=SEOUL), tick=False)
    client.force_login(officer)

    page = client.get(reverse("grants:reports"), {"view": "overdue"}).content.decode()
    final = signed.reports.get(kind="final")
    assert _url(signed.reports.get(kind="interim")) in page and _url(final) not in page
    assert 'id="count-overdue">1<' in page
    assert (
        "jw-empty" in client.get(reverse("grants:reports"), {"view": "submitted"}).content.decode()
    )

    response = client.get(reverse("grants:reports_export"), {"view": "overdue"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == signed.number and rows[1][8] == 1


def test_the_agreement_page_shows_its_reports_and_no_direct_final_report(
    client, member, officer, signed
):
    client.force_login(member)
    page = client.get(reverse("grants:detail", args=[signed.pk])).content.decode()
    assert 'id="report-table"' in page
    assert 'value="settlement"' not in page
    client.force_login(officer)
    page = client.get(reverse("grants:detail", args=[signed.pk])).content.decode()
    assert 'id="period-form"' in page and 'value="settlement"' not in page


def test_staff_change_the_period_and_the_reports_follow(client, officer, signed):
    client.force_login(officer)
    client.post(
        reverse("grants:period", args=[signed.pk]),
        {"starts_on": "2026-04-01", "ends_on": "2027-03-31", "reason": "착수 지연"},
    )
    assert signed.reports.get(kind="interim").due_on == date(2026, 6, 1)
    assert signed.reports.get(kind="final").due_on == date(2027, 4, 30)


def test_reviewers_set_the_schedule_and_others_only_read_it(client, officer, signed):
    program = signed.program
    url = reverse("grants:schedule", args=[program.pk])
    data = {
        "kind": "interim",
        "title_ko": "2차 중간보고",
        "title_en": "Second interim report",
        "rule": "months_after_start",
        "number": "6",
        "remind_days_before": "5",
        "narrative": "* 추진 실적 | Progress",
        "figures": "",
        "attachments": "증빙 | Evidence",
    }
    client.force_login(officer)
    assert client.post(url, data).status_code == 302
    added = program.grant_terms.report_requirements.get(title_ko="2차 중간보고")
    assert added.months_after_start == 6 and added.narrative[0]["required"] is True

    auditor = UserFactory(role=Role.AUDITOR)
    client.force_login(auditor)
    assert "Second interim report" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 403
    client.force_login(member_of(CompanyFactory()))
    assert client.get(url).status_code == 403


def test_the_schedule_form_refuses_a_rule_without_its_number(client, officer, signed):
    client.force_login(officer)
    url = reverse("grants:schedule", args=[signed.program.pk])
    page = client.post(
        url,
        {"kind": "final", "title_ko": "최종", "rule": "days_after_end", "remind_days_before": "7",
         "narrative": "* 성과"},
    ).content.decode()  # fmt: skip
    assert "form-hint-invalid" in page
    assert signed.program.grant_terms.report_requirements.count() == 2


def _api(client, user):
    client.force_login(user)
    return client


def test_the_api_lists_saves_submits_and_reviews(client, member, officer, signed, interim):
    api = _api(client, member)
    listed = api.get(f"/api/v1/grants/agreements/{signed.pk}/reports").json()
    assert [r["due_on"] for r in listed] == ["2026-05-01", "2027-01-30"]

    saved = api.post(
        f"/api/v1/grants/reports/{interim.pk}",
        {"narrative": {"n1": "API로 작성"}, "figures": {"f1": 2}},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["figures"] == {"f1": 2}
    refused = api.post(f"/api/v1/grants/reports/{interim.pk}/submit")
    assert refused.status_code == 422
    complete(interim, member)
    assert api.post(f"/api/v1/grants/reports/{interim.pk}/submit").json()["status"] == R.SUBMITTED
    assert (
        api.post(
            f"/api/v1/grants/reports/{interim.pk}/review",
            {"to": "accepted"},
            content_type="application/json",
        ).status_code
        == 403
    )

    api = _api(client, officer)
    reviewed = api.post(f"/api/v1/grants/reports/{interim.pk}/review", {"to": "accepted"})
    assert reviewed.status_code == 200 and reviewed.json()["status"] == R.ACCEPTED

    api = _api(client, member_of(CompanyFactory()))
    assert api.get(f"/api/v1/grants/reports/{interim.pk}").status_code == 404


def test_accepting_the_final_report_on_its_page_starts_the_settlement(
    client, member, officer, signed
):
    final = signed.reports.get(kind="final")
    report_submit(actor=member, report=complete(final, member))
    client.force_login(officer)
    client.post(reverse("grants:report_review", args=[final.pk]), {"to": R.ACCEPTED})
    signed.refresh_from_db()
    assert signed.status == A.SETTLEMENT
