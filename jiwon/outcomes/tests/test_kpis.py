"""Each KPI definition on small hand-built data, at its boundaries."""

from datetime import date
from decimal import Decimal

import pytest

from jiwon.companies.models import CompanyKind, GrowthStageChange
from jiwon.companies.services import company_close
from jiwon.companies.tests.factories import CompanyFactory, region
from jiwon.core.actor import SystemActor
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Metric,
    Provenance,
    Relocation,
)
from jiwon.outcomes.selectors import kpis
from jiwon.outcomes.selectors.kpis import Period
from jiwon.outcomes.services.ledger import (
    ledger_entry_adjust,
    ledger_entry_replace,
    ledger_entry_void,
)
from jiwon.outcomes.tests.factories import LedgerEntryFactory, YearFigureFactory
from jiwon.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

Y2021 = Period.year(2021)


def record(model, company, on, **fields):
    return model.objects.create(
        company=company, occurred_on=on, provenance=Provenance.STAFF, **fields
    )


def moved(company, on, direction, place="서울특별시 강남구"):
    return record(Relocation, company, on, direction=direction, other_place=place)


def test_it_counts_a_company_supported_twice_once_and_sums_every_row():
    company = CompanyFactory()
    first, second = ProgramFactory(), ProgramFactory()
    LedgerEntryFactory(company=company, program=first, amount_won=30_000_000)
    LedgerEntryFactory(company=company, program=second, amount_won=20_000_000)
    LedgerEntryFactory(program=first, amount_won=5_000_000)

    assert kpis.supported_companies(Y2021) == 2
    assert kpis.programs(Y2021) == 2
    assert kpis.support_won(Y2021) == 55_000_000


def test_it_counts_only_rows_dated_inside_the_year():
    LedgerEntryFactory(supported_on=date(2020, 12, 31))
    LedgerEntryFactory(supported_on=date(2022, 1, 1))
    inside = LedgerEntryFactory(supported_on=date(2021, 12, 31), amount_won=7)
    LedgerEntryFactory(supported_on=date(2021, 1, 1), amount_won=3)

    assert kpis.supported_companies(Y2021) == 2
    assert kpis.support_won(Y2021) == 10
    assert inside.company_id in set(
        kpis.supported_company_ids(Y2021).values_list("company", flat=True)
    )


def test_corrections_net_out_and_a_cancelled_support_is_not_counted(officer):
    cancelled = LedgerEntryFactory(amount_won=10_000_000)
    ledger_entry_void(actor=officer, entry=cancelled, reason="did not happen")
    reduced = LedgerEntryFactory(amount_won=10_000_000)
    ledger_entry_adjust(actor=officer, entry=reduced, reason="paid less", amount_won=6_000_000)

    assert kpis.support_won(Y2021) == 6_000_000
    assert kpis.supported_companies(Y2021) == 1
    supported = kpis.supported_company_ids(Y2021).values_list("company", flat=True)
    assert list(supported) == [reduced.company_id]


def test_a_support_moved_to_another_company_counts_for_that_company_only(officer):
    row = LedgerEntryFactory(amount_won=10_000_000)
    other = CompanyFactory()
    ledger_entry_replace(
        actor=officer,
        entry=row,
        reason="wrong company",
        company=other,
        supported_on=row.supported_on,
        period_end=None,
    )

    supported = kpis.supported_company_ids(Y2021).values_list("company", flat=True)
    assert list(supported) == [other.pk]
    assert kpis.support_won(Y2021) == 10_000_000


def test_a_support_moved_to_another_year_leaves_its_first_year(officer):
    row = LedgerEntryFactory(amount_won=10_000_000, supported_on=date(2021, 12, 30))
    ledger_entry_replace(
        actor=officer,
        entry=row,
        reason="paid in January",
        company=row.company,
        supported_on=date(2022, 1, 5),
        period_end=None,
    )

    assert (kpis.supported_companies(Y2021), kpis.support_won(Y2021)) == (0, 0)
    assert kpis.supported_companies(Period.year(2022)) == 1
    assert kpis.support_won(Period.year(2022)) == 10_000_000


def test_a_programme_whose_only_support_was_cancelled_is_not_counted(officer):
    program = ProgramFactory()
    row = LedgerEntryFactory(program=program, amount_won=1_000_000)
    assert kpis.programs(Y2021) == 1
    ledger_entry_void(actor=officer, entry=row, reason="did not happen")
    assert kpis.programs(Y2021) == 0


