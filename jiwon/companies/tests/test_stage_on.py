"""The growth stage on a day is defined once (companies.selectors.stage_on) and written twice:
in Python for one company (the eligibility engines) and in SQL for many (the KPIs and the annual
report). The two must agree on every day, the awkward ones above all."""

from datetime import date, timedelta

import pytest

from jiwon.companies.models import Company, GrowthStage, GrowthStageChange
from jiwon.companies.selectors import company_stage_on, stage_on, with_stage_on
from jiwon.companies.tests.factories import CompanyFactory

PROMOTED_ON = date(2024, 3, 4)
DAY_BEFORE = PROMOTED_ON - timedelta(days=1)


def changed(company: Company, *changes: tuple[str, date]) -> Company:
    """`company` with `changes` ((stage, effective on)) recorded in the order given."""
    for stage, effective_on in changes:
        GrowthStageChange.objects.create(company=company, stage=stage, effective_on=effective_on)
    return company


def sql_stage_on(company: Company, day: date) -> str:
    return with_stage_on(Company.objects.filter(pk=company.pk), day).get().stage_on


# (registry stage, recorded changes, day, stage on that day)
CASES = {
    "no history: the registry stage": (GrowthStage.ACE20, [], PROMOTED_ON, "ACE20"),
    "no history, no stage": ("", [], PROMOTED_ON, ""),
    "every change later than the day: no stage yet": (
        GrowthStage.BLUE100,
        [("G240", PROMOTED_ON), ("BLUE100", PROMOTED_ON + timedelta(days=30))],
        DAY_BEFORE,
        "",
    ),
    "the day of a promotion: the new stage": (
        GrowthStage.BLUE100,
        [("G240", date(2022, 1, 3)), ("BLUE100", PROMOTED_ON)],
        PROMOTED_ON,
        "BLUE100",
    ),
    "the day before a promotion: the old stage": (
        GrowthStage.BLUE100,
        [("G240", date(2022, 1, 3)), ("BLUE100", PROMOTED_ON)],
        DAY_BEFORE,
        "G240",
    ),
    "two changes on one day: the later recorded wins": (
        GrowthStage.G240,
        [("BLUE100", PROMOTED_ON), ("G240", PROMOTED_ON)],
        PROMOTED_ON,
        "G240",
    ),
    "two changes on one day, the other way round": (
        GrowthStage.G240,
        [("G240", PROMOTED_ON), ("BLUE100", PROMOTED_ON)],
        PROMOTED_ON,
        "BLUE100",
    ),
    "a change recorded later for an earlier day does not override a later day": (
        GrowthStage.G240,
        [("G240", PROMOTED_ON), ("BLUE100", date(2023, 1, 2))],
        PROMOTED_ON,
        "G240",
    ),
    "a company taken off the ladder": (
        "",
        [("G240", date(2022, 1, 3)), ("", date(2023, 6, 1))],
        PROMOTED_ON,
        "",
    ),
}


@pytest.mark.parametrize(("current", "changes", "day", "expected"), CASES.values(), ids=CASES)
def test_it_gives_the_same_stage_in_python_and_in_sql(db, current, changes, day, expected):
    company = changed(CompanyFactory(growth_stage=current), *changes)

    assert company_stage_on(company, day) == expected
    assert sql_stage_on(company, day) == expected
    recorded = [(effective_on, stage) for stage, effective_on in changes]
    assert stage_on(recorded, current=current, day=day) == expected


def test_it_agrees_on_every_day_around_the_changes_of_many_companies(db):
    companies = [CompanyFactory(growth_stage=current) for current, *_ in CASES.values()]
    for company, (_current, changes, _day, _expected) in zip(
        companies, CASES.values(), strict=True
    ):
        changed(company, *changes)
    days = [date(2021, 12, 31) + timedelta(days=n) for n in range(0, 900, 7)]
    days += [DAY_BEFORE, PROMOTED_ON, PROMOTED_ON + timedelta(days=1)]

    for day in days:
        in_sql = dict(
            with_stage_on(
                Company.objects.filter(pk__in=[c.pk for c in companies]), day
            ).values_list("pk", "stage_on")
        )
        assert in_sql == {c.pk: company_stage_on(c, day) for c in companies}, day
