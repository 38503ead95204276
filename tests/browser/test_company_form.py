"""An officer registering a company is told what to fix, and where."""

import re

import pytest
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import Company
from jiwon.companies.tests.factories import region, valid_brn
from jiwon.core.roles import Role
from tests.browser import in_korean, log_in, profile_value

pytestmark = pytest.mark.browser


def dashed(brn: str) -> str:
    return f"{brn[:3]}-{brn[3:5]}-{brn[5:]}"


def test_it_flags_a_wrong_check_digit_and_saves_once_fixed(page, live_server):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    good = valid_brn(4321)
    bad = good[:9] + str((int(good[9]) + 1) % 10)
    log_in(page, officer)

    page.goto("/companies/new/")
    page.locator("select[name=kind]").select_option("company")
    page.locator("input[name=brn]").fill(dashed(bad))
    page.locator("select[name=legal_form]").select_option("corporation")
    page.locator("input[name=name_ko]").fill("바른검사")
    page.locator("input[name=representative_name]").fill("김철수")
    page.locator("input[name=representative_birth_date]").fill("1975-03-15")
    page.locator("input[name=founded_on]").fill("2018-06-01")
    page.locator("input[name=ksic_code]").fill("26211")
    page.locator("select[name=region]").select_option(str(region("41173").pk))
    page.locator("input[name=employees]").fill("5")
    with page.expect_navigation():
        page.locator("main form.fieldset button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/companies/new/")
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_count(1)
    summary.locator("a[href='#id_brn']").click()
    field = page.locator("#id_brn")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_brn-error")).to_be_visible()
    assert not Company.objects.filter(name_ko="바른검사").exists()

    field.fill(dashed(good))
    with page.expect_navigation():
        page.locator("main form.fieldset button[type=submit]").click()

    company = Company.objects.get(brn=good)
    # The browser carries the #id_brn fragment across the redirect.
    expect(page).to_have_url(
        re.compile(rf"^{re.escape(live_server.url)}/companies/{company.pk}/(#id_brn)?$")
    )
    expect(page.locator(".jw-messages[role=status]")).to_contain_text(
        in_korean("The company was registered.")
    )
    expect(profile_value(page, in_korean("Business registration number"))).to_have_text(
        dashed(good)
    )