def test_support_without_an_amount_counts_until_it_is_cancelled(officer):
    mentoring = LedgerEntryFactory(kind=SupportKind.MENTORING, amount_won=None)
    assert kpis.supported_companies(Y2021) == 1
    assert kpis.support_won(Y2021) == 0

    ledger_entry_void(actor=officer, entry=mentoring, reason="no show")
    assert kpis.supported_companies(Y2021) == 0


def test_tenant_companies_are_those_whose_tenancy_overlaps_the_year(officer):
    spanning = LedgerEntryFactory(
        kind=SupportKind.TENANCY,
        amount_won=None,
        supported_on=date(2020, 3, 1),
        period_end=date(2022, 2, 28),
    )
    LedgerEntryFactory(
        kind=SupportKind.TENANCY,
        amount_won=None,
        supported_on=date(2019, 1, 1),
        period_end=date(2020, 12, 31),
    )
    single_day = LedgerEntryFactory(kind=SupportKind.TENANCY, amount_won=None)
    cancelled = LedgerEntryFactory(kind=SupportKind.TENANCY, amount_won=None)
    ledger_entry_void(actor=officer, entry=cancelled, reason="never moved in")
    LedgerEntryFactory(
        kind=SupportKind.TENANCY,
        supported_on=date(2021, 6, 1),
        period_end=date(2022, 5, 31),
        company=spanning.company,
    )

    assert kpis.tenant_companies(Y2021) == 2
    rows = kpis.tenancy_rows(Y2021)
    assert {r.company_id for r in rows} == {spanning.company_id, single_day.company_id}


def test_employment_growth_uses_supported_companies_with_both_years_and_counts_the_rest():
    both = CompanyFactory()
    only_this_year = CompanyFactory()
    only_last_year = CompanyFactory()
    not_supported = CompanyFactory()
    for company in (both, only_this_year, only_last_year):
        LedgerEntryFactory(company=company)
    YearFigureFactory(company=both, year=2020, value=2000)
    YearFigureFactory(company=both, year=2021, value=2137)
    YearFigureFactory(company=only_this_year, year=2021, value=50)
    YearFigureFactory(company=only_last_year, year=2020, value=40)
    YearFigureFactory(company=not_supported, year=2020, value=10)
    YearFigureFactory(company=not_supported, year=2021, value=900)

    staff = kpis.employees(2021)

    assert (staff.value, staff.previous) == (2137, 2000)
    assert staff.companies == 1
    assert staff.excluded == 2
    assert staff.supported == 3
    # 2,137 / 2,000 − 1 = 6.85% exactly: half-up gives 6.9, not the 6.8 a float would.
    assert staff.growth_pct == Decimal("6.9")


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        (2137, 2000, Decimal("6.9")),
        (21369, 20000, Decimal("6.8")),  # 6.845
        (2323, 2175, Decimal("6.8")),
        (1863, 2000, Decimal("-6.9")),  # −6.85: half-up rounds away from zero
        (100, 100, Decimal("0.0")),
        (5, 0, None),
    ],
)
def test_growth_is_rounded_half_up_to_one_decimal(value, previous, expected):
    assert kpis.growth_pct(value, previous) == expected


def test_sales_growth_follows_the_same_definition():
    company = CompanyFactory()
    LedgerEntryFactory(company=company)
    YearFigureFactory(company=company, metric=Metric.SALES_WON, year=2020, value=1_000_000_000)
    YearFigureFactory(company=company, metric=Metric.SALES_WON, year=2021, value=1_147_000_000)

    revenue = kpis.sales(2021)

    assert revenue.value == 1_147_000_000
    assert revenue.growth_pct == Decimal("14.7")


