"""Generating reports from the staff UI: who may, the background task's progress, downloads
and the drill-down lists."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core import progress
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.outcomes.models import ReportRun
from jiwon.outcomes.report import FORMATS, Format, build
from jiwon.outcomes.services import reports as services

pytestmark = pytest.mark.django_db

LIST = reverse("outcomes:report_list")
READERS = [
    Role.AGENCY_ADMIN,
    Role.PROGRAM_OFFICER,
    Role.FINANCE_OFFICER,
    Role.CITY_VIEWER,
    Role.AUDITOR,
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def deferred_tasks(settings):
    """Tasks are queued and left for a worker, as with the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def status_url(run):
    return reverse("outcomes:report_status", args=[run.pk])


def file_url(run):
    return reverse("outcomes:report_download", args=[run.pk])


def generate(client, **fields):
    data = {"year": 2021, "format": "html", "language": "ko", **fields}
    return client.post(LIST, data)


@pytest.mark.parametrize("role", [Role.CITY_VIEWER, Role.AUDITOR, Role.PROGRAM_OFFICER])
def test_staff_readers_generate_a_report_that_reaches_100_percent(client, role, records_2021):
    user = UserFactory(role=role)
    client.force_login(user)

    response = generate(client, format="json")

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(run)
    assert (run.status, run.progress, run.requested_by) == ("done", 100, user)
    assert run.finished_at is not None
    page = client.get(status_url(run)).content.decode()
    assert "100%" in page
    assert file_url(run) in page
    download = client.get(file_url(run))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    body = json.loads(b"".join(download.streaming_content))
    assert body["headline"]["support_won"] == 5_300_000_000
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"outcomes.report_run_create", "outcomes.report_build"} <= actions


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR, Role.COMPANY_MEMBER])
def test_other_roles_can_neither_generate_nor_download_nor_drill_down(client, role):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    run = services.report_request(actor=officer, year=2021, format="json", language="ko")
    user = member_of(CompanyFactory()) if role == Role.COMPANY_MEMBER else UserFactory(role=role)
    client.force_login(user)

    for url in (
        LIST,
        status_url(run),
        file_url(run),
        "/outcomes/reports/drill/support_won/?year=2021",
    ):
        assert client.get(url).status_code == 403, url
    assert generate(client).status_code == 403
    assert ReportRun.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_status_page_polls_every_second_until_the_worker_is_done(
    client, deferred_tasks, records_2021
):
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    generate(client, format="pdf")
    run = ReportRun.objects.get()
    assert (run.status, run.progress) == ("queued", 0)

    waiting = client.get(status_url(run), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in waiting
    assert file_url(run) not in waiting
    assert client.get(file_url(run)).status_code == 404

    build.report_build(run_id=run.pk)  # what the worker does

    done = client.get(status_url(run), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert file_url(run) in done
    pdf = b"".join(client.get(file_url(run)).streaming_content)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_progress_is_recorded_step_by_step(deferred_tasks, monkeypatch):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    run = services.report_request(actor=officer, year=2021, format="json", language="ko")
    seen = []
    original = progress.progress_set

    def spy(run, percent, step, **fields):
        original(run, percent, step, **fields)
        seen.append(ReportRun.objects.values_list("progress", flat=True).get(pk=run.pk))

    # Core's one progress mechanism (jiwon/core/progress.py) writes every step.
    monkeypatch.setattr(progress, "progress_set", spy)
    monkeypatch.setattr(build, "progress_set", spy)
    build.report_build(run_id=run.pk)

    assert seen == sorted(seen)
    assert len(seen) >= 6
    assert ReportRun.objects.get(pk=run.pk).progress == 100


def test_a_failed_generation_says_why_and_offers_no_file(client, monkeypatch):
    def broken(report):
        raise RuntimeError("disk full")

    monkeypatch.setitem(FORMATS, "json", Format(broken, "application/json", "json"))
    client.force_login(UserFactory(role=Role.AUDITOR))
    generate(client, format="json")

    run = ReportRun.objects.get()
    assert (run.status, run.message) == ("failed", "disk full")
    page = client.get(status_url(run)).content.decode()
    assert "disk full" in page
    assert client.get(file_url(run)).status_code == 404
    assert AuditEntry.objects.filter(action="outcomes.report_build").exists()


def test_an_html_report_opens_in_the_browser_and_its_figures_link_to_rows(client, records_2021):
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    generate(client, format="html")
    run = ReportRun.objects.get()

    opened = client.get(file_url(run))
    html = b"".join(opened.streaming_content).decode()
    assert "attachment" not in opened.get("Content-Disposition", "")
    assert "/outcomes/reports/drill/support_won/?year=2021" in html
    assert "attachment" in client.get(file_url(run) + "?download=1")["Content-Disposition"]

    drilled = client.get("/outcomes/reports/drill/support_won/?year=2021")
    rows = drilled.content.decode()
    assert drilled.context["total"] == 4  # rows dated in 2021: the tenancy began in 2020
    assert records_2021["hanbit"].name_ko in rows
    assert "KRW 3,000,000,000" in rows


def test_the_request_form_refuses_a_future_year(client):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    response = generate(client, year=timezone.localdate().year + 1)
    assert response.status_code == 200
    assert ReportRun.objects.count() == 0
    with pytest.raises(ValidationError):
        services.report_run_create(actor=SYSTEM, year=1999, format="html", language="ko")
    with pytest.raises(ValidationError):
        services.report_run_create(actor=SYSTEM, year=2021, format="docx", language="ko")


def test_a_drill_down_lists_the_records_behind_a_figure_and_exports_them(client, records_2021):
    client.force_login(UserFactory(role=Role.FINANCE_OFFICER))

    page = client.get("/outcomes/reports/drill/supported_companies/?year=2021")
    text = page.content.decode()
    for company in ("hanbit", "pureun", "saeron"):
        assert records_2021[company].name_ko in text
    assert reverse("companies:detail", args=[records_2021["hanbit"].pk]) in text

    employees = client.get("/outcomes/reports/drill/employees/?year=2021").content.decode()
    assert records_2021["saeron"].name_ko in employees  # listed, and marked excluded

    export = client.get("/outcomes/reports/drill/support_won/?year=2021&export=xlsx")
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    amounts = sorted(r[5] for r in rows if r[5] is not None)
    assert amounts == [300_000_000, 2_000_000_000, 3_000_000_000]
    assert {r[2] for r in rows} == {"한빛전자", "푸른바이오", "새론소프트"}


def test_a_drill_down_narrows_to_a_programme(client, records_2021):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    text = client.get(
        f"/outcomes/reports/drill/supported_companies/?year=2021&program={records_2021['startup'].pk}"
    ).content.decode()
    assert records_2021["hanbit"].name_ko in text
    assert records_2021["pureun"].name_ko not in text


def test_a_drill_down_without_a_year_or_for_an_unknown_figure_is_refused(client):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    assert client.get("/outcomes/reports/drill/support_won/").status_code == 400
    assert (
        client.get("/outcomes/reports/drill/support_won/?year=2021&until=2020-01-01").status_code
        == 400
    )
    assert client.get("/outcomes/reports/drill/nonsense/?year=2021").status_code == 404


def test_the_form_defaults_to_the_latest_year_with_data_and_says_which_have_some(
    client, records_2021
):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    html = client.get(LIST).content.decode()
    assert 'name="year" value="2021"' in html
    assert "Years with support recorded: 2020–2021." in html
    response = client.post(LIST, {"year": 2019, "format": "html", "language": "ko"}, follow=True)
    assert "No support is recorded for 2019" in response.content.decode()


def test_each_hint_of_the_request_form_is_what_its_field_points_at(client, records_2021):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    html = client.get(LIST).content.decode()
    for field in ("year", "language"):
        described = re.search(rf'<[^>]*name="{field}"[^>]*aria-describedby="([^"]+)"', html)
        assert described, field
        hint = re.search(rf'<p class="form-hint" id="{described.group(1)}">([^<]+)</p>', html)
        assert hint, (field, described.group(1))
    assert "Years with support recorded: 2020–2021." in html


def test_in_english_the_drill_down_names_companies_and_programmes_in_english(client, records_2021):
    hanbit, startup = records_2021["hanbit"], records_2021["startup"]
    hanbit.name_en = "Hanbit Electronics"
    hanbit.save()
    startup.title_en = "2021 Startup growth"
    startup.save()
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))

    supported = client.get("/outcomes/reports/drill/supported_companies/?year=2021")
    assert "Hanbit Electronics" in supported.content.decode()
    assert hanbit.name_ko not in supported.content.decode()
    assert records_2021["pureun"].name_ko in supported.content.decode()  # no English name
    ledger = client.get(
        f"/outcomes/reports/drill/support_won/?year=2021&program={startup.pk}"
    ).content.decode()
    assert "2021 Startup growth" in ledger and startup.title_ko not in ledger


def test_a_saved_html_report_carries_its_styles_and_absolute_links(client, records_2021):
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    generate(client, format="html")
    run = ReportRun.objects.get()

    # In the browser the page links its stylesheet (no inline style on the site's pages)...
    page = b"".join(client.get(file_url(run)).streaming_content).decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*/outcomes/report[^"]*\.css">', page)
    assert "<style" not in page

    # ...while the saved file holds it, so it reads the same offline.
    saved = client.get(file_url(run) + "?download=1")
    assert saved["Content-Disposition"] == 'attachment; filename="jiwon-annual-2021-ko.html"'
    html = saved.content.decode()
    css = (Path(settings.BASE_DIR) / "jiwon/outcomes/static/outcomes/report.css").read_text()
    assert '<link rel="stylesheet"' not in html
    assert f"<style>\n{css}</style>" in html
    assert 'href="http://testserver/outcomes/reports/drill/support_won/?year=2021' in html
    assert 'href="/outcomes' not in html
