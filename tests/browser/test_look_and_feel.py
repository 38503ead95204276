"""How lists and forms look: links in tables look like links, a chosen value is not grey like a
placeholder, the pager shows the number of pages, the region picker narrows as one types, and
English pages show the English names the data has."""

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications.tests.factories import open_program
from jiwon.companies.tests.factories import CompanyFactory, region
from jiwon.core.roles import Role
from tests.browser import log_in

pytestmark = pytest.mark.browser
BLACK = "rgb(30, 33, 36)"
STYLE = "(e, p) => getComputedStyle(e)[p]"


def test_links_in_tables_look_like_links_and_the_pager_counts_pages(page, live_server, settings):
    settings.JIWON_PAGE_SIZE = 10
    for n in range(23):
        CompanyFactory(name_ko=f"목록기업 {n:02d}")
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    page.goto("/companies/")

    link = page.locator("main table tbody a").first
    assert link.evaluate(STYLE, "color") != BLACK
    assert link.evaluate(STYLE, "textDecorationLine") == "underline"

    pager = page.locator("nav.krds-pagination")
    expect(pager.locator(".jw-page-count")).to_have_text("3쪽 중 1쪽 (전체 23건)")
    with page.expect_navigation():
        pager.get_by_role("link", name="3", exact=True).click()
    expect(pager.locator("[aria-current=page]")).to_contain_text("3")
    expect(page.locator("main table tbody tr")).to_have_count(3)


def test_a_chosen_value_of_a_select_is_not_grey(page, live_server):
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    page.goto("/companies/new/")
    select = page.locator("select[name=kind]")
    select.select_option(index=1)
    assert select.evaluate(STYLE, "color") == BLACK


def test_the_region_picker_narrows_to_what_is_typed(page, live_server):
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    page.goto("/companies/new/")
    picker = page.locator("select[name=region]")
    first_group = picker.locator("optgroup").first
    expect(first_group).to_have_attribute("label", "관내")
    page.locator("input.jw-select-search").fill("부산 중구")
    assert picker.input_value() == str(region("26110").pk)
    visible = picker.evaluate("s => [...s.options].filter(o => o.value && !o.hidden).length")
    assert visible == 1


def test_english_pages_show_the_english_names_the_data_has(page, live_server):
    program = open_program(title_ko="2026 청년창업 지원", title_en="2026 Youth Startup Support")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"/notices/{program.pk}/")
    expect(page.locator("main h1")).to_have_text("2026 Youth Startup Support")  # not twice
    expect(page.locator("header .jw-brand")).to_contain_text("Anyang Industry Promotion Agency")
    expect(page.locator("main")).not_to_contain_text("(창업)")