def test_outcome_records_count_while_the_company_is_in_the_city():
    stays = CompanyFactory()
    leaves = CompanyFactory(region=region("11680"), is_local=False)
    moved(leaves, date(2021, 7, 1), Relocation.Direction.OUT)
    elsewhere = CompanyFactory(region=region("11680"), is_local=False)

    record(
        Investment,
        stays,
        date(2021, 3, 1),
        amount_won=1_000_000_000,
        investor="A",
        round=Investment.Round.SEED,
    )
    record(
        Investment,
        leaves,
        date(2021, 5, 1),
        amount_won=500_000_000,
        investor="B",
        round=Investment.Round.SEED,
    )
    record(
        Investment,
        leaves,
        date(2021, 9, 1),
        amount_won=700_000_000,
        investor="C",
        round=Investment.Round.SEED,
    )
    record(
        Investment,
        elsewhere,
        date(2021, 4, 1),
        amount_won=900_000_000,
        investor="D",
        round=Investment.Round.SEED,
    )
    record(
        Investment,
        stays,
        date(2022, 1, 1),
        amount_won=300_000_000,
        investor="E",
        round=Investment.Round.SEED,
    )

    assert kpis.investment_won(Y2021) == 1_500_000_000

    record(IntellectualProperty, stays, date(2021, 2, 1), kind="patent", number="10-1")
    record(IntellectualProperty, stays, date(2021, 2, 2), kind="certification", number="C-1")
    record(IntellectualProperty, leaves, date(2021, 8, 1), kind="patent", number="10-2")
    record(Agreement, stays, date(2021, 6, 1), kind=Agreement.Kind.MOU, counterparty="X")
    record(Agreement, stays, date(2021, 6, 2), kind=Agreement.Kind.BUSINESS, counterparty="Y")
    assert kpis.ip_count(Y2021) == 2
    assert kpis.mou_count(Y2021) == 1


def test_moved_in_counts_companies_not_moves_and_leaves_out_moves_out():
    arrived = CompanyFactory()
    moved(arrived, date(2021, 2, 1), Relocation.Direction.IN)
    moved(arrived, date(2021, 3, 1), Relocation.Direction.OUT)
    moved(arrived, date(2021, 9, 1), Relocation.Direction.IN)
    moved(CompanyFactory(), date(2020, 12, 31), Relocation.Direction.IN)
    moved(CompanyFactory(), date(2021, 5, 5), Relocation.Direction.OUT)

    assert kpis.moved_in(Y2021) == 1
    assert kpis.moved_out(Y2021) == 2  # the one that left for good, and `arrived` in March


def test_city_totals_count_companies_founded_and_located_in_the_city_on_the_date():
    CompanyFactory(employees=10)
    CompanyFactory(employees=99, founded_on=date(2018, 1, 2))
    CompanyFactory(kind=CompanyKind.PREFOUNDER, brn=None, legal_form="", founded_on=None)
    CompanyFactory(region=region("11680"), is_local=False, employees=500)
    left = CompanyFactory(region=region("11680"), is_local=False, employees=20)
    moved(left, date(2019, 6, 1), Relocation.Direction.OUT)
    arrived = CompanyFactory(employees=30)
    moved(arrived, date(2019, 6, 1), Relocation.Direction.IN)
    reported = CompanyFactory(employees=1)
    YearFigureFactory(company=reported, year=2016, value=7)
    YearFigureFactory(company=reported, year=2019, value=8)

    before = kpis.city_totals(date(2018, 1, 1))
    assert before["companies"] == 3  # 10-employee, left (still there), reported
    assert before["employees"] == 10 + 20 + 7
    assert before["companies_from_registry"] == 2

    after = kpis.city_totals(date(2019, 12, 31))
    assert after["companies"] == 4  # 10, 99, arrived, reported
    assert after["employees"] == 10 + 99 + 30 + 8


def test_the_ladder_reads_the_stage_history_and_counts_promotions_of_the_year():
    promoted = CompanyFactory(growth_stage="BLUE100")
    GrowthStageChange.objects.create(company=promoted, stage="G240", effective_on=date(2020, 4, 1))
    GrowthStageChange.objects.create(
        company=promoted, stage="BLUE100", effective_on=date(2021, 6, 1)
    )
    demoted = CompanyFactory(growth_stage="G240")
    GrowthStageChange.objects.create(company=demoted, stage="ACE20", effective_on=date(2019, 1, 1))
    GrowthStageChange.objects.create(company=demoted, stage="G240", effective_on=date(2021, 2, 1))
    CompanyFactory(growth_stage="ACE20")  # no recorded history: its registry stage
    later = CompanyFactory(growth_stage="G240")
    GrowthStageChange.objects.create(company=later, stage="G240", effective_on=date(2022, 3, 1))

    assert kpis.ladder(date(2020, 12, 31)) == {"G240": 1, "BLUE100": 0, "ACE20": 2, "UNICORN": 0}
    assert kpis.ladder(date(2021, 12, 31)) == {"G240": 1, "BLUE100": 1, "ACE20": 1, "UNICORN": 0}
    assert kpis.promoted_by_stage(Y2021) == {"G240": 0, "BLUE100": 1, "ACE20": 0, "UNICORN": 0}
    assert [c.company_id for c in kpis.promotions(Y2021)] == [promoted.pk]


