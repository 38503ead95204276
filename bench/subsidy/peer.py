"""The peer of Jiwon's subsidy engine: the definition, day by day, in Decimal.

For every day of [start, end) on which the loan runs (from the day it is made to the day
before it ends), find that day's balance and bank rate from every change dated on or before
it, and add balance × subsidy rate (exact in Decimal); at the end divide the sum by 365 × 100
once and round once. Nothing clever: it is what `jiwon.loans.subsidy.accrue` must equal to the
won, and the tests and the benchmark check exactly that. It reads the engine's plain inputs
(`LoanFacts`, `Terms.rate`), never the engine's sums.
"""

from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

from jiwon.loans.subsidy import LoanFacts

MODES = {"down": ROUND_DOWN, "half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}


def accrue_by_day(facts: LoanFacts, start: date, end: date, rounding: str) -> int:
    """The loan's subsidy over [start, end) in whole won, rounded once as `rounding` says."""
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
    with localcontext() as context:
        context.prec = 60
        return int((total / Decimal(36500)).quantize(Decimal(1), rounding=MODES[rounding]))
