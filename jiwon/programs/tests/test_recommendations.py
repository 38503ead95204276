"""The portal's recommendation lists (selector level, at a pinned time): which programmes a
company sees, in which order, with which reason, and at the window's boundaries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from jiwon.companies.models import CompanyKind
from jiwon.companies.tests.factories import CertificationFactory, CompanyFactory, ksic, region
from jiwon.programs.eligibility.reference import evaluate
from jiwon.programs.selectors.recommendations import (
    company_facts,
    explanation_for,
    recommendations_for,
)
from jiwon.programs.selectors.rules import program_eligibility
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=KST)
NOTICE = date(2026, 11, 2)

LOCAL = {"type": "region", "local_only": True}
UNDER_7_YEARS = {"type": "years_in_business", "max_years": 7}
YOUTH = {"type": "representative_age", "max": 39}
MANUFACTURING = {"type": "industry", "in": ["C"]}


def rule(*criteria):
    return {"type": "all", "criteria": list(criteria)}


def program(criteria, *, opens=None, closes=None, status=ProgramStatus.PUBLISHED, **fields):
    made = ProgramFactory(
        notice_date=NOTICE,
        opens_at=opens or datetime(2026, 11, 2, 9, 0, tzinfo=KST),
        closes_at=closes or datetime(2026, 12, 31, 18, 0, tzinfo=KST),
        status=status,
        **fields,
    )
    rule_version(made, criteria)
    return made


@pytest.fixture
def company():
    """Local electronics maker, founded 2018-09-01 (8 years 2 months on the notice date),
    representative aged 41 on the notice date."""
    return CompanyFactory(
        founded_on=date(2018, 9, 1),
        representative_birth_date=date(1985, 3, 17),
        region=region("41171"),
        ksic=ksic("26299"),
        employees=8,
        annual_sales_won=7_495_461_000,
    )


def titles(entries):
    return [e.program.title_ko for e in entries]


def test_it_lists_exactly_the_open_programmes_the_company_qualifies_for_by_deadline(company):
    later = program(
        rule(LOCAL), title_ko="늦은 마감", closes=datetime(2026, 12, 10, 18, tzinfo=KST)
    )
    sooner = program(
        rule(LOCAL, MANUFACTURING),
        title_ko="이른 마감",
        closes=datetime(2026, 12, 1, 18, tzinfo=KST),
    )
    program(rule(YOUTH, UNDER_7_YEARS), title_ko="두 조건 부족")
    program(rule(LOCAL), title_ko="마감됨", closes=datetime(2026, 11, 19, 18, tzinfo=KST))
    program(rule(), title_ko="누구나", closes=datetime(2026, 12, 20, 18, tzinfo=KST))

    found = recommendations_for(company=company, now=NOW)

    assert titles(found.eligible) == ["이른 마감", "늦은 마감", "누구나"]
    assert found.open_count == 4
    assert [e.d_day for e in found.eligible[:2]] == ["D-11", "D-20"]
    assert found.eligible[0].program == sooner and found.eligible[1].program == later
    assert found.near_misses == ()


def test_a_near_miss_shows_the_one_failing_criterion_in_korean_and_english(company):
    program(rule(LOCAL, MANUFACTURING, UNDER_7_YEARS), title_ko="Blue100 창업기업")

    with translation.override("ko"):
        ko = recommendations_for(company=company, now=NOW)
    with translation.override("en"):
        en = recommendations_for(company=company, now=NOW)

    assert ko.eligible == ()
    assert titles(ko.near_misses) == ["Blue100 창업기업"]
    assert ko.near_misses[0].reason == "업력 8년 2개월 — 7년 미만이어야 합니다"
    assert en.near_misses[0].reason == "8 years 2 months in business — must be under 7 years"


def test_a_programme_missed_on_two_criteria_is_neither_eligible_nor_a_near_miss(company):
    program(rule(LOCAL, YOUTH, UNDER_7_YEARS))

    found = recommendations_for(company=company, now=NOW)

    assert (found.eligible, found.near_misses, found.open_count) == ((), (), 1)


def test_a_programme_closing_at_18_kst_disappears_at_18_00_00(company):
    closes = datetime(2026, 11, 27, 18, 0, tzinfo=KST)
    program(rule(LOCAL), title_ko="오늘 마감", closes=closes)
    program(rule(LOCAL, UNDER_7_YEARS), title_ko="오늘 마감 (부족)", closes=closes)

    before = recommendations_for(company=company, now=closes - timedelta(seconds=1))
    at = recommendations_for(company=company, now=closes)

    assert titles(before.eligible) == ["오늘 마감"]
    assert before.eligible[0].d_day == "D-Day"
    assert titles(before.near_misses) == ["오늘 마감 (부족)"]
    assert (at.eligible, at.near_misses, at.open_count) == ((), (), 0)


def test_a_programme_opening_later_is_listed_as_upcoming_until_it_opens(company):
    opens = datetime(2026, 11, 25, 9, 0, tzinfo=KST)
    program(rule(LOCAL), title_ko="곧 접수", opens=opens)
    program(rule(LOCAL, UNDER_7_YEARS), title_ko="곧 접수 (부족)", opens=opens)

    before = recommendations_for(company=company, now=opens - timedelta(seconds=1))
    at = recommendations_for(company=company, now=opens)

    assert (titles(before.upcoming), before.eligible, before.near_misses) == (["곧 접수"], (), ())
    assert titles(at.eligible) == ["곧 접수"] and at.upcoming == ()
    assert titles(at.near_misses) == ["곧 접수 (부족)"]


@pytest.mark.parametrize(
    "status",
    [
        ProgramStatus.DRAFT,
        ProgramStatus.CLOSED,
        ProgramStatus.UNDER_REVIEW,
        ProgramStatus.COMPLETED,
    ],
)
def test_only_published_programmes_are_recommended(company, status):
    program(rule(LOCAL), status=status)
    program(rule(LOCAL, UNDER_7_YEARS), status=status)
    program(rule(LOCAL), status=status, opens=datetime(2026, 11, 25, 9, tzinfo=KST))

    found = recommendations_for(company=company, now=NOW)

    assert (found.eligible, found.near_misses, found.upcoming, found.open_count) == (
        (),
        (),
        (),
        0,
    )


def test_the_rule_version_in_force_on_the_day_of_the_check_decides(company):
    versioned = ProgramFactory(notice_date=NOTICE, title_ko="개정된 규칙")
    rule_version(versioned, rule({"type": "employees", "max": 5}), date(2026, 10, 1))
    rule_version(versioned, rule({"type": "employees", "max": 50}), date(2026, 11, 20))
    rule_version(versioned, rule({"type": "employees", "max": 5}), date(2026, 11, 21))
    first_only = ProgramFactory(notice_date=NOTICE, title_ko="아직 시행 전")
    rule_version(first_only, rule({"type": "employees", "max": 50}), date(2026, 12, 1))
    rule_version(first_only, rule({"type": "employees", "max": 5}), date(2026, 12, 2))

    found = recommendations_for(company=company, now=NOW)

    assert titles(found.eligible) == ["개정된 규칙", "아직 시행 전"]
    facts = company_facts(company)
    check_day = date(2026, 11, 20)
    assert all(
        evaluate(facts, program_eligibility(p, check_day)).passed for p in (versioned, first_only)
    )


def test_an_application_date_programme_is_judged_on_today(company):
    program(
        rule({"type": "years_in_business", "max_years": 8, "max_inclusive": True}),
        reference_date_basis="application",
    )

    on_notice_basis = recommendations_for(company=company, now=NOW)

    # On 2026-11-20 the company is 8 years 2 months old: over "8년 이내".
    assert on_notice_basis.eligible == ()
    assert on_notice_basis.near_misses[0].reference_date == date(2026, 11, 20)


def test_a_stored_rule_that_no_longer_parses_leaves_only_its_programme_out(company):
    program(rule(LOCAL), title_ko="정상")
    program(rule({"type": "region", "in": ["29"]}), title_ko="폐지된 지역코드")

    found = recommendations_for(company=company, now=NOW)

    assert titles(found.eligible) == ["정상"]
    assert found.open_count == 1


def test_certifications_held_on_the_reference_date_count(company):
    small = {"type": "certification", "kinds": ["small_manufacturer"]}
    program(rule(LOCAL, small), title_ko="소공인")
    CertificationFactory(
        company=company,
        kind="small_manufacturer",
        valid_from=date(2025, 1, 1),
        valid_to=date(2026, 11, 2),
    )

    assert titles(recommendations_for(company=company, now=NOW).eligible) == ["소공인"]


def test_a_prefounder_sees_the_programmes_that_accept_prefounders():
    prefounder = CompanyFactory(
        kind=CompanyKind.PREFOUNDER,
        brn=None,
        legal_form="",
        founded_on=None,
        representative_birth_date=date(1980, 1, 1),
    )
    program(
        rule({"type": "years_in_business", "max_years": 3, "prefounder": "allowed"}),
        title_ko="예비창업자 가능",
    )
    program(rule(UNDER_7_YEARS), title_ko="창업기업만")

    with translation.override("en"):
        found = recommendations_for(company=prefounder, now=NOW)

    assert titles(found.eligible) == ["예비창업자 가능"]
    assert found.near_misses[0].reason == (
        "pre-founder (not yet in business) — must be under 7 years"
    )


def test_the_explanation_gives_every_criterion_and_its_children(company):
    checked = program(
        rule(
            LOCAL,
            {
                "type": "any",
                "criteria": [
                    {"type": "certification", "kinds": ["small_manufacturer"]},
                    {"type": "employees", "max": 9},
                ],
            },
            UNDER_7_YEARS,
        )
    )

    with translation.override("en"):
        explained = explanation_for(company=company, program=checked, today=date(2026, 11, 20))

    assert explained.result.near_miss is not None
    assert explained.reference_date == NOTICE
    assert [(line.depth, line.explanation.passed) for line in explained.lines] == [
        (0, True),
        (0, True),
        (1, False),
        (1, True),
        (0, False),
    ]
    assert explained.lines[3].text == "8 employees — must have at most 9 employees"
