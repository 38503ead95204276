from datetime import date

import pytest
from django.utils import translation

from jiwon.companies.tests.factories import CompanyFactory, region
from jiwon.programs.models import ReferenceDateBasis
from jiwon.programs.selectors.recommendations import _rule_on
from jiwon.programs.selectors.rules import (
    company_table,
    eligible_company_ids,
    eligible_count,
    ids_by_name,
    region_names,
    rule_summary,
    version_in_force,
)
from jiwon.programs.tests.factories import ProgramFactory, rule_version
from jiwon.programs.workflow import ProgramStatus

YOUTH = {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]}


@pytest.fixture
def companies(db):
    return [
        CompanyFactory(name_ko="다", representative_birth_date=date(1979, 4, 9)),
        CompanyFactory(name_ko="가", representative_birth_date=date(1979, 4, 8)),
        CompanyFactory(name_ko="나", representative_birth_date=date(1985, 1, 1)),
    ]


def test_it_gives_the_ids_of_the_companies_that_qualify_on_the_reference_date(companies):
    program = ProgramFactory(notice_date=date(2019, 4, 8))
    rule_version(program, YOUTH)
    born_1979_04_09, born_1979_04_08, born_1985 = companies

    ids = eligible_company_ids(program)

    assert ids.tolist() == sorted([born_1979_04_09.pk, born_1985.pk])
    assert eligible_count(program) == 2
    program.notice_date = date(2019, 4, 9)  # the 1979-04-09 representative turns 40
    assert eligible_company_ids(program).tolist() == [born_1985.pk]


def test_it_judges_an_application_date_programme_on_the_day_asked(companies):
    program = ProgramFactory(reference_date_basis=ReferenceDateBasis.APPLICATION)
    rule_version(program, YOUTH, effective_from=date(2000, 1, 1))

    assert eligible_count(program, date(2019, 4, 8)) == 2
    assert eligible_count(program, date(2019, 4, 9)) == 1


def test_it_counts_everyone_when_no_rule_was_saved(companies):
    program = ProgramFactory()

    assert version_in_force(program) is None
    assert eligible_count(program, table=company_table()) == 3


def test_it_counts_nobody_in_an_empty_registry(db):
    program = ProgramFactory()
    rule_version(program, YOUTH)

    assert eligible_company_ids(program).tolist() == []


def test_it_picks_the_version_in_force_on_the_day_of_the_check(db):
    program = ProgramFactory(status=ProgramStatus.DRAFT, notice_date=date(2026, 6, 1))
    rule_version(program, YOUTH, effective_from=date(2026, 5, 1))
    rule_version(program, YOUTH, effective_from=date(2026, 6, 1))
    rule_version(program, YOUTH, effective_from=date(2026, 6, 2))

    assert version_in_force(program, date(2026, 5, 31)).version == 1
    assert version_in_force(program, date(2026, 6, 1)).version == 2
    assert version_in_force(program, date(2026, 6, 2)).version == 3


def test_it_orders_ids_by_company_name(companies):
    ids = [c.pk for c in companies]

    assert ids_by_name(sorted(ids)).tolist() == [companies[1].pk, companies[2].pk, companies[0].pk]
    assert ids_by_name([companies[0].pk]).tolist() == [companies[0].pk]


def test_it_summarises_a_rule_with_its_groups_in_the_active_language(db):
    rule = {
        "type": "all",
        "criteria": [
            {"type": "representative_age", "max": 39},
            {"type": "any", "criteria": [{"type": "women_owned"}, {"type": "disabled_owned"}]},
        ],
    }

    with translation.override("en"):
        lines = rule_summary(rule, date(2026, 3, 2))
        everyone = rule_summary({"type": "all", "criteria": []}, date(2026, 3, 2))
    with translation.override("ko"):
        korean = rule_summary(rule, date(2026, 3, 2))

    assert lines == [
        "must be aged at most 39",
        "at least one of: must be a certified women-owned business on 2026-03-02; "
        "must be a certified disabled-owned business on 2026-03-02",
    ]
    assert everyone == ["every company qualifies"]
    assert korean[0] == "만 39세 이하여야 합니다"


def test_it_names_regions_in_force_with_their_province(db):
    names = region_names()

    assert names["41173"] == "경기도 안양시 동안구"
    assert names["41"] == "경기도"
    assert region("11110").code in names


def test_a_version_added_later_with_an_earlier_effective_date_wins_from_that_date(db):
    program = ProgramFactory(status=ProgramStatus.DRAFT, notice_date=date(2026, 1, 1))
    rule_version(program, YOUTH, effective_from=date(2026, 1, 1))
    rule_version(program, YOUTH, effective_from=date(2026, 4, 1))
    rule_version(program, YOUTH, effective_from=date(2026, 3, 1))  # saved after version 2
    rows = [(v.version, v.effective_from, v.rule) for v in program.rule_versions.all()]
    for day, expected in (
        (date(2026, 2, 15), 1),
        (date(2026, 3, 15), 3),
        (date(2026, 4, 15), 3),
    ):
        assert version_in_force(program, day).version == expected
        chosen = _rule_on(rows, day)
        assert chosen is next(r for v, _d, r in rows if v == expected)
