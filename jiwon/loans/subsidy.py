"""The interest subsidy (이차보전) of one loan over one period, and the rates behind it.

No database here: the services and the benchmark feed it plain values.

- The subsidy rate on a day follows the loan's terms: a flat rate, or a band of a table that
  scales with the bank's rate (the band with the largest "from" rate at or below the bank's
  rate; below the first band, nothing), plus the bonus of a preferred company; never more than
  the bank's rate itself.
- Periods are half-open, [start, end): the first day accrues, the last does not. A loan
  accrues from the day it is made to the day before its stop day (full repayment, default,
  closure, relocation, termination or maturity); a balance or rate change on day D applies to
  D itself.
- Actual/365: each day earns balance × rate / 365, leap day included (29 February is one more
  day, still 1/365 of a year).
- A line (one loan, one period) is summed exactly in integer units of won × 0.001 %p per day
  and rounded once, to whole won, by the fund round's rounding mode: down (원 미만 절사) or
  half up (사사오입). Nothing is rounded per day.

`accrue` sums the loan's constant stretches (balance and rate unchanged); the definition, day
by day in Decimal, is the peer of bench/subsidy (`bench/subsidy/peer.py`), which the tests and
the benchmark check it against to the won.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jiwon.core import money

# A rate of r % for one day on b won is b × (1000 r) / DIVISOR won.
DIVISOR = 365 * 100 * 1000
_MILLI = Decimal(1000)


def milli(rate: Decimal) -> int:
    """A rate in percent as an integer count of 0.001 %: 1.5 → 1500. More decimals are an
    error, not rounded away."""
    scaled = Decimal(rate) * _MILLI
    if scaled != scaled.to_integral_value():
        raise ValueError(f"rate {rate} has more than three decimals")
    return int(scaled)


def to_won(units: int, rounding: str) -> int:
    """Whole won of `units` (won × DIVISOR), rounded once as `rounding` (a core.money
    Rounding value: "down", "half_up", ...) says."""
    if units < 0:
        raise ValueError("a subsidy is never negative")
    return money.divide(units, DIVISOR, money.Rounding(rounding))


@dataclass(frozen=True)
class Terms:
    """A loan's subsidy terms: `flat` (percent points) or `bands` ((from bank rate, subsidy)
    in ascending order), and the preferred company's `bonus`."""

    flat: Decimal | None = None
    bands: tuple[tuple[Decimal, Decimal], ...] = ()
    bonus: Decimal = Decimal(0)

    @classmethod
    def from_json(cls, data: dict) -> "Terms":
        flat = data.get("flat")
        return cls(
            flat=Decimal(flat) if flat is not None else None,
            bands=tuple((Decimal(a), Decimal(b)) for a, b in data.get("bands", ())),
            bonus=Decimal(data.get("bonus", "0")),
        )

    def to_json(self) -> dict:
        data: dict = {"bonus": str(self.bonus)}
        if self.flat is not None:
            data["flat"] = str(self.flat)
        else:
            data["bands"] = [[str(a), str(b)] for a, b in self.bands]
        return data

    def rate(self, bank_rate: Decimal) -> Decimal:
        """The subsidy in percent points when the bank charges `bank_rate` percent."""
        if self.flat is not None:
            base = self.flat
        else:
            base = Decimal(0)
            for start, subsidy in self.bands:
                if start <= bank_rate:
                    base = subsidy
                else:
                    break
        return min(base + self.bonus, bank_rate)


@dataclass(frozen=True)
class Change:
    """From day `on`: `repaid` won less outstanding, or the bank's rate becomes `rate`."""

    on: date
    repaid: int = 0
    rate: Decimal | None = None


@dataclass(frozen=True)
class LoanFacts:
    principal: int
    made_on: date
    # The first day that earns nothing: the stop day or the maturity, whichever is first.
    ends_on: date
    bank_rate: Decimal
    terms: Terms
    changes: Sequence[Change] = ()


@dataclass(frozen=True)
class Accrual:
    """Exact sums over a period, in won × DIVISOR."""

    subsidy_units: int
    interest_units: int
    days: int

    def subsidy_won(self, rounding: str) -> int:
        return to_won(self.subsidy_units, rounding)

    def interest_won(self, rounding: str) -> int:
        return to_won(self.interest_units, rounding)


@functools.lru_cache(maxsize=4096)
def _daily_units(terms: Terms, bank_rate: Decimal) -> tuple[int, int]:
    """(subsidy, interest) per won and day at `bank_rate`, in 0.001 %: the same few terms and
    rates recur across thousands of loans, so they are worked out once each."""
    return milli(terms.rate(bank_rate)), milli(bank_rate)


def _day(change: Change) -> date:
    return change.on


def accrue(facts: LoanFacts, start: date, end: date) -> Accrual:
    """What the loan earns over [start, end): a sum over its constant stretches — the days
    between one change of balance or rate and the next, from the day the loan was made to the
    day before it ends — each stretch cut to the period and worth balance × rate × its days."""
    totals = [0, 0, 0]  # subsidy units, interest units, days
    stop = min(facts.ends_on, end)
    terms, made = facts.terms, facts.made_on
    balance, rate, since = facts.principal, facts.bank_rate, made

    def add(upto: date) -> None:
        lo = since if since > start else start
        if upto > lo and balance > 0:
            n = (upto - lo).days
            per_subsidy, per_interest = _daily_units(terms, rate)
            totals[0] += balance * per_subsidy * n
            totals[1] += balance * per_interest * n
            totals[2] += n

    for change in sorted(facts.changes, key=_day):
        day = change.on if change.on > made else made
        if day >= stop:
            break  # the changes come in order: none after this one reaches the period
        if day > since:
            add(day)
            since = day
        balance -= change.repaid
        if change.rate is not None:
            rate = change.rate
    if since < stop:
        add(stop)
    return Accrual(totals[0], totals[1], totals[2])
