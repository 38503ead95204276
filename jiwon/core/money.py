"""Money arithmetic: integer won, never float, every rounding named.

Amounts are `int` won. A computation that produces fractions of a won (interest, a pro-rata
share, a subsidy) keeps them exact (`Decimal` or `Fraction`) until the one place its rule says
to round, and rounds there with a `Rounding` the caller names; nothing here rounds implicitly.

- `to_won(amount, rounding)`: an exact amount to whole won.
- `share(total, part, whole, rounding)`: `total × part / whole`, exactly, then rounded once.
- `split(total, weights)`: `total` divided in proportion to `weights` so that the parts add up
  to `total` to the won (largest remainder; ties to the earlier weight).
- `ignore_under(amount, threshold)`: amounts below a threshold (e.g. "under 10 won is not
  collected") become 0.
"""

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

Exact = int | Decimal | Fraction


class Rounding(StrEnum):
    """How an exact amount becomes whole won. Stored by value in rules and fund data."""

    HALF_UP = "half_up"  # 0.5 away from zero (사사오입)
    DOWN = "down"  # toward zero (절사): the usual rule for subsidies and interest claims
    FLOOR = "floor"  # toward −∞
    CEILING = "ceiling"  # toward +∞ (절상)
    HALF_EVEN = "half_even"  # banker's rounding


def _exact(amount: Exact) -> Fraction:
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal | Fraction):
        raise TypeError(f"money must be int, Decimal or Fraction, not {type(amount).__name__}")
    return Fraction(amount)


def to_won(amount: Exact, rounding: Rounding) -> int:
    """`amount` (exact) in whole won, rounded as `rounding` says."""
    exact = _exact(amount)
    floor = exact.numerator // exact.denominator
    remainder = exact - floor
    if remainder == 0 or rounding is Rounding.FLOOR:
        return floor
    if rounding is Rounding.CEILING:
        return floor + 1
    if rounding is Rounding.DOWN:
        return floor if exact >= 0 else floor + 1
    half = Fraction(1, 2)
    if remainder != half:
        return floor + (1 if remainder > half else 0)
    if rounding is Rounding.HALF_UP:
        return floor + 1 if exact > 0 else floor
    return floor if floor % 2 == 0 else floor + 1


def share(total: int, part: int, whole: int, rounding: Rounding) -> int:
    """`total × part / whole` in whole won, rounded once."""
    if whole == 0:
        raise ZeroDivisionError("a share of a whole of 0")
    return to_won(Fraction(total) * Fraction(part, whole), rounding)


def split(total: int, weights: list[int]) -> list[int]:
    """`total` in parts proportional to `weights` that add up to `total` exactly: each part is
    first rounded toward zero, then the won left over go one each to the largest remainders
    (the earlier weight first on a tie)."""
    if any(w < 0 for w in weights):
        raise ValueError("weights cannot be negative")
    whole = sum(weights)
    if whole == 0:
        if total:
            raise ValueError("cannot split a non-zero total over zero weights")
        return [0] * len(weights)
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    exact = [Fraction(magnitude * w, whole) for w in weights]
    parts = [int(e) for e in exact]
    left = magnitude - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [sign * p for p in parts]


def ignore_under(amount: int, threshold: int) -> int:
    """0 when |amount| is below `threshold` (e.g. 10 won not collected), else `amount`."""
    return 0 if abs(amount) < threshold else amount
