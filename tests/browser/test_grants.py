"""A company accepts its grant agreement, requests a tranche and records an expense with
evidence; staff approve (two people) and pay; the settlement statement is produced and the
company sees it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.grants.services.agreements import agreement_send
from jiwon.grants.tests.factories import PDF, draft_agreement
from jiwon.grants.workflow import AgreementStatus, TrancheStatus
from jiwon.outcomes.models import SupportLedgerEntry
from tests.browser import confirm, in_korean, log_in, submit

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots/grants")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _submit(page, form):
    submit(page, form)


def test_the_grant_journey_from_acceptance_to_the_statement(page, live_server, browser):
    company = CompanyFactory(name_ko="한빛전자")
    member = member_of(company)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    agreement = agreement_send(actor=SYSTEM, agreement=draft_agreement(company))
    detail = f"/grants/{agreement.pk}/"

    # The company member finds the agreement awaiting acceptance and accepts it.
    log_in(page, member)
    page.goto("/grants/mine/")
    expect(page.locator("#my-agreements")).to_contain_text(in_korean("Your acceptance is needed"))
    page.locator(f"#my-agreements a[href='{detail}']").click()
    expect(page.locator("#document-sha")).to_have_text(agreement.document_sha256)
    _shoot(page, "accept-ko")
    accept = page.locator("form", has=page.locator("input[name=to][value=accepted]"))
    _submit(page, accept)
    expect(page.locator("#agreement-status")).to_have_text(in_korean("Accepted by the company"))
    expect(page.locator("#accepted")).to_contain_text(agreement.document_sha256[:10])

    # Staff countersign.
    from jiwon.grants.services.agreements import agreement_countersign

    agreement_countersign(actor=officer, agreement=agreement)

    # The company requests the first tranche with its document and records an expense.
    page.goto(detail)
    tranche_form = page.locator(f"form[action='/grants/{agreement.pk}/tranches/new/']")
    tranche_form.locator("input[name=requested_won]").fill("42,000,000")
    tranche_form.locator("input[name=attachments]").set_input_files(_file("교부신청서.pdf"))
    _submit(page, tranche_form)
    expect(page.locator("#tranche-1")).to_contain_text("42,000,000원")
    page.locator(f"a[href='/grants/{agreement.pk}/expenses/new/']").click()
    form = page.locator("main form[enctype]")
    form.locator("select[name=line]").select_option("materials|city")
    form.locator("input[name=amount_won]").fill("15,000,001")
    form.locator("input[name=spent_on]").fill("2026-06-01")
    form.locator("input[name=description]").fill("센서 부품 구매")
    form.locator("select[name=evidence_kind]").select_option("tax_invoice")
    form.locator("input[name=evidence_number]").fill("20260601-41000000-1234")
    form.locator("input[name=attachments]").set_input_files(_file("세금계산서.pdf"))
    _submit(page, form)
    # One won over the line: the page says which limit and by how much.
    expect(page.locator("#error-summary")).to_contain_text("1원")
    _shoot(page, "expense-over-ko")
    form.locator("input[name=amount_won]").fill("15,000,000")
    form.locator("input[name=attachments]").set_input_files(_file("세금계산서.pdf"))
    _submit(page, form)
    expect(page.locator("#expense-table")).to_contain_text("센서 부품 구매")
    expect(page.locator("#expense-table")).to_contain_text("세금계산서.pdf")

    # The programme officer approves, then the finance officer approves and pays less.
    for user, label in ((officer, "Approve (programme)"), (finance, "Approve (finance)")):
        page.context.clear_cookies()
        log_in(page, user)
        page.goto(detail)
        row = page.locator("#tranche-1")
        confirm(page, row.get_by_role("link", name=in_korean(label)))
    row = page.locator("#tranche-1")
    row.locator("input[name=paid_won]").fill("41,999,990")
    row.locator("input[name=reason]").fill("송금 수수료 차감")
    confirm(page, row.get_by_role("link", name=in_korean("Mark paid")))
    expect(page.locator("#tranche-1")).to_contain_text("41,999,990원")
    _shoot(page, "paid-ko")
    tranche = agreement.tranches.get()
    assert tranche.status == TrancheStatus.PAID
    assert SupportLedgerEntry.objects.get(source_type="grant_tranche").amount_won == 41_999_990

    # The programme officer accepts the expense and records the final report.
    page.context.clear_cookies()
    log_in(page, officer)
    page.goto(detail)
    confirm(page, page.locator("#expense-table").get_by_role("link", name=in_korean("Accept")))
    start = page.locator("form", has=page.locator("input[name=to][value=settlement]"))
    _submit(page, start)
    expect(page.locator("#agreement-status")).to_have_text(in_korean("In settlement"))

    # The finance officer confirms the settlement with the account's interest.
    page.context.clear_cookies()
    log_in(page, finance)
    page.goto(f"{detail}statement/")
    settle = page.locator("form", has=page.locator("input[name=action][value=confirm]"))
    settle.locator("input[name=interest_won]").fill("1,234")
    _submit(page, settle)
    # 41,999,990 paid, 15,000,000 accepted: 26,999,990 unspent plus 1,234 interest.
    expect(page.locator("#statement-total")).to_contain_text("27,001,224원")

    # The company sees the same statement and what it has to pay back.
    page.context.clear_cookies()
    log_in(page, member)
    page.goto(detail)
    page.locator("#statement-link").click()
    expect(page).to_have_url(re.compile(rf"/grants/{agreement.pk}/statement/$"))
    expect(page.locator("#statement-total")).to_contain_text("27,001,224원")
    expect(page.locator("#returns")).to_contain_text(in_korean("not paid yet"))
    _shoot(page, "statement-ko")
    with page.expect_response(re.compile(r"statement\.pdf$")) as pdf:
        page.goto(f"{detail.rstrip('/')}/statement.pdf")
    assert pdf.value.headers["content-type"] == "application/pdf"
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SETTLEMENT

    # The same pages in English.
    english = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = english.new_page()
    log_in(tab, member)
    tab.goto(f"{detail}statement/")
    expect(tab.locator("#statement-total")).to_contain_text("KRW 27,001,224")
    _shoot(tab, "statement-en")
    tab.goto(detail)
    _shoot(tab, "detail-en")
    english.close()
