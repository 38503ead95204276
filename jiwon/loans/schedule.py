"""A loan's repayment schedule (상환 스케줄), generated from what the bank reported at execution:
the principal, the day it was made, the term, the grace period, the repayment method and the
bank's rate then. No database here: the pages, the Excel file and the benchmark feed it plain
values, and the same loan always gives the same schedule (the execution facts never change;
later rate changes and prepayments are recorded as events, beside the schedule).

- One instalment a month, on the day the loan was made (a day the month lacks is its last
  day: 31 Jan → 28/29 Feb), the last on the maturity day.
- During the grace period only interest is due.
- Bullet (만기일시상환): the whole principal on the maturity day.
- Equal principal (원금균등분할): after the grace, the principal in equal parts of
  principal ÷ months, each rounded by the schedule's rounding.
- Equal payment (원리금균등분할): after the grace, equal instalments of principal and interest
  (the annuity principal × i ÷ (1 − (1 + i)^−n), i = the bank's rate ÷ 12, n the months after
  the grace, exact, then rounded once); each month's interest is balance × i rounded, and the
  rest of the instalment repays principal.
- The interest shown is the bank's monthly interest at its rate at execution (rate ÷ 12 of the
  balance), rounded per instalment; it is the plan, not the subsidy, which Jiwon computes
  from the daily balances (subsidy.py).
- Rounding is explicit (jiwon.core.money, down to the won by default), and the last instalment
  takes whatever the rounding left, so the principal parts add up to the principal to the won
  and the balance ends at 0.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from jiwon.core.money import Rounding, to_won

BULLET = "bullet"
EQUAL_PRINCIPAL = "equal_principal"
EQUAL_PAYMENT = "equal_payment"
METHODS = (BULLET, EQUAL_PRINCIPAL, EQUAL_PAYMENT)
# 원 미만 절사: the schedule's parts and interest are cut to the won; the last part absorbs it.
SCHEDULE_ROUNDING = Rounding.DOWN


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day (31 Jan + 1
    month = 28 or 29 Feb), as loan terms are counted."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    principal_won: int
    interest_won: int
    # The principal still owed after this instalment.
    balance_won: int

    @property
    def payment_won(self) -> int:
        return self.principal_won + self.interest_won


def annuity(principal: int, monthly_rate: Fraction, months: int) -> Fraction:
    """The equal monthly instalment that repays `principal` over `months` (exact)."""
    if monthly_rate == 0:
        return Fraction(principal, months)
    return principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)


def repayment_schedule(
    *,
    principal_won: int,
    made_on: date,
    term_months: int,
    grace_months: int,
    method: str,
    bank_rate_pct: Decimal,
    rounding: Rounding = SCHEDULE_ROUNDING,
) -> list[Instalment]:
    """The loan's instalments, one a month from the month after it was made to its maturity."""
    if method not in METHODS:
        raise ValueError(f"unknown repayment method {method!r}")
    if principal_won <= 0 or term_months <= 0 or not 0 <= grace_months < term_months:
        raise ValueError("a schedule needs a principal, a term and a grace shorter than it")
    monthly = Fraction(Decimal(bank_rate_pct)) / 1200
    amortising = term_months - grace_months
    part = to_won(Fraction(principal_won, amortising), rounding)
    payment = to_won(annuity(principal_won, monthly, amortising), rounding)
    balance = principal_won
    instalments = []
    for number in range(1, term_months + 1):
        interest = to_won(balance * monthly, rounding)
        if number == term_months:
            repaid = balance
        elif number <= grace_months or method == BULLET:
            repaid = 0
        elif method == EQUAL_PRINCIPAL:
            repaid = min(part, balance)
        else:
            repaid = min(max(payment - interest, 0), balance)
        balance -= repaid
        instalments.append(
            Instalment(number, add_months(made_on, number), repaid, interest, balance)
        )
    return instalments
