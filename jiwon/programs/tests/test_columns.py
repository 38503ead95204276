from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from jiwon.companies.models import CompanyKind, GrowthStage, GrowthStageChange
from jiwon.companies.tests.factories import CertificationFactory, CompanyFactory, ksic, region
from jiwon.outcomes.models import Metric, Provenance, YearFigure
from jiwon.programs.eligibility import sources
from jiwon.programs.eligibility.batch import Engine
from jiwon.programs.eligibility.columns import facts_for_row, table_from_db
from jiwon.programs.eligibility.facts import CertificationFact, StageChangeFact
from jiwon.programs.eligibility.reference import is_eligible
from jiwon.programs.eligibility.rules import parse_program

YOUNG_VENTURE = {
    "type": "all",
    "criteria": [
        {"type": "years_in_business", "max_years": 7, "prefounder": "allowed"},
        {"type": "certification", "kinds": ["venture"]},
    ],
}


def sales(company, year, won, metric=Metric.SALES_WON):
    YearFigure.objects.create(
        company=company, year=year, metric=metric, value=won, provenance=Provenance.SURVEY
    )


def test_it_loads_companies_with_their_records_in_four_queries(db, django_assert_num_queries):
    anyang = CompanyFactory(founded_on=date(2020, 5, 1), growth_stage=GrowthStage.BLUE100)
    CertificationFactory(company=anyang, kind="venture", valid_from=date(2021, 1, 1))
    CertificationFactory(company=anyang, kind="women", valid_from=date(2019, 1, 1), valid_to=None)
    sales(anyang, 2022, 300_000_000)
    sales(anyang, 2021, 100_000_000)
    sales(anyang, 2021, 7, metric=Metric.EMPLOYEES)
    for stage, on in [("BLUE100", date(2023, 1, 2)), ("G240", date(2021, 3, 1))]:
        GrowthStageChange.objects.create(company=anyang, stage=stage, effective_on=on)
    seoul = CompanyFactory(region=region("11110"), ksic=ksic("62010"), is_local=False)
    starter = CompanyFactory(
        kind=CompanyKind.PREFOUNDER, brn=None, founded_on=None, legal_form="", ksic=None
    )
    CertificationFactory(company=starter, kind="venture", valid_from=date(2021, 6, 1))

    with django_assert_num_queries(4):
        table = table_from_db()

    assert table.ids.tolist() == sorted([anyang.pk, seoul.pk, starter.pk])
    row = table.ids.tolist().index(anyang.pk)
    facts = facts_for_row(table, row)
    assert facts.region == "41173" and facts.is_local and facts.ksic == "26211"
    assert facts.founded_on == date(2020, 5, 1) and facts.growth_stage == "BLUE100"
    assert set(facts.certifications) == {
        CertificationFact("venture", date(2021, 1, 1), date(2030, 12, 31)),
        CertificationFact("women", date(2019, 1, 1), None),
    }
    assert facts.sales_by_year == ((2021, 100_000_000), (2022, 300_000_000))
    assert facts.stage_changes == (
        StageChangeFact(date(2021, 3, 1), "G240"),
        StageChangeFact(date(2023, 1, 2), "BLUE100"),
    )
    assert facts_for_row(table, table.ids.tolist().index(seoul.pk)).sales_by_year == ()
    starter_facts = facts_for_row(table, table.ids.tolist().index(starter.pk))
    assert starter_facts.prefounder and starter_facts.ksic == ""


def test_it_gives_the_engine_the_same_answer_as_the_reference(db):
    young = CompanyFactory(founded_on=date(2020, 5, 1))
    CertificationFactory(company=young, kind="venture", valid_from=date(2021, 1, 1))
    CompanyFactory(founded_on=date(2010, 5, 1))  # too old and no certificate
    starter = CompanyFactory(kind=CompanyKind.PREFOUNDER, brn=None, founded_on=None)
    CertificationFactory(company=starter, kind="venture", valid_from=date(2022, 1, 1))
    program = parse_program("P", date(2024, 3, 4), YOUNG_VENTURE)

    table = table_from_db()
    eligible = Engine(table).matrix([program]).ids(0).tolist()

    assert eligible == sorted([young.pk, starter.pk])
    assert eligible == [
        int(table.ids[row])
        for row in range(table.n)
        if is_eligible(facts_for_row(table, row), program)
    ]


def test_it_loads_only_the_companies_asked_for(db):
    wanted = CompanyFactory()
    other = CompanyFactory()
    CertificationFactory(company=other, kind="venture")

    table = table_from_db(type(wanted).objects.filter(pk=wanted.pk))

    assert table.ids.tolist() == [wanted.pk]
    assert table.certifications == {}


def test_it_judges_yearly_sales_and_stage_history_from_the_database(db):
    program = parse_program(
        "P",
        date(2024, 3, 4),
        {
            "type": "all",
            "criteria": [
                {"type": "sales", "max": 100_000_000, "basis": "three_year_average"},
                {"type": "growth_stage", "in": ["G240"]},
            ],
        },
    )
    small = CompanyFactory(annual_sales_won=10**12, growth_stage=GrowthStage.BLUE100)
    sales(small, 2021, 100_000_000)
    sales(small, 2023, 100_000_001)  # (2021 + 2023) / 2 = 100,000,000.5 → 100,000,000
    GrowthStageChange.objects.create(company=small, stage="G240", effective_on=date(2022, 1, 3))
    GrowthStageChange.objects.create(company=small, stage="BLUE100", effective_on=date(2024, 3, 5))
    grown = CompanyFactory(annual_sales_won=0, growth_stage=GrowthStage.G240)
    sales(grown, 2022, 100_000_002)
    sales(grown, 2023, 100_000_001)
    CompanyFactory(annual_sales_won=0, growth_stage=GrowthStage.G240)  # no figures: last year's

    table = table_from_db()
    eligible = Engine(table).matrix([program]).ids(0).tolist()

    assert small.pk in eligible and grown.pk not in eligible and len(eligible) == 2
    assert eligible == [
        int(table.ids[row])
        for row in range(table.n)
        if is_eligible(facts_for_row(table, row), program)
    ]


def test_it_reads_yearly_sales_from_the_source_outcomes_registers(db):
    company = CompanyFactory()
    sales(company, 2023, 42)

    assert sources.reported_sales(type(company).objects.all()) == [
        sources.ReportedSales(company.pk, 2023, 42)
    ]
    assert sources.reported_sales(type(company).objects.all(), years=[2022]) == []


def test_it_refuses_to_build_the_table_without_a_source_of_yearly_sales(db, monkeypatch):
    monkeypatch.setattr(sources, "_sales_source", [])
    CompanyFactory()

    with pytest.raises(ImproperlyConfigured, match="no source of yearly sales"):
        table_from_db()
