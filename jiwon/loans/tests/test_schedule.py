"""The repayment schedule generated from the execution report, at the won: bullet, equal
principal and equal payment (원리금균등), with a grace period, month ends, rounding down and
the last instalment taking the remainder so the parts add up to the principal exactly."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiwon.core.money import Rounding
from jiwon.loans.schedule import (
    BULLET,
    EQUAL_PAYMENT,
    EQUAL_PRINCIPAL,
    METHODS,
    add_months,
    repayment_schedule,
)


def schedule(method, principal=100_000_000, term=36, grace=12, rate="4.500", made=None, **kw):
    return repayment_schedule(
        principal_won=principal,
        made_on=made or date(2026, 1, 31),
        term_months=term,
        grace_months=grace,
        method=method,
        bank_rate_pct=Decimal(rate),
        **kw,
    )


def test_it_splits_equal_principal_after_the_grace_and_the_last_part_takes_the_remainder():
    rows = schedule(EQUAL_PRINCIPAL)
    assert len(rows) == 36
    assert [r.principal_won for r in rows[:12]] == [0] * 12  # grace: interest only
    # 100,000,000 / 24 = 4,166,666.67 → 4,166,666 a month; the 24th takes 4,166,682.
    assert {r.principal_won for r in rows[12:35]} == {4_166_666}
    assert rows[35].principal_won == 100_000_000 - 23 * 4_166_666 == 4_166_682
    assert sum(r.principal_won for r in rows) == 100_000_000
    assert rows[35].balance_won == 0
    # Interest: 100,000,000 × 4.5% / 12 = 375,000 during the grace; then on the balance.
    assert rows[0].interest_won == 375_000
    assert rows[12].interest_won == 375_000 and rows[12].balance_won == 95_833_334
    assert rows[13].interest_won == 359_375  # 95,833,334 × 0.375% = 359,375.0025


def test_it_pays_equal_instalments_of_principal_and_interest():
    rows = schedule(EQUAL_PAYMENT, principal=10_000_000, term=12, grace=0, rate="6.000")
    # 10,000,000 × 0.5% / (1 − 1.005^−12) = 860,664.297… → 860,664 a month.
    assert [r.payment_won for r in rows[:11]] == [860_664] * 11
    assert [(r.principal_won, r.interest_won) for r in rows[:2]] == [
        (810_664, 50_000),
        (814_718, 45_946),
    ]
    assert (rows[11].principal_won, rows[11].interest_won, rows[11].payment_won) == (
        856_381,
        4_281,
        860_662,
    )
    assert sum(r.principal_won for r in rows) == 10_000_000
    assert sum(r.interest_won for r in rows) == 327_966


def test_it_repays_a_bullet_loan_on_the_maturity_day():
    rows = schedule(BULLET, grace=0)
    assert [r.principal_won for r in rows[:35]] == [0] * 35
    assert rows[35].principal_won == 100_000_000
    assert rows[35].due_on == date(2029, 1, 31)
    assert {r.interest_won for r in rows} == {375_000}


def test_it_falls_due_on_the_days_the_months_have():
    rows = schedule(EQUAL_PRINCIPAL, made=date(2027, 1, 31), term=14, grace=0)
    assert [r.due_on for r in rows[:4]] == [
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]
    assert rows[12].due_on == date(2028, 2, 29)  # a leap year
    assert rows[-1].due_on == add_months(date(2027, 1, 31), 14) == date(2028, 3, 31)


def test_it_repays_equal_parts_without_interest_at_a_zero_rate_and_rounds_as_told():
    rows = schedule(EQUAL_PAYMENT, principal=1_000, term=3, grace=0, rate="0")
    assert [r.principal_won for r in rows] == [333, 333, 334]
    up = schedule(EQUAL_PRINCIPAL, principal=1_000, term=3, grace=0, rounding=Rounding.HALF_UP)
    assert [r.principal_won for r in up] == [333, 333, 334]
    tiny = schedule(EQUAL_PRINCIPAL, principal=17, term=24, grace=0, rounding=Rounding.HALF_UP)
    assert sum(r.principal_won for r in tiny) == 17 and min(r.balance_won for r in tiny) == 0


def test_it_refuses_what_is_not_a_schedule():
    with pytest.raises(ValueError):
        schedule("monthly")
    with pytest.raises(ValueError):
        schedule(BULLET, grace=36)


@settings(max_examples=80, deadline=None)
@given(
    principal=st.integers(min_value=1, max_value=1_000_000_000_000),
    term=st.integers(min_value=1, max_value=120),
    grace=st.integers(min_value=0, max_value=119),
    rate=st.decimals(min_value=Decimal("0"), max_value=Decimal("30"), places=3),
    method=st.sampled_from(METHODS),
    rounding=st.sampled_from([Rounding.DOWN, Rounding.HALF_UP, Rounding.HALF_EVEN]),
)
def test_it_always_repays_the_principal_to_the_won(principal, term, grace, rate, method, rounding):
    grace = grace % term
    rows = repayment_schedule(
        principal_won=principal,
        made_on=date(2026, 3, 31),
        term_months=term,
        grace_months=grace,
        method=method,
        bank_rate_pct=rate,
        rounding=rounding,
    )
    assert len(rows) == term
    assert sum(r.principal_won for r in rows) == principal
    assert all(r.principal_won >= 0 and r.interest_won >= 0 for r in rows)
    assert rows[-1].balance_won == 0
    assert all(a.balance_won >= b.balance_won for a, b in zip(rows, rows[1:], strict=False))
