"""Staff generate the 2021 annual report, wait on its progress, open it and drill down from a
figure to the rows it counts."""

import re

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.outcomes.models import ReportRun
from jiwon.outcomes.report.build import report_build
from jiwon.outcomes.tests.factories import build_2021_records
from tests.browser import in_korean, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def worker_runs_later(settings, tmp_path):
    """Queue tasks without running them, so the page shows the wait; the test plays the
    worker."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_staff_generate_the_report_wait_open_it_and_see_the_rows_of_a_figure(
    page, live_server, worker_runs_later
):
    data = build_2021_records()
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))

    page.locator("main a", has_text=in_korean("Annual performance report")).click()
    expect(page).to_have_url(f"{live_server.url}/outcomes/reports/")
    page.locator("main input[name=year]").fill("2021")
    page.locator("main select[name=format]").select_option("html")
    page.locator("main select[name=language]").select_option("ko")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    run = ReportRun.objects.get()
    expect(page).to_have_url(f"{live_server.url}/outcomes/reports/runs/{run.pk}/")
    progress = page.locator("#report-progress")
    expect(progress.locator("progress")).to_have_attribute("value", "0")
    expect(progress.locator("[role=status]")).to_contain_text(in_korean("Queued"))
    expect(page.locator("#open-report")).to_have_count(0)

    report_build(run_id=run.pk)

    # The page polls every second and swaps in the finished state without a reload.
    opened = page.locator("#open-report")
    expect(opened).to_be_visible(timeout=5_000)
    expect(progress.locator(".progress-value")).to_have_text("100%")
    opened.click()
    expect(page).to_have_url(f"{live_server.url}/outcomes/reports/runs/{run.pk}/file/")
    expect(page.locator("h1")).to_contain_text("2021")

    supported = page.locator("a.fig[href^='/outcomes/reports/drill/supported_companies/']").first
    expect(supported).to_have_text("3")
    # A link, underlined clear of the digits: no dotted line through "201" or "184억원".
    style = supported.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.textDecorationLine, s.textDecorationStyle, s.textUnderlineOffset]; }"
    )
    assert style[0] == "underline" and style[1] == "solid", style
    assert float(style[2].removesuffix("px")) >= 3, style
    supported.click()

    expect(page).to_have_url(
        re.compile(r"/outcomes/reports/drill/supported_companies/\?year=2021$")
    )
    table = page.locator("main table.tbl tbody")
    expect(table.locator("tr")).to_have_count(3)
    for company in ("hanbit", "pureun", "saeron"):
        expect(table.get_by_role("link", name=data[company].name_ko, exact=True)).to_be_visible()
