"""A company member keeps their own profile and cannot reach anyone else's."""

import pytest
from playwright.sync_api import expect

from jiwon.companies.tests.factories import CompanyFactory, member_of
from tests.browser import in_korean, log_in, profile_value

pytestmark = pytest.mark.browser


def test_it_lets_a_member_edit_their_company_profile(page, live_server):
    company = CompanyFactory(name_ko="새솔테크", name_en="", employees=10)
    member = member_of(company)

    log_in(page, member)
    expect(page).to_have_url(f"{live_server.url}/companies/{company.pk}/")
    page.locator(f"main a[href='/companies/{company.pk}/edit/']").click()
    expect(page).to_have_url(f"{live_server.url}/companies/{company.pk}/edit/")
    expect(page.locator("input[name=brn]")).to_be_disabled()

    page.locator("input[name=employees]").fill("57")
    page.locator("input[name=name_en]").fill("Saesol Tech")
    with page.expect_navigation():
        page.locator("main form.fieldset button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/companies/{company.pk}/")
    expect(page.locator(".jw-messages[role=status]")).to_contain_text(
        in_korean("The profile was saved.")
    )
    expect(page.locator("main h1 .jw-muted")).to_have_text("Saesol Tech")
    expect(profile_value(page, in_korean("Employees"))).to_have_text("57")
    company.refresh_from_db()
    assert (company.employees, company.name_en) == (57, "Saesol Tech")


def test_it_refuses_a_member_another_companys_page_and_edit_page(page, live_server):
    own = CompanyFactory(name_ko="새솔테크")
    other = CompanyFactory(name_ko="남의회사")
    member = member_of(own)
    log_in(page, member)

    for path in (f"/companies/{other.pk}/", f"/companies/{other.pk}/edit/"):
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        expect(page.locator("main h1")).to_have_text(in_korean("Access denied"))
        expect(page.locator("main")).not_to_contain_text("남의회사")
