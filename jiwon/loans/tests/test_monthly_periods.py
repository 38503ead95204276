"""Monthly claim periods (a fund round paid monthly): the months' ends, February of a leap
year, a loan made or ended inside a month, a balance change in the middle of one — worked by
hand at the won, checked against the day-by-day peer, and through the claim service."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bench.subsidy.peer import accrue_by_day
from jiwon.core.actor import SYSTEM
from jiwon.loans.models import EventKind, PaymentFrequency, StopReason
from jiwon.loans.services.claims import ClaimLineInput, period_end_of, subsidy_claim_submit
from jiwon.loans.services.loans import loan_event_record, loan_stop
from jiwon.loans.subsidy import Change, LoanFacts, Terms, accrue
from jiwon.loans.tests.factories import executed, fund_round, letter

FLAT = Terms(flat=Decimal("1.500"))
# 100,000,000 won at 1.5%p earn 1,500,000 won a year: 1,500,000 / 365 = 4,109.589… a day.
YEAR_WON = 1_500_000


def facts(made=date(2023, 12, 1), ends=date(2026, 12, 1), changes=()):
    return LoanFacts(
        principal=100_000_000,
        made_on=made,
        ends_on=ends,
        bank_rate=Decimal("4.000"),
        terms=FLAT,
        changes=changes,
    )


def month(year, number):
    end = date(year + number // 12, number % 12 + 1, 1)
    return date(year, number, 1), end


def line(f, period):
    won = accrue(f, *period).subsidy_won("down")
    assert won == accrue_by_day(f, *period, "down")
    return won


@pytest.mark.parametrize(
    ("period", "days", "won"),
    [
        (month(2024, 1), 31, 127_397),  # 1,500,000 × 31 / 365 = 127,397.26…
        (month(2024, 2), 29, 119_178),  # leap year: 29 days, each still 1/365 (119,178.08…)
        (month(2023, 2), 28, 115_068),  # 115,068.49…
        (month(2024, 4), 30, 123_287),  # 123,287.67…
        (month(2024, 12), 31, 127_397),  # December ends on 1 January of the next year
    ],
)
def test_it_counts_every_day_of_the_month_once(period, days, won):
    f = facts(made=date(2022, 12, 1))
    assert accrue(f, *period).days == days
    assert line(f, period) == won


def test_it_adds_the_months_of_a_year_to_the_days_of_the_year_each_line_rounded_once():
    f = facts(made=date(2023, 12, 1))
    lines = [line(f, month(2024, m)) for m in range(1, 13)]
    assert sum(accrue(f, *month(2024, m)).days for m in range(1, 13)) == 366
    year = accrue(f, date(2024, 1, 1), date(2025, 1, 1)).subsidy_won("down")
    assert year == YEAR_WON * 366 // 365 == 1_504_109
    # Twelve lines each rounded down lose less than a won each against the year's one line.
    assert 0 <= year - sum(lines) < 12


def test_it_counts_a_first_month_from_the_day_the_loan_was_made():
    f = facts(made=date(2024, 3, 15))
    assert accrue(f, *month(2024, 3)).days == 17  # 15 – 31 March
    assert line(f, month(2024, 3)) == 69_863  # 1,500,000 × 17 / 365 = 69,863.01…
    assert line(f, month(2024, 2)) == 0


def test_it_counts_a_last_month_up_to_the_day_before_the_loan_ended():
    f = facts(made=date(2024, 1, 1), ends=date(2024, 4, 10))
    assert accrue(f, *month(2024, 4)).days == 9  # 1 – 9 April; the 10th earns nothing
    assert line(f, month(2024, 4)) == 36_986  # 1,500,000 × 9 / 365 = 36,986.30…
    assert line(f, month(2024, 5)) == 0


def test_it_follows_a_balance_change_in_the_middle_of_the_month():
    f = facts(made=date(2024, 1, 1), changes=(Change(on=date(2024, 5, 16), repaid=40_000_000),))
    # 15 days on 100,000,000 and, from the 16th, 16 days on 60,000,000:
    # (1,500,000 × 15 + 900,000 × 16) / 365 = 36,900,000 / 365 = 101,095.89…
    assert line(f, month(2024, 5)) == 101_095


def test_it_follows_a_prepayment_on_29_february():
    f = facts(made=date(2024, 1, 1), changes=(Change(on=date(2024, 2, 29), repaid=50_000_000),))
    # 28 days on 100,000,000 and the leap day on 50,000,000: (42,000,000 + 750,000) / 365.
    assert line(f, month(2024, 2)) == 117_123  # 117,123.28…
    assert line(f, month(2024, 3)) == 63_698  # 750,000 × 31 / 365 = 63,698.63…


@pytest.mark.django_db
def test_it_refuses_a_monthly_period_that_does_not_start_on_the_first():
    fund = fund_round(payment_frequency=PaymentFrequency.MONTHLY)
    assert period_end_of(fund, date(2024, 1, 1)) == date(2024, 2, 1)
    assert period_end_of(fund, date(2024, 2, 1)) == date(2024, 3, 1)
    assert period_end_of(fund, date(2024, 12, 1)) == date(2025, 1, 1)
    with pytest.raises(ValidationError, match="first day of a month"):
        period_end_of(fund, date(2024, 1, 31))


def at(day):
    return f"{day}T10:00:00+09:00"


def test_it_claims_february_2028_of_a_loan_made_and_partly_repaid_in_it(
    db, company, member, time_machine
):
    time_machine.move_to(at("2028-02-10"), tick=False)
    fund = fund_round(year=2028, payment_frequency=PaymentFrequency.MONTHLY)
    loan = executed(letter(fund, company, member, amount=100_000_000), rate="4.000")
    time_machine.move_to(at("2028-02-20"), tick=False)
    loan_event_record(
        actor=SYSTEM, loan=loan, on=date(2028, 2, 20), kind=EventKind.PREPAYMENT,
        amount_won=40_000_000,
    )  # fmt: skip
    time_machine.move_to(at("2028-03-05"), tick=False)
    loan_stop(actor=SYSTEM, loan=loan, on=date(2028, 3, 5), reason=StopReason.DEFAULT)
    time_machine.move_to(at("2028-04-02"), tick=False)

    def claimed(start):
        return subsidy_claim_submit(
            actor=SYSTEM,
            fund=fund,
            bank=loan.bank,
            period_start=start,
            lines=[ClaimLineInput(loan=loan, claimed_won=1, interest_charged_won=10_000_000)],
        ).lines.get()

    # February: 10th – 19th on 100,000,000 (10 days), 20th – 29th on 60,000,000 (10 days):
    # (15,000,000 + 9,000,000) / 365 = 65,753.42…
    assert claimed(date(2028, 2, 1)).computed_won == 65_753
    # March: 1st – 4th on 60,000,000; the default on the 5th ends the subsidy that day.
    assert claimed(date(2028, 3, 1)).computed_won == 9_863  # 3,600,000 / 365 = 9,863.01…
