"""A company member answers the yearly outcome survey; staff see the completion rate move."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.outcomes.models import Provenance, Survey, SurveyInvitation, YearFigure
from jiwon.outcomes.tests.factories import YearFigureFactory
from tests.browser import confirm, in_korean, log_in, menu_link
from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser


def test_a_member_submits_the_survey_and_staff_see_completion_rise(page, browser, live_server):
    year = timezone.localdate().year - 1
    company = CompanyFactory(name_ko="새솔테크")
    member = member_of(company)
    YearFigureFactory(company=company, year=year - 1, metric="employees", value=12)
    survey = Survey.objects.create(
        title=f"{year}년 성과조사",
        year=year,
        closes_on=timezone.localdate() + timedelta(days=10),
    )
    for invited in (company, CompanyFactory(name_ko="다른기업")):
        SurveyInvitation.objects.create(survey=survey, company=invited)

    staff = browser.new_context(
        base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul"
    ).new_page()
    staff.set_default_timeout(TIMEOUT_MS)
    log_in(staff, UserFactory(role=Role.PROGRAM_OFFICER))
    staff.goto(f"/outcomes/surveys/{survey.pk}/")
    expect(staff.locator("#completion-percent")).to_have_text("0.0%")

    log_in(page, member)
    menu_link(page, name=in_korean("Outcome survey")).click()
    page.get_by_role("link", name=survey.title).click()
    expect(page.locator("#id_employees-last")).to_contain_text("12")
    page.locator("input[name=employees]").fill("14")
    page.locator("input[name=new_hires]").fill("2")
    page.locator("input[name=sales_won]").fill("1,234,000,000")
    page.locator("input[name=exports_usd]").fill("0")
    confirm(page, page.locator("#survey-submit-open"))

    expect(page.locator(".jw-messages[role=status]")).to_contain_text(
        in_korean("Thank you. Your answers were submitted.")
    )
    expect(page.locator("#surveys tbody tr")).to_contain_text(in_korean("Submitted"))
    figures = {f.metric: f for f in YearFigure.objects.filter(company=company, year=year)}
    assert figures["employees"].value == 14
    assert figures["sales_won"].value == 1_234_000_000
    assert figures["employees"].provenance == Provenance.SURVEY

    staff.reload()
    expect(staff.locator("#completion-percent")).to_have_text("50.0%")
    expect(staff.locator("#completion-submitted")).to_have_text("1")
    staff.context.close()
