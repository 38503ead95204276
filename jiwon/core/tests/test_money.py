from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiwon.core.money import Rounding, ignore_under, share, split, to_won

R = Rounding


@pytest.mark.parametrize(
    ("amount", "rounding", "expected"),
    [
        (Decimal("2.5"), R.HALF_UP, 3),
        (Decimal("-2.5"), R.HALF_UP, -3),
        (Decimal("2.5"), R.HALF_EVEN, 2),
        (Decimal("3.5"), R.HALF_EVEN, 4),
        (Decimal("2.4999999999999999999999"), R.HALF_UP, 2),
        (Decimal("2.9"), R.DOWN, 2),
        (Decimal("-2.9"), R.DOWN, -2),
        (Decimal("-2.1"), R.FLOOR, -3),
        (Decimal("2.1"), R.CEILING, 3),
        (Fraction(1, 3), R.CEILING, 1),
        (Fraction(10, 1), R.CEILING, 10),
        (7, R.DOWN, 7),
    ],
)
def test_it_rounds_an_exact_amount_to_the_won_as_named(amount, rounding, expected):
    assert to_won(amount, rounding) == expected


def test_it_refuses_floats_and_booleans():
    with pytest.raises(TypeError):
        to_won(2.5, R.HALF_UP)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_won(True, R.HALF_UP)


def test_a_share_is_computed_exactly_and_rounded_once():
    # 1,000,000 × 1/3 = 333,333.33… → 333,333 toward zero, 333,334 up.
    assert share(1_000_000, 1, 3, R.DOWN) == 333_333
    assert share(1_000_000, 1, 3, R.CEILING) == 333_334
    # 1.5%p of 600,000,000 won for 91 of 365 days.
    assert share(600_000_000 * 15, 91, 365 * 1000, R.DOWN) == 2_243_835


def test_a_split_adds_up_to_the_total_to_the_won():
    assert split(100, [1, 1, 1]) == [34, 33, 33]
    assert split(-100, [1, 1, 1]) == [-34, -33, -33]
    assert split(10, [0, 5, 5]) == [0, 5, 5]
    assert split(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError):
        split(1, [0, 0])


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=6).filter(any),
)
def test_every_split_sums_to_its_total_and_each_part_is_within_a_won_of_its_share(total, weights):
    parts = split(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(Fraction(part) - Fraction(total * weight, sum(weights))) < 1


def test_amounts_under_the_threshold_are_not_collected():
    assert ignore_under(9, 10) == 0
    assert ignore_under(-9, 10) == 0
    assert ignore_under(10, 10) == 10
