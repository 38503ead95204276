"""Irreversible actions ask first, in the KRDS confirmation modal that says what will happen
and to whom (tests/test_confirm_modals.py lists them): a member withdraws an application."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from jiwon.applications.models import Application
from jiwon.applications.tests.factories import open_program, started
from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.tests.factories import CompanyFactory, member_of
from tests.browser import confirm, in_korean, log_in

pytestmark = pytest.mark.browser
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "confirm"


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_member_withdraws_an_application_only_once_the_modal_is_confirmed(
    page, live_server, browser
):
    program = open_program(title_ko="2026 수출 바우처", title_en="2026 Export voucher")
    company = CompanyFactory(name_ko="주식회사 지원테크")
    member = member_of(company)
    application = started(program, member, company)
    log_in(page, member)
    page.goto(f"/applications/{application.pk}/")

    modal = page.locator("#withdraw-modal")
    expect(modal).to_be_hidden()
    page.locator("#withdraw-form textarea").fill("사업 계획이 바뀌었습니다")
    page.locator("#withdraw-open").click()
    expect(modal).to_be_visible()
    expect(page.locator("#withdraw-modal-title")).to_have_text(
        in_korean("Withdraw the application")
    )
    expect(page.locator("#withdraw-modal-text")).to_contain_text("주식회사 지원테크")
    expect(page.locator("#withdraw-modal-text")).to_contain_text("2026 수출 바우처")
    expect(modal).to_contain_text(in_korean("This cannot be undone."))
    expect(page.locator("#withdraw")).to_be_focused()
    _shoot(page, "withdraw-ko")

    # Cancel leaves everything as it was; so does Escape.
    page.locator("#withdraw-modal [data-jw-close]").click()
    expect(modal).to_be_hidden()
    page.locator("#withdraw-open").click()
    page.keyboard.press("Escape")
    expect(modal).to_be_hidden()
    # A submission that does not come through the modal's button (Enter in a field) asks too.
    page.evaluate("document.getElementById('withdraw-form').requestSubmit()")
    expect(modal).to_be_visible()
    page.keyboard.press("Escape")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT

    confirm(page, page.locator("#withdraw-open"))
    expect(page.locator("#application-status")).to_have_text(in_korean("Withdrawn"))
    withdrawn = Application.objects.get(pk=application.pk)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert withdrawn.status_history.first().comment == "사업 계획이 바뀌었습니다"

    # In English the modal says it in English.
    other = started(program, member, company)
    english = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = english.new_page()
    log_in(tab, member)
    tab.goto(f"/applications/{other.pk}/")
    tab.locator("#withdraw-open").click()
    expect(tab.locator("#withdraw-modal-text")).to_have_text(
        "The application of 주식회사 지원테크 to 2026 Export voucher is withdrawn: the agency "
        "no longer screens or evaluates it."
    )
    _shoot(tab, "withdraw-en")
    english.close()
