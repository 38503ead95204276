from datetime import date

import factory

from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import Provenance, SupportLedgerEntry, YearFigure


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
