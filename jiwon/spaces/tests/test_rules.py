from datetime import date
from decimal import Decimal

import pytest

from jiwon.spaces.models import PriceBasis
from jiwon.spaces.rules import add_months, billing_date, monthly_price, prorate


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 3, 1), 24, date(2023, 3, 1)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2021, 12, 15), 12, date(2022, 12, 15)),
    ],
)
def test_it_adds_months_clamping_to_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("month", "day", "expected"),
    [
        (date(2026, 2, 1), 31, date(2026, 2, 28)),
        (date(2028, 2, 1), 30, date(2028, 2, 29)),
        (date(2026, 4, 1), 31, date(2026, 4, 30)),
        (date(2026, 5, 1), 31, date(2026, 5, 31)),
        (date(2026, 2, 1), 28, date(2026, 2, 28)),
        (date(2026, 2, 1), 1, date(2026, 2, 1)),
    ],
)
def test_it_clamps_billing_days_29_to_31_to_the_months_end(month, day, expected):
    assert billing_date(month, day) == expected


def test_it_charges_a_full_month_whole_and_prorates_a_partial_one_rounding_down():
    # 10 of 30 days of 100,001 won: 33,333.67 → 33,333 won.
    assert (
        prorate(100_001, month=date(2026, 4, 1), start=date(2026, 4, 21), end=date(2026, 6, 1))
        == 33_333
    )
    assert (
        prorate(100_001, month=date(2026, 5, 1), start=date(2026, 4, 21), end=date(2026, 6, 1))
        == 100_001
    )
    # The contract ends at 00:00 of 2026-02-11: 10 days of February's 28.
    assert (
        prorate(280_000, month=date(2026, 2, 1), start=date(2025, 1, 1), end=date(2026, 2, 11))
        == 100_000
    )
    assert (
        prorate(280_000, month=date(2026, 3, 1), start=date(2025, 1, 1), end=date(2026, 2, 11)) == 0
    )


def test_it_prices_per_square_metre_rounding_down_to_the_won():
    # 17.35 ㎡ × 4,999 won = 86,732.65 → 86,732 won.
    assert monthly_price(PriceBasis.AREA, 4_999, area_m2=Decimal("17.35"), seats=2) == 86_732
    assert monthly_price(PriceBasis.SEAT, 50_000, area_m2=Decimal("17.35"), seats=3) == 150_000
    assert monthly_price(PriceBasis.UNIT, 300_000, area_m2=Decimal("17.35"), seats=3) == 300_000
    assert monthly_price(PriceBasis.FREE, 300_000, area_m2=Decimal("17.35"), seats=3) == 0
