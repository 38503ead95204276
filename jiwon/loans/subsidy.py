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
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

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
    return money.to_won(Fraction(units, DIVISOR), money.Rounding(rounding))


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


def segments(facts: LoanFacts) -> Iterable[tuple[date, date, int, Decimal]]:
    """(from, to, balance, bank rate) over the life of the loan, half-open and in order."""
    balance, rate, since = facts.principal, facts.bank_rate, facts.made_on
    for change in sorted(facts.changes, key=lambda c: c.on):
        day = max(change.on, facts.made_on)
        if day >= facts.ends_on:
            break
        if day > since:
            yield since, day, balance, rate
            since = day
        balance -= change.repaid
        if change.rate is not None:
            rate = change.rate
    if since < facts.ends_on:
        yield since, facts.ends_on, balance, rate


def accrue(facts: LoanFacts, start: date, end: date) -> Accrual:
    """What the loan earns over [start, end): a sum over its constant stretches."""
    subsidy = interest = days = 0
    for a, b, balance, rate in segments(facts):
        lo, hi = max(a, start), min(b, end)
        if lo >= hi or balance <= 0:
            continue
        n = (hi - lo).days
        days += n
        subsidy += balance * milli(facts.terms.rate(rate)) * n
        interest += balance * milli(rate) * n
    return Accrual(subsidy, interest, days)


def accrue_by_day(facts: LoanFacts, start: date, end: date, rounding: str) -> int:
    """The definition, day by day with Decimal: the reference the tests and the benchmark
    check `accrue` against. Each day adds balance × rate (exact in Decimal); the sum is divided
    by 365 × 100 once and rounded once."""
    from datetime import timedelta

    changes = sorted(facts.changes, key=lambda c: c.on)
    total = Decimal(0)
    day = max(start, facts.made_on)
    stop = min(end, facts.ends_on)
    while day < stop:
        balance, rate = facts.principal, facts.bank_rate
        for change in changes:
            if change.on <= day:
                balance -= change.repaid
                if change.rate is not None:
                    rate = change.rate
        if balance > 0:
            total += Decimal(balance) * facts.terms.rate(rate)
        day += timedelta(days=1)
    mode = {"down": ROUND_DOWN, "half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}[rounding]
    with localcontext() as context:
        context.prec = 60
        return int((total / Decimal(36500)).quantize(Decimal(1), rounding=mode))
