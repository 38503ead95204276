"""The pages people look at most, at 1280 px and 390 px in Korean and English: the staff
dashboard, the annual report and the application form. Each keeps within the screen's width;
the screenshots (var/screenshots/look-*.png) are for people to look at."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications.tests.factories import open_program
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.outcomes.services.reports import report_request
from jiwon.outcomes.tests.factories import build_2021_records
from tests.browser import in_korean, log_in

pytestmark = pytest.mark.browser
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
SIZES = [(1280, 800), (390, 844)]


def _look(page, language: str, width: int, height: int):
    page.set_viewport_size({"width": width, "height": height})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])


def _shot(page, name: str, language: str, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"look-{name}-{language}-{width}.png"), full_page=True)
    assert page.evaluate(SIDEWAYS) == 0, f"{name} scrolls sideways at {width} px ({language})"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_dashboard_and_the_report_fit_the_screen(
    page, live_server, settings, tmp_path, language
):
    settings.MEDIA_ROOT = tmp_path
    build_2021_records()
    staff = UserFactory(role=Role.PROGRAM_OFFICER)
    run = report_request(actor=staff, year=2021, format="html", language=language)
    log_in(page, staff)
    for width, height in SIZES:
        _look(page, language, width, height)
        page.goto("/dashboard/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        _shot(page, "dashboard", language, width)
        page.goto(f"/outcomes/reports/runs/{run.pk}/file/")
        expect(page.locator("h1")).to_contain_text("2021")
        _shot(page, "report", language, width)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_application_form_fits_the_screen(page, live_server, settings, tmp_path, language):
    settings.MEDIA_ROOT = tmp_path
    program = open_program(series="blue100", title_ko="2026 청년창업 Blue100")
    member = member_of(CompanyFactory(name_ko="주식회사 지원테크"))
    log_in(page, member)
    page.goto(f"/notices/{program.pk}/")
    page.locator("#apply-link").click()
    with page.expect_navigation():
        page.get_by_role("button", name=in_korean("Start the application")).click()
    form_url = page.url
    for width, height in SIZES:
        _look(page, language, width, height)
        page.goto(form_url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        _shot(page, "application-form", language, width)
        page.goto(form_url.replace("/step/1/", "/step/3/"))
        _shot(page, "application-upload", language, width)
