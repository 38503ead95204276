"""What every page offers: the language switcher and the skip link."""

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from tests.browser import log_in

pytestmark = pytest.mark.browser


def test_it_switches_the_interface_to_english_and_keeps_it(page, live_server):
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    page.goto("/companies/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")

    with page.expect_navigation():
        page.locator("select#language-switcher").select_option("en")

    expect(page).to_have_url(f"{live_server.url}/companies/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Companies")
    expect(page.locator("select#language-switcher")).to_have_value("en")

    page.locator("header a.jw-brand").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Dashboard")


def test_it_offers_a_skip_link_first_that_moves_focus_to_the_main_content(page, live_server):
    # Not the login page: its username field takes focus on load (autofocus).
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.locator("#krds-skip-link a")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/#main")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#main :focus")).to_have_count(1)
