"""A program officer keeps the support ledger and imports yearly figures."""

import io
import re
from datetime import date

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role
from jiwon.outcomes.models import SupportLedgerEntry, YearFigure
from jiwon.outcomes.tests.factories import LedgerEntryFactory
from tests.browser import in_korean, log_in, menu_link

pytestmark = pytest.mark.browser


def test_an_officer_adds_a_ledger_row_and_sees_the_total_update(page, live_server):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    company = CompanyFactory(name_ko="한빛전자")
    LedgerEntryFactory(company=company, amount_won=5_000_000_000, supported_on=date(2021, 3, 2))
    log_in(page, officer)

    menu_link(page, href="/outcomes/ledger/").click()
    expect(page).to_have_url(f"{live_server.url}/outcomes/ledger/")
    total = page.locator("#ledger-total")
    # Exact won, like the rows: one format of money per page.
    expect(total).to_have_text("5,000,000,000원")

    page.locator(".jw-actions a[href='/outcomes/ledger/add/']").click()
    form = page.locator("main form.fieldset")
    form.locator("input[name=company]").fill(company.brn_display)
    form.locator("select[name=kind]").select_option("grant")
    form.locator("input[name=amount_won]").fill("300000000")
    form.locator("input[name=supported_on]").fill("2021-05-03")
    form.locator("input[name=description]").fill("사업화 자금 2차")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/outcomes/ledger/\?year=2021$"))
    expect(page.locator(".jw-messages[role=status]")).to_contain_text(
        in_korean("The support was added to the ledger.")
    )
    expect(total).to_have_text("5,300,000,000원")
    expect(page.locator("table.tbl tbody")).to_contain_text("사업화 자금 2차")
    assert SupportLedgerEntry.objects.filter(entered_by=officer).count() == 1


def figures_workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "연도별성과"
    sheet.append(
        ["사업자등록번호", "연도", "상시근로자수", "신규채용", "매출액(원)", "수출액(USD)"]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_officer_imports_figures_with_one_bad_row_and_nothing_is_imported(page, live_server):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    first, second = CompanyFactory(), CompanyFactory()
    data = figures_workbook(
        [
            [first.brn_display, 2021, 23, 3, 2_086_000_000, 0],
            [second.brn_display, 2021, -4, 1, 500_000_000, 0],
            [second.brn_display, 2020, 20, 2, 450_000_000, 0],
        ]
    )
    log_in(page, officer)
    page.goto("/outcomes/ledger/")
    page.locator(".jw-actions a[href='/outcomes/figures/import/']").click()
    expect(page).to_have_url(f"{live_server.url}/outcomes/figures/import/")

    page.locator("input[name=file]").set_input_files(
        {
            "name": "성과.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": data,
        }
    )
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    summary = page.locator("#import-errors")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    rows = page.locator("#import-error-table tbody tr")
    expect(rows).to_have_count(1)
    cells = rows.first.locator("td")
    expect(cells.nth(0)).to_have_text("연도별성과")
    expect(cells.nth(1)).to_have_text("3")
    expect(cells.nth(2)).to_have_text("상시근로자수")
    expect(cells.nth(3)).to_contain_text("negative numbers are not allowed")
    assert not YearFigure.objects.exists()
