"""A company member finds the programmes their company can apply for, and the one criterion
that keeps it out of another."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiwon.companies.tests.factories import CompanyFactory, ksic, member_of, region
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from tests.browser import in_korean, log_in, menu_link

pytestmark = pytest.mark.browser

LOCAL = {"type": "region", "local_only": True}


def open_program(title_ko, criteria, closes_in_days):
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    program = ProgramFactory(
        title_ko=title_ko,
        notice_date=today - timedelta(days=10),
        opens_at=datetime.combine(today - timedelta(days=10), time(9), tzinfo=tz),
        closes_at=datetime.combine(today + timedelta(days=closes_in_days), time(18), tzinfo=tz),
    )
    rule_version(program, {"type": "all", "criteria": criteria})
    return program


def months_before(day: date, months: int) -> date:
    """The 1st of the month `months` before `day`'s: full months to `day` are exactly that."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def test_a_member_sees_a_qualifying_programme_and_a_near_miss_with_its_reason(page, live_server):
    notice = timezone.localdate() - timedelta(days=10)
    company = CompanyFactory(
        name_ko="(주)스카이디스플레이",
        founded_on=months_before(notice, 8 * 12 + 2),
        representative_birth_date=date(1985, 3, 17),
        region=region("41171"),
        ksic=ksic("26299"),
        employees=8,
        growth_stage="BLUE100",
    )
    member = member_of(company)
    open_program("2026년 토탈마케팅 지원", [LOCAL, {"type": "employees", "max": 299}], 12)
    under_7_years = {"type": "years_in_business", "max_years": 7}
    open_program("2026년 창업보육센터 입주기업 모집", [LOCAL, under_7_years], 8)

    log_in(page, member)
    menu_link(page, name=in_korean("Recommended programmes")).click()

    expect(page).to_have_url(f"{live_server.url}/recommendations/")
    eligible = page.locator("section#eligible")
    near_misses = page.locator("section#near-misses")
    expect(eligible.get_by_role("link", name="2026년 토탈마케팅 지원", exact=True)).to_be_visible()
    expect(eligible).not_to_contain_text("창업보육센터")
    row = near_misses.locator("tr", has_text="2026년 창업보육센터 입주기업 모집")
    expect(row).to_contain_text("업력 8년 2개월 — 7년 미만이어야 합니다")
    expect(row).to_contain_text("D-8")

    row.get_by_role("link", name=in_korean("Why?")).click()
    expect(page.locator("main h1")).to_contain_text("2026년 창업보육센터 입주기업 모집")
    expect(page.locator("table.jw-criteria tbody tr")).to_have_count(2)
    expect(page.locator("table.jw-criteria tr.jw-not-met")).to_contain_text(
        "업력 8년 2개월 — 7년 미만이어야 합니다"
    )
