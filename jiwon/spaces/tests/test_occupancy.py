from datetime import date, timedelta
from decimal import Decimal

import pytest

from jiwon.companies.tests.factories import CompanyFactory
from jiwon.spaces.selectors import free_today, free_units, occupancy, occupied_units_by_day
from jiwon.spaces.services.contracts import contract_cancel, contract_sign
from jiwon.spaces.tests.factories import FloorFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def building(officer):
    floor = FloorFactory()
    big = UnitFactory(floor=floor, area_m2=Decimal("30.00"), seats=6)
    small = UnitFactory(floor=floor, area_m2=Decimal("10.00"), seats=1)
    later = UnitFactory(floor=floor, area_m2=Decimal("10.00"), seats=1, opened_on=date(2025, 1, 1))
    contract_sign(
        actor=officer, company=CompanyFactory(), units=[big],
        start=date(2021, 3, 1), end=date(2023, 3, 1),
    )  # fmt: skip
    contract_sign(
        actor=officer, company=CompanyFactory(), units=[small],
        start=date(2022, 1, 1), end=date(2024, 1, 1),
    )  # fmt: skip
    return floor.site, big, small, later


def test_occupancy_on_a_past_date_counts_units_square_metres_and_seats(building):
    site, big, small, later = building
    report = occupancy(date(2022, 6, 15))
    occ = dict(report.sites)[site]
    # The third unit could not be let before 2025: two lettable units, both taken.
    assert (occ.units, occ.units_taken) == (2, 2)
    assert (occ.area_m2, occ.area_taken_m2, occ.area_pct) == (40, 40, Decimal("100.0"))
    on_end_day = dict(occupancy(date(2023, 3, 1)).sites)[site]
    # A contract ends at 00:00 of its end date: the big unit is free on 2023-03-01.
    assert (on_end_day.units_taken, on_end_day.seats_taken, on_end_day.seats) == (1, 1, 7)
    assert on_end_day.units_pct == Decimal("50.0")
    assert occupancy(date(2026, 1, 1)).overall.units == 3


def test_free_today_from_a_date_and_for_a_period(building):
    site, big, small, later = building
    assert set(free_today(date(2022, 6, 15))) == set()
    assert set(free_units(date(2023, 3, 1))) == {big}
    assert set(free_units(date(2022, 12, 1), date(2023, 3, 1))) == set()
    assert set(free_units(date(2025, 1, 1), date(2025, 2, 1), site=site)) == {big, small, later}


def test_a_cancelled_contract_is_not_occupancy(building, officer):
    site, big, small, later = building
    future = contract_sign(
        actor=officer, company=CompanyFactory(), units=[later], start=date(2027, 1, 1)
    )
    assert dict(occupancy(date(2027, 2, 1)).sites)[site].units_taken == 1
    contract_cancel(actor=officer, contract=future, reason="철회")
    assert dict(occupancy(date(2027, 2, 1)).sites)[site].units_taken == 0


def test_occupied_units_by_day_equals_a_count_on_each_day(building):
    start = date(2021, 2, 27)
    series = occupied_units_by_day(start, date(2024, 1, 3))
    for offset in range(0, (date(2024, 1, 3) - start).days, 17):
        day = start + timedelta(days=offset)
        assert series[day] == occupancy(day).overall.units_taken
    assert series[date(2023, 2, 28)] == 2 and series[date(2023, 3, 1)] == 1
    assert series[date(2024, 1, 1)] == 0
