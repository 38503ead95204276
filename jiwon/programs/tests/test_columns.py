from datetime import date

from jiwon.companies.models import CompanyKind, GrowthStage
from jiwon.companies.tests.factories import CertificationFactory, CompanyFactory, ksic, region
from jiwon.programs.eligibility.batch import Engine
from jiwon.programs.eligibility.columns import facts_for_row, table_from_db
from jiwon.programs.eligibility.facts import CertificationFact
from jiwon.programs.eligibility.reference import is_eligible
from jiwon.programs.eligibility.rules import parse_program

YOUNG_VENTURE = {
    "type": "all",
    "criteria": [
        {"type": "years_in_business", "max_years": 7, "prefounder": "allowed"},
        {"type": "certification", "kinds": ["venture"]},
    ],
}


def test_it_loads_companies_and_certifications_in_two_queries(db, django_assert_num_queries):
    anyang = CompanyFactory(founded_on=date(2020, 5, 1), growth_stage=GrowthStage.BLUE100)
    CertificationFactory(company=anyang, kind="venture", valid_from=date(2021, 1, 1))
    CertificationFactory(company=anyang, kind="women", valid_from=date(2019, 1, 1), valid_to=None)
    seoul = CompanyFactory(region=region("11110"), ksic=ksic("62010"), is_local=False)
    starter = CompanyFactory(
        kind=CompanyKind.PREFOUNDER, brn=None, founded_on=None, legal_form="", ksic=None
    )
    CertificationFactory(company=starter, kind="venture", valid_from=date(2021, 6, 1))

    with django_assert_num_queries(2):
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
