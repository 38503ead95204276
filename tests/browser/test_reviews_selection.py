"""Staff compute, confirm and publish a committee's ranking; the applicant reads their result
with the evaluators' comments under pseudonyms and lodges an appeal."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiwon.companies.models import GrowthStageChange
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.reviews.models import Appeal, AppealStatus, RunStatus, SelectionRun
from jiwon.reviews.tests.factories import evaluated
from tests.browser import confirm, in_korean, log_in, menu_link

SHOTS = Path("var/screenshots/reviews")

pytestmark = pytest.mark.browser


def test_staff_publish_a_ranking_and_the_applicant_reads_it_and_appeals(page, officer):
    ours = CompanyFactory(name_ko="한빛로보틱스", growth_stage="G240")
    theirs = CompanyFactory(name_ko="경쟁테크")
    setup = evaluated(
        {
            "theirs": [(36, 27, 27), (35, 28, 27), (34, 27, 27)],  # 90, 90, 88
            "ours": [(30, 25, 25), (32, 24, 24), (28, 21, 21)],  # 80, 80, 70
        },
        quota=1,
        companies={"ours": ours, "theirs": theirs},
        growth_stage="BLUE100",
    )
    member = member_of(ours)

    log_in(page, officer)
    menu_link(page, href="/reviews/selection/").click()
    with page.expect_navigation():
        page.get_by_role("link", name=setup.program.title_ko).click()
    with page.expect_navigation():
        page.locator("#committees").get_by_role("link", name=in_korean("Not computed")).click()
    with page.expect_navigation():
        page.locator("#compute").click()
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("경쟁테크")
    expect(rows.nth(0)).to_contain_text("89.33")
    expect(rows.nth(1)).to_contain_text("76.67")
    expect(rows.nth(1)).to_contain_text(
        in_korean("The overall quota of %(quota)s is filled.") % {"quota": 1}
    )
    # Irreversible steps ask first, in a KRDS modal that says what happens and to whom.
    page.locator("#confirm-open").click()
    expect(page.locator("#confirm-modal")).to_be_visible()
    expect(page.locator("#confirm-modal-text")).to_contain_text("2")
    page.locator("#confirm-modal [data-jw-close]").click()
    expect(page.locator("#confirm-modal")).to_be_hidden()
    assert SelectionRun.objects.get().status == RunStatus.DRAFT
    page.locator("#confirm-open").click()
    with page.expect_navigation():
        page.locator("#confirm").click()
    expect(page.locator("#run-status")).to_have_text(in_korean("Confirmed"))
    page.locator("#publish-open").click()
    expect(page.locator("#publish-modal")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "publish-modal.png"))
    with page.expect_navigation():
        page.locator("#publish").click()
    expect(page.locator("#run-status")).to_have_text(in_korean("Published"))
    assert SelectionRun.objects.get().status == RunStatus.PUBLISHED
    assert not GrowthStageChange.objects.filter(company=ours).exists()  # not selected

    page.context.clear_cookies()
    log_in(page, member)
    menu_link(page, href="/reviews/results/").click()
    with page.expect_navigation():
        page.locator("#my-results").get_by_role("link", name=setup.program.title_ko).click()
    section = page.locator("section.result")
    expect(section.locator(".outcome")).to_have_text(in_korean("Not selected"))
    expect(section.locator(".total")).to_have_text("76.67")
    expect(section.locator(".rank")).to_contain_text("2")
    sheets = section.locator("ul.sheets li")
    expect(sheets).to_have_count(3)
    for number in (1, 2, 3):
        expect(sheets.nth(number - 1)).to_contain_text(
            in_korean("Evaluator %(number)s") % {"number": number}
        )
    text = page.locator("main").inner_text()
    for evaluator in setup.evaluators:
        assert evaluator.name not in text
    assert "경쟁테크" not in text

    section.locator("textarea[name=text]").fill("시장성 점수의 근거를 다시 검토해 주십시오.")
    confirm(page, section.get_by_role("link", name=in_korean("Lodge an appeal")))
    expect(page.locator(".jw-messages")).to_contain_text(
        in_korean("Your appeal was lodged. You will find the decision on this page.")
    )
    expect(page.locator("section.result .appeal-status")).to_have_text(in_korean("Lodged"))
    appeal = Appeal.objects.get()
    assert (appeal.application, appeal.lodged_by, appeal.status) == (
        setup.apps["ours"],
        member,
        AppealStatus.LODGED,
    )
