"""An evaluator signs in, opens the application assigned to them from “My evaluations”,
scores every criterion with a comment and submits; the scores are then read-only."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from jiwon.companies.tests.factories import CompanyFactory
from jiwon.reviews.models import Scorecard, ScorecardStatus
from jiwon.reviews.tests.factories import (
    ClosedProgramFactory,
    EvaluatorFactory,
    assign,
    committee,
    rubric,
    screened_application,
)
from tests.browser import confirm, in_korean, log_in

pytestmark = pytest.mark.browser


def test_an_evaluator_scores_every_criterion_and_submits(page, live_server):
    program = ClosedProgramFactory(title_ko="청년창업 지원사업")
    rubric(program)
    evaluator = EvaluatorFactory(name="김평가")
    application = screened_application(program, CompanyFactory(name_ko="한빛로보틱스"))
    assignment = assign(committee(program, members=[evaluator]), application, evaluator)
    log_in(page, evaluator.user)

    page.get_by_role("link", name=in_korean("My evaluations")).first.click()
    row = page.locator("#my-assignments tbody tr", has_text="한빛로보틱스")
    row.get_by_role("link", name=in_korean("Open and score")).click()
    expect(page.locator("h1")).to_contain_text("한빛로보틱스")

    page.locator("#id_score_tech").fill("35.5")
    page.locator("#id_score_market").fill("20")
    page.locator("#id_score_team").fill("31")
    confirm(page, page.locator("#submit-scores-open"))
    # Over the maximum and no comment: the page says what to fix and keeps what was typed.
    expect(page.locator("#id_score_team-error")).to_be_visible()
    expect(page.locator("#id_comment-error")).to_be_visible()
    expect(page.locator("#id_score_tech")).to_have_value("35.5")

    page.locator("#id_score_team").fill("27.25")
    page.locator("#id_comment").fill("기술 완성도가 높고 시장 진입 전략이 구체적임")
    confirm(page, page.locator("#submit-scores-open"))

    expect(page.locator("#scorecard-status")).to_have_text(in_korean("Submitted"))
    expect(page.locator("#score-form")).to_have_count(0)
    expect(page.locator("#scorecard-comment")).to_have_text(
        "기술 완성도가 높고 시장 진입 전략이 구체적임"
    )
    card = Scorecard.objects.get(assignment=assignment)
    assert card.status == ScorecardStatus.SUBMITTED
    assert {s.criterion.code: s.value for s in card.scores.all()} == {
        "tech": Decimal("35.5"),
        "market": Decimal("20"),
        "team": Decimal("27.25"),
    }
