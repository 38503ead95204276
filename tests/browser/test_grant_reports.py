"""A company writes and submits its interim report, staff return it with a reason behind the
confirm modal, the company changes and resubmits it, staff accept it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.grants.tests.factories import PDF, active_agreement, report_program
from jiwon.grants.workflow import ReportStatus
from tests.browser import confirm, in_korean, log_in

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots/grant-reports")
REASON = "채용자별 4대보험 취득일이 보이도록 명부를 다시 첨부해 주세요."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_the_report_journey_submit_return_resubmit_accept(page, live_server, browser):
    company = CompanyFactory(name_ko="한빛전자")
    member = member_of(company)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    agreement = active_agreement(company, member, program=report_program())
    report = agreement.reports.get(kind="interim")
    url = f"/grants/reports/{report.pk}/"

    # The company finds the report owed, writes it, attaches the evidence and submits it.
    log_in(page, member)
    page.goto("/grants/reports/mine/")
    expect(page.locator("#my-reports")).to_contain_text("2026-05-01")
    page.locator(f"#my-reports a[href='{url}']").click()
    page.locator("#id_n1").fill("계획한 3명을 모두 채용했고 직무 교육을 진행하고 있습니다.")
    page.locator("#id_f1").fill("3")
    expect(page.locator("#autosave-status")).to_contain_text("임시 저장")
    page.locator("#id_a1").set_input_files(_file("4대보험_명부.pdf"))
    _shoot(page, "company-writes-ko")
    confirm(page, page.locator("#report-submit-open"))
    expect(page.locator("#report-status")).to_contain_text(in_korean("Submitted, awaiting review"))

    # The programme officer returns it, with the reason, from the confirm modal.
    page.context.clear_cookies()
    log_in(page, officer)
    page.goto(url)
    expect(page.locator("#report-content")).to_contain_text("4대보험_명부.pdf")
    page.locator("#return-open").click()
    expect(page.locator("#return-modal")).to_be_visible()
    page.locator("#return-modal-comment").fill(REASON)
    _shoot(page, "staff-returns-ko")
    with page.expect_navigation():
        page.locator("#return").click()
    expect(page.locator("#report-status")).to_contain_text(in_korean("Returned for changes"))

    # The company reads the reason, attaches the better roster and resubmits.
    page.context.clear_cookies()
    log_in(page, member)
    page.goto(url)
    expect(page.locator("#returned-reason")).to_contain_text(REASON)
    page.locator("#id_a1").set_input_files(_file("4대보험_명부_취득일.pdf"))
    _shoot(page, "company-resubmits-ko")
    confirm(page, page.locator("#report-submit-open"))
    expect(page.locator("#report-status")).to_contain_text(in_korean("Submitted, awaiting review"))

    # The officer accepts it.
    page.context.clear_cookies()
    log_in(page, officer)
    page.goto(url)
    page.locator("#accept-open").click()
    expect(page.locator("#accept-modal")).to_be_visible()
    with page.expect_navigation():
        page.locator("#accept").click()
    expect(page.locator("#report-status")).to_contain_text(in_korean("Report accepted"))
    expect(page.locator("#report-history")).to_contain_text(REASON)
    _shoot(page, "staff-accepted-ko")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.files.count() == 2

    # Staff see it on the list; the English pages read the same.
    page.goto("/grants/reports/?view=submitted")
    expect(page.locator("main .jw-empty")).to_be_visible()
    english = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = english.new_page()
    log_in(tab, member)
    tab.goto(url)
    expect(tab.locator("#report-status")).to_contain_text("Report accepted")
    _shoot(tab, "company-accepted-en")
    tab.goto("/grants/reports/mine/")
    _shoot(tab, "company-list-en")
    english.close()
