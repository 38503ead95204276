"""The header: the main menu, grouped by what each role does, fits on one row at 1280 px in
Korean and English; below 1024 px it folds behind a menu button; no page scrolls sideways at
390 px."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.equipment.tests.factories import ResourceFactory
from tests.browser import in_korean, log_in

pytestmark = pytest.mark.browser

ROW = """() => {
  const groups = [...document.querySelectorAll('nav.jw-nav .jw-nav-group')];
  return new Set(groups.map(g => Math.round(g.getBoundingClientRect().top))).size;
}"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _in_english(page):
    page.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": page.url or "http://127.0.0.1"}]
    )


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER, Role.AUDITOR])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_it_shows_the_staff_menu_on_one_row_at_1280_px(page, live_server, role, language):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, UserFactory(role=role))
    if language == "en":
        _in_english(page)
    page.goto("/programs/" if role != Role.AUDITOR else "/audit/")

    assert page.evaluate(ROW) == 1
    assert page.evaluate(SIDEWAYS) == 0
    expect(page.locator("#jw-menu-button")).to_be_hidden()


def test_it_groups_the_programme_pages_in_one_drop_down(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    page.goto("/companies/")
    nav = page.get_by_role("navigation", name=in_korean("Main menu"))
    applications = nav.get_by_role("link", name=in_korean("Applications"), exact=True)
    expect(applications).to_be_hidden()

    nav.locator("summary", has_text=in_korean("Programmes")).click()
    expect(applications).to_be_visible()
    with page.expect_navigation():
        applications.click()
    expect(page).to_have_url(f"{live_server.url}/applications/staff/")
    # The open page's group is marked in the menu.
    current = nav.locator("summary.is-current")
    expect(current).to_have_text(in_korean("Programmes"))


def test_it_folds_the_menu_behind_a_button_on_a_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    member = member_of(CompanyFactory())
    log_in(page, member)
    page.goto("/")
    nav = page.get_by_role("navigation", name=in_korean("Main menu"))
    button = page.locator("#jw-menu-button")
    expect(nav).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")

    button.click()
    expect(nav).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    nav.locator("summary", has_text=in_korean("My company")).click()
    with page.expect_navigation():
        nav.get_by_role("link", name=in_korean("My applications")).click()
    expect(page).to_have_url(f"{live_server.url}/applications/")
    assert page.evaluate(SIDEWAYS) == 0


@pytest.mark.parametrize("language", ["ko", "en"])
def test_it_keeps_the_equipment_pages_within_a_phone_screen(page, live_server, language):
    page.set_viewport_size({"width": 390, "height": 844})
    ResourceFactory(name_ko="3D 프린터 1호기")
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    if language == "en":
        _in_english(page)
    for path in ("/equipment/", "/equipment/staff/", "/equipment/staff/utilisation/"):
        page.goto(path)
        assert page.evaluate(SIDEWAYS) == 0, path


def test_it_offers_no_api_link_to_company_members(page, live_server):
    log_in(page, member_of(CompanyFactory()))
    page.goto("/")
    with translation.override("ko"):
        assert page.locator("nav.jw-nav a[href^='/api/']").count() == 0
