from datetime import date

import factory

from jiwon.companies.models import GrowthStageChange
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import (
    Agreement,
    IntellectualProperty,
    Investment,
    Metric,
    Provenance,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.programs.models import Category
from jiwon.programs.tests.factories import ProgramFactory


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportLedgerEntry

    company = factory.SubFactory(CompanyFactory)
    kind = SupportKind.GRANT
    amount_won = 10_000_000
    supported_on = date(2021, 5, 1)


class YearFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearFigure

    company = factory.SubFactory(CompanyFactory)
    year = 2021
    metric = "employees"
    value = 10
    provenance = Provenance.STAFF


def build_2021_records() -> dict:
    """Two programmes, three supported companies (one twice), figures for 2020 and 2021, one
    company without 2020 figures, an investment, patents, an MOU, a move in and a promotion."""
    startup = ProgramFactory(
        fiscal_year=2021,
        title_ko="청년창업 지원",
        category=Category.STARTUP,
        growth_stage="BLUE100",
    )
    marketing = ProgramFactory(fiscal_year=2021, title_ko="토탈마케팅", category=Category.MARKETING)
    hanbit = CompanyFactory(name_ko="한빛전자")
    pureun = CompanyFactory(name_ko="푸른바이오")
    saeron = CompanyFactory(name_ko="새론소프트")
    LedgerEntryFactory(company=hanbit, program=startup, amount_won=3_000_000_000)
    LedgerEntryFactory(company=hanbit, program=marketing, amount_won=300_000_000)
    LedgerEntryFactory(company=pureun, program=marketing, amount_won=2_000_000_000)
    LedgerEntryFactory(
        company=saeron,
        kind=SupportKind.TENANCY,
        amount_won=None,
        supported_on=date(2020, 3, 1),
        period_end=date(2022, 2, 28),
    )
    LedgerEntryFactory(company=saeron, kind=SupportKind.MENTORING, amount_won=None)
    for company, before, after in ((hanbit, 1000, 1070), (pureun, 1000, 1067)):
        YearFigureFactory(company=company, year=2020, value=before)
        YearFigureFactory(company=company, year=2021, value=after)
        YearFigureFactory(
            company=company, metric=Metric.SALES_WON, year=2020, value=100_000_000_000
        )
        YearFigureFactory(
            company=company, metric=Metric.SALES_WON, year=2021, value=114_700_000_000
        )
    YearFigureFactory(company=saeron, year=2021, value=12)
    common = {"provenance": Provenance.STAFF}
    Investment.objects.create(
        company=pureun,
        occurred_on=date(2021, 5, 1),
        amount_won=18_400_000_000,
        investor="안양청년창업펀드",
        round=Investment.Round.SERIES_A,
        **common,
    )
    IntellectualProperty.objects.create(
        company=hanbit, occurred_on=date(2021, 4, 1), kind="patent", number="10-2021-1", **common
    )
    Agreement.objects.create(
        company=hanbit, occurred_on=date(2021, 6, 1), kind="mou", counterparty="안양시", **common
    )
    Relocation.objects.create(
        company=saeron,
        occurred_on=date(2021, 2, 1),
        direction="in",
        other_place="서울특별시 금천구",
        **common,
    )
    GrowthStageChange.objects.create(company=hanbit, stage="BLUE100", effective_on=date(2021, 7, 1))
    return {"hanbit": hanbit, "pureun": pureun, "saeron": saeron, "startup": startup}
