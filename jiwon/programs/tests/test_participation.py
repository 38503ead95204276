"""Selections recorded by the applications app feed the past-participation criteria."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jiwon.applications.models import Application, ApplicationStatusChange
from jiwon.applications.services.forms import application_form_ensure
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SYSTEM
from jiwon.programs.eligibility.reference import evaluate
from jiwon.programs.selectors.participation import selection_records
from jiwon.programs.selectors.recommendations import company_facts
from jiwon.programs.selectors.rules import eligible_company_ids, program_eligibility
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus

KST = ZoneInfo("Asia/Seoul")
NOT_RECENTLY_BLUE100 = {
    "type": "all",
    "criteria": [{"type": "past_selection", "programs": ["BLUE100"], "within_years": 3}],
}


def select(company, program, at):
    application = Application.objects.create(
        program=program,
        company=company,
        form=application_form_ensure(actor=SYSTEM, program=program),
        status="selected",
        workflow_version=1,
        answers={},
    )
    change = ApplicationStatusChange.objects.create(
        application=application, source="under_evaluation", target="selected"
    )
    ApplicationStatusChange.objects.filter(pk=change.pk).update(at=at)
    return application


@pytest.fixture
def blue100_2024(db):
    return ProgramFactory(series="BLUE100", fiscal_year=2024, status=ProgramStatus.COMPLETED)


def test_a_selection_counts_from_the_day_it_was_made_in_korean_time(blue100_2024):
    company = CompanyFactory()
    select(company, blue100_2024, datetime(2024, 6, 30, 23, 30, tzinfo=KST))
    assert selection_records([company.pk]) == [(company.pk, "BLUE100", date(2024, 6, 30), None)]


def test_a_company_selected_within_the_window_fails_the_criterion(blue100_2024):
    selected, other = CompanyFactory(), CompanyFactory()
    select(selected, blue100_2024, datetime(2024, 6, 30, 10, 0, tzinfo=KST))
    program = ProgramFactory(notice_date=date(2026, 11, 2))
    rule_version(program, NOT_RECENTLY_BLUE100)

    eligibility = program_eligibility(program, date(2026, 11, 20))
    assert not evaluate(company_facts(selected), eligibility).passed
    assert evaluate(company_facts(other), eligibility).passed
    assert set(eligible_company_ids(program, date(2026, 11, 20)).tolist()) == {other.pk}


def test_a_selection_just_outside_the_window_no_longer_counts(blue100_2024):
    company = CompanyFactory()
    # Three years before the notice date of 2026-11-02 is 2023-11-02: a day earlier is outside.
    select(company, blue100_2024, datetime(2023, 11, 1, 12, 0, tzinfo=KST))
    program = ProgramFactory(notice_date=date(2026, 11, 2))
    rule_version(program, NOT_RECENTLY_BLUE100)
    assert evaluate(company_facts(company), program_eligibility(program)).passed


def test_a_project_is_in_progress_until_its_programme_is_completed(db):
    running = ProgramFactory(series="RND", status=ProgramStatus.PUBLISHED)
    company = CompanyFactory()
    select(company, running, timezone.now() - timedelta(days=30))
    program = ProgramFactory()
    rule_version(program, {"type": "all", "criteria": [{"type": "in_progress", "max": 0}]})
    assert not evaluate(company_facts(company), program_eligibility(program)).passed
