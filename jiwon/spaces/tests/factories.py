from datetime import date
from decimal import Decimal

import factory

from jiwon.programs.tests.factories import AgencyFactory
from jiwon.spaces.models import Floor, PriceBasis, SiteKind, SpaceSite, Unit, UnitKind


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceSite

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"site-{n}")
    kind = SiteKind.INCUBATOR
    name_ko = factory.Sequence(lambda n: f"창업보육센터 {n}")
    name_en = "Incubation building"


class FloorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Floor

    site = factory.SubFactory(SiteFactory)
    level = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda f: f"{f.level}층")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    floor = factory.SubFactory(FloorFactory)
    code = factory.Sequence(lambda n: f"{n + 101}호")
    kind = UnitKind.PRIVATE_OFFICE
    area_m2 = Decimal("20.00")
    seats = 4
    rent_basis = PriceBasis.UNIT
    rent_rate_won = 300_000
    fee_basis = PriceBasis.AREA
    fee_rate_won = 5_000
    deposit_won = 1_000_000
    opened_on = date(2017, 1, 1)
