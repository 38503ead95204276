"""A program officer finds companies in the registry and opens one."""

import re

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, ksic, region
from jiwon.core.roles import Role
from tests.browser import in_korean, log_in, menu_link, profile_value

pytestmark = pytest.mark.browser


def search(page, **fields):
    form = page.locator("form[role=search]")
    for name, value in fields.items():
        control = form.locator(f"[name={name}]")
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def result_link(page, name):
    return page.locator("table.tbl tbody").get_by_role("link", name=name, exact=True)


def test_it_lets_an_officer_log_in_search_by_name_and_open_a_company(page, live_server):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    wanted = CompanyFactory(name_ko="한빛전자")
    CompanyFactory(name_ko="푸른바이오")

    log_in(page, officer)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.locator("main h1")).to_have_text(in_korean("Dashboard"))
    expect(page.locator(".jw-cards").first).to_be_visible()

    menu_link(page, href="/companies/").click()
    expect(page).to_have_url(f"{live_server.url}/companies/")
    search(page, q="한빛")

    expect(page).to_have_url(re.compile(r"/companies/\?.*q=%ED%95%9C%EB%B9%9B"))
    expect(result_link(page, "한빛전자")).to_be_visible()
    expect(result_link(page, "푸른바이오")).to_have_count(0)

    result_link(page, "한빛전자").click()
    expect(page).to_have_url(f"{live_server.url}/companies/{wanted.pk}/")
    expect(page.locator("main h1")).to_contain_text("한빛전자")
    brn = wanted.brn
    number = profile_value(page, in_korean("Business registration number"))
    expect(number).to_have_text(f"{brn[:3]}-{brn[3:5]}-{brn[5:]}")
    expect(number).to_have_text(re.compile(r"^\d{3}-\d{2}-\d{5}$"))


def test_it_finds_companies_by_district_and_by_ksic_code_prefix(page, live_server):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    CompanyFactory(name_ko="만안디스플레이", region=region("41171"), ksic=ksic("26211"))
    CompanyFactory(name_ko="동안소프트", region=region("41173"), ksic=ksic("58221"))
    log_in(page, officer)

    page.goto("/companies/")
    search(page, region="41171")
    expect(page.locator("form[role=search] select[name=region]")).to_have_value("41171")
    expect(result_link(page, "만안디스플레이")).to_be_visible()
    expect(result_link(page, "동안소프트")).to_have_count(0)

    page.goto("/companies/")
    search(page, ksic="582")
    expect(page.locator("form[role=search] input[name=ksic]")).to_have_value("582")
    expect(result_link(page, "동안소프트")).to_be_visible()
    expect(result_link(page, "만안디스플레이")).to_have_count(0)
