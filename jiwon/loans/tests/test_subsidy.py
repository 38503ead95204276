from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.subsidy.peer import accrue_by_day
from jiwon.loans.subsidy import Change, LoanFacts, Terms, accrue, milli

FLAT = Terms(flat=Decimal("1.500"))
# Gyeonggi-style: 0.3%p up to a bank rate of 1.50%, 2.0%p from 7.01% (the rows between are
# whatever staff enter; two are enough to pin the boundaries).
GYEONGGI = Terms(
    bands=(
        (Decimal("0.000"), Decimal("0.300")),
        (Decimal("1.510"), Decimal("0.500")),
        (Decimal("7.010"), Decimal("2.000")),
    )
)


def loan(principal=100_000_000, made=date(2020, 2, 1), ends=date(2023, 2, 1), **kwargs):
    values = {"bank_rate": Decimal("4.000"), "terms": FLAT, "changes": ()}
    values.update(kwargs)
    return LoanFacts(principal=principal, made_on=made, ends_on=ends, **values)


Q1_2020 = (date(2020, 1, 1), date(2020, 4, 1))


def test_it_works_the_quarter_by_hand_with_a_prepayment_and_the_leap_day():
    # 1 Feb – 29 Feb 2020: 29 days on 100,000,000 (29 February counts, at 1/365);
    # 1 Mar – 31 Mar: 31 days on 60,000,000 after the prepayment of 40,000,000 on 1 March.
    # (100,000,000 × 29 + 60,000,000 × 31) × 1.5% / 365 = 71,400,000 / 365 = 195,616.43…
    facts = loan(changes=(Change(on=date(2020, 3, 1), repaid=40_000_000),))
    accrual = accrue(facts, *Q1_2020)
    assert accrual.days == 60
    assert accrual.subsidy_won("down") == 195_616
    assert accrual.subsidy_won("half_up") == 195_616
    # The bank's interest at 4%: 190,400,000 / 365 = 521,643.83…
    assert accrual.interest_won("down") == 521_643
    assert accrue_by_day(facts, *Q1_2020, "down") == 195_616


def test_it_rounds_once_per_line_not_per_day():
    facts = loan(made=date(2021, 3, 1))
    ten_days = (date(2021, 3, 1), date(2021, 3, 11))
    # 100,000,000 × 1.5% / 365 = 4,109.589… a day; ten days are 41,095.89…, not 10 × 4,109.
    assert accrue(facts, *ten_days).subsidy_won("down") == 41_095
    one_day = (date(2021, 3, 1), date(2021, 3, 2))
    assert accrue(facts, *one_day).subsidy_won("down") == 4_109
    assert accrue(facts, *one_day).subsidy_won("half_up") == 4_110


def test_it_counts_half_open_periods_and_stops_on_the_stop_day():
    facts = loan(made=date(2021, 1, 10), ends=date(2021, 1, 20))
    assert accrue(facts, date(2021, 1, 1), date(2021, 4, 1)).days == 10  # 10th – 19th
    assert accrue(facts, date(2021, 1, 20), date(2021, 4, 1)).days == 0
    assert accrue(facts, date(2021, 1, 1), date(2021, 1, 10)).days == 0


def test_it_applies_a_repayment_on_its_own_day():
    facts = loan(made=date(2021, 1, 1), changes=(Change(on=date(2021, 1, 2), repaid=100_000_000),))
    assert accrue(facts, date(2021, 1, 1), date(2021, 2, 1)).days == 1


@pytest.mark.parametrize(
    ("bank_rate", "subsidy"),
    [
        ("1.500", "0.300"),
        ("1.509", "0.300"),
        ("1.510", "0.500"),
        ("7.000", "0.500"),
        ("7.010", "2.000"),
        ("12.000", "2.000"),
        ("0.200", "0.200"),  # never more than the bank charges
    ],
)
def test_it_scales_the_subsidy_with_the_bank_rate_at_the_band_boundaries(bank_rate, subsidy):
    assert GYEONGGI.rate(Decimal(bank_rate)) == Decimal(subsidy)


def test_it_adds_the_preferred_bonus_and_caps_at_the_bank_rate():
    preferred = Terms(flat=Decimal("1.500"), bonus=Decimal("0.500"))
    assert preferred.rate(Decimal("4.000")) == Decimal("2.000")
    assert preferred.rate(Decimal("1.800")) == Decimal("1.800")


def test_it_follows_a_rate_change_in_a_scaled_table():
    facts = loan(
        made=date(2021, 1, 1),
        bank_rate=Decimal("7.010"),
        terms=GYEONGGI,
        changes=(Change(on=date(2021, 1, 11), rate=Decimal("7.000")),),
    )
    # 10 days at 2.0%p and 21 days at 0.5%p on 100,000,000: (2,000,000,000 + 1,050,000,000)/365.
    accrual = accrue(facts, date(2021, 1, 1), date(2021, 2, 1))
    assert accrual.subsidy_won("down") == 3_050_000_000 // 36_500  # 83,561.64… → 83,561
    assert accrual.subsidy_units == 100_000_000 * (2000 * 10 + 500 * 21)


def test_it_refuses_a_rate_with_more_than_three_decimals():
    with pytest.raises(ValueError):
        milli(Decimal("1.5005"))


days = st.integers(min_value=0, max_value=500)
rates = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("9"), places=3)


@settings(max_examples=60, deadline=None)
@given(
    principal=st.integers(min_value=1, max_value=800_000_000),
    made=st.dates(min_value=date(2019, 1, 1), max_value=date(2021, 12, 31)),
    life=st.integers(min_value=1, max_value=900),
    rate=rates,
    scaled=st.booleans(),
    changes=st.lists(
        st.tuples(days, st.integers(min_value=0, max_value=50_000_000), st.none() | rates),
        max_size=6,
    ),
    start=days,
    length=st.integers(min_value=1, max_value=120),
    rounding=st.sampled_from(["down", "half_up", "half_even"]),
)
def test_it_agrees_with_the_day_by_day_reference(
    principal, made, life, rate, scaled, changes, start, length, rounding
):
    facts = LoanFacts(
        principal=principal,
        made_on=made,
        ends_on=made + timedelta(days=life),
        bank_rate=rate,
        terms=GYEONGGI if scaled else FLAT,
        changes=tuple(
            Change(on=made + timedelta(days=d), repaid=min(r, principal // 7), rate=new)
            for d, r, new in changes
        ),
    )
    period = (made + timedelta(days=start - 100), made + timedelta(days=start - 100 + length))
    expected = accrue_by_day(facts, *period, rounding)
    assert accrue(facts, *period).subsidy_won(rounding) == expected
