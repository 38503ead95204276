"""The figures shared equipment adds to the annual report, computed from records."""

from datetime import date

from jiwon.equipment import figures, services
from jiwon.equipment.models import SupportArea
from jiwon.equipment.tests.conftest import at
from jiwon.equipment.tests.factories import KindFactory, ResourceFactory
from jiwon.outcomes.selectors.kpis import Period
from jiwon.outcomes.tests.factories import LedgerEntryFactory
from jiwon.programs.tests.factories import ProgramFactory

WEEK = Period(date(2026, 11, 23), date(2026, 11, 29))


def test_kinds_and_units_count_the_bookable_register(db):
    analyser = KindFactory()
    chamber = KindFactory(code="chamber", name_ko="항온항습챔버")
    ResourceFactory(kind=analyser)
    ResourceFactory(kind=analyser)
    ResourceFactory(kind=chamber)
    ResourceFactory(kind=chamber, active=False)
    ResourceFactory(category="workbench", kind=None, name_ko="개인 작업대 1")
    assert figures.equipment_kinds(WEEK) == 2
    assert figures.equipment_units(WEEK) == 3


def test_utilisation_is_used_hours_over_open_hours(company, member):
    unit = ResourceFactory(max_minutes=540)
    booking = services.booking_create(
        actor=member, resource=unit, company=company,
        start=at("2026-11-23", "09:00"), end=at("2026-11-23", "18:00"), purpose="x",
    )  # fmt: skip
    services.booking_check_in(actor=member, booking=booking, now=at("2026-11-23", "09:00"))
    booking.refresh_from_db()
    services.booking_check_out(
        actor=member, booking=booking, started_at=at("2026-11-23", "09:00"),
        ended_at=at("2026-11-23", "13:30"), person="김", purpose="x",
    )  # fmt: skip
    # Five open days of nine hours = 45 hours; 4.5 used = 10.0%.
    assert str(figures.equipment_utilisation_pct(WEEK)) == "10.0"


def test_small_manufacturers_supported_are_counted_from_the_ledger(db):
    from jiwon.equipment.tests.factories import SiteFactory

    site = SiteFactory()
    voucher, training, other = ProgramFactory(), ProgramFactory(), ProgramFactory()
    for code, program in (("prototype", voucher), ("marketing", voucher), ("training", training)):
        area = SupportArea.objects.create(site=site, code=code, name_ko=code)
        area.programs.add(program)
    SupportArea.objects.create(site=site, code="idle", name_ko="idle")
    first = LedgerEntryFactory(program=voucher, supported_on=date(2021, 3, 1))
    LedgerEntryFactory(program=training, company=first.company, supported_on=date(2021, 4, 1))
    LedgerEntryFactory(program=training, supported_on=date(2021, 5, 1))
    LedgerEntryFactory(program=other, supported_on=date(2021, 5, 1))
    LedgerEntryFactory(program=voucher, supported_on=date(2022, 1, 1))
    year = Period.year(2021)
    assert figures.sogongin_supported(year) == 2
    assert figures.sogongin_support_areas(year) == 3