def test_the_year_so_far_stops_at_the_given_day():
    LedgerEntryFactory(supported_on=date(2021, 3, 1), amount_won=1)
    LedgerEntryFactory(supported_on=date(2021, 3, 2), amount_won=2)
    so_far = Period.year_to_date(date(2021, 3, 1))
    assert kpis.support_won(so_far) == 1
    assert set(kpis.headline(so_far, with_growth=False)) == set(kpis.HEADLINE_KEYS) - {
        "employees",
        "employees_growth_pct",
        "sales_won",
        "sales_growth_pct",
    }


def test_a_closed_company_counts_in_the_city_until_the_day_before_it_closed():
    closing = CompanyFactory(employees=12, founded_on=date(2010, 1, 1))
    CompanyFactory(employees=3, founded_on=date(2010, 1, 1))
    company_close(actor=SystemActor("test"), company=closing, closed_on=date(2019, 6, 1))

    assert kpis.city_totals(date(2019, 5, 31))["companies"] == 2
    assert kpis.city_totals(date(2019, 6, 1)) | {"on": None} == {
        "on": None,
        "companies": 1,
        "employees": 3,
        "companies_from_registry": 1,
    }


# The cases the written definitions used to leave open (README "Definitions") ---------------


def test_a_relocation_takes_effect_on_its_own_date():
    left = CompanyFactory(region=region("11680"), is_local=False)
    moved(left, date(2021, 12, 31), Relocation.Direction.OUT)
    arrived = CompanyFactory()
    moved(arrived, date(2021, 12, 31), Relocation.Direction.IN)
    on_the_day = set(kpis.companies_in_city(date(2021, 12, 31)).values_list("pk", flat=True))
    assert on_the_day == {arrived.pk}
    day_before = set(kpis.companies_in_city(date(2021, 12, 30)).values_list("pk", flat=True))
    assert day_before == {left.pk}
    # A record dated on the move counts where the company moved to.
    record(IntellectualProperty, arrived, date(2021, 12, 31), kind="patent", number="10-9")
    record(IntellectualProperty, left, date(2021, 12, 31), kind="patent", number="10-8")
    assert [r.company_id for r in kpis.ip_records(Y2021)] == [arrived.pk]


def test_outcome_records_follow_only_the_location_rule_pre_founders_included():
    idea = CompanyFactory(kind=CompanyKind.PREFOUNDER, brn=None, legal_form="", founded_on=None)
    young = CompanyFactory(founded_on=date(2021, 9, 1))  # founded after its record
    record(
        Investment,
        idea,
        date(2021, 3, 1),
        amount_won=100_000_000,
        investor="엔젤",
        round=Investment.Round.SEED,
    )
    record(Agreement, young, date(2021, 6, 1), kind=Agreement.Kind.MOU, counterparty="X")
    assert kpis.investment_won(Y2021) == 100_000_000
    assert kpis.mou_count(Y2021) == 1


def test_awards_and_business_agreements_count_while_the_company_is_in_the_city():
    stays = CompanyFactory()
    gone = CompanyFactory(region=region("11680"), is_local=False)
    moved(gone, date(2021, 5, 1), Relocation.Direction.OUT)
    for company, on in ((stays, date(2021, 8, 1)), (gone, date(2021, 8, 1))):
        record(Agreement, company, on, kind=Agreement.Kind.BUSINESS, counterparty="Y")
        record(Award, company, on, name="우수기업", awarded_by="안양시")
    assert [a.company_id for a in kpis.agreements(Y2021, Agreement.Kind.BUSINESS)] == [stays.pk]
    assert [a.company_id for a in kpis.awards(Y2021)] == [stays.pk]


def test_a_first_ever_stage_change_is_a_promotion_onto_the_ladder():
    newcomer = CompanyFactory(growth_stage="BLUE100")
    GrowthStageChange.objects.create(
        company=newcomer, stage="BLUE100", effective_on=date(2021, 6, 1)
    )
    assert kpis.promoted_by_stage(Y2021)["BLUE100"] == 1
