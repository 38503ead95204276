"""Staff check that a committee can be staffed, run the optimal assignment and see it: every
application gets its evaluators and nobody is paired with a company they are tied to."""

import pytest
from playwright.sync_api import expect

from jiwon.companies.tests.factories import CompanyFactory
from jiwon.reviews.models import Assignment, RelationshipKind
from jiwon.reviews.tests.factories import (
    ClosedProgramFactory,
    EvaluatorFactory,
    committee,
    relationship,
    screened_application,
)
from tests.browser import log_in

pytestmark = pytest.mark.browser


def test_staff_check_feasibility_and_assign_evaluators(page, officer):
    program = ClosedProgramFactory(title_ko="기술창업 지원사업")
    # Without the conflict, evaluator 0 (the closest expertise) would take every application.
    evaluators = [EvaluatorFactory(name="평가위원0", expertise_ksic=["26211"])] + [
        EvaluatorFactory(name=f"평가위원{i}", expertise_ksic=["A"]) for i in range(1, 4)
    ]
    tied = CompanyFactory(name_ko="가족회사")
    relationship(evaluators[0], RelationshipKind.OWN_COMPANY, company=tied)
    applications = [screened_application(program, tied)] + [
        screened_application(program) for _ in range(2)
    ]
    panel = committee(program, members=evaluators, per_application=3)
    log_in(page, officer)

    page.goto(f"/reviews/staff/committees/{panel.pk}/")
    page.locator("#check-feasibility").click()
    expect(page.locator("#feasibility-ok")).to_be_visible()
    page.locator("#run-assignment").click()

    expect(page.locator("#assignments tbody tr")).to_have_count(9)
    rows_of_tied = page.locator("#assignments tbody tr", has_text="가족회사")
    expect(rows_of_tied).to_have_count(3)
    expect(rows_of_tied.filter(has_text="평가위원0")).to_have_count(0)
    assert not Assignment.objects.filter(
        application=applications[0], evaluator=evaluators[0]
    ).exists()
