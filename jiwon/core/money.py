"""Money arithmetic: integer won, never float, every rounding named.

Amounts are `int` won. A computation that produces fractions of a won (interest, a pro-rata
share, a subsidy) keeps them exact (`Decimal` or `Fraction`) until the one place its rule says
to round, and rounds there with a `Rounding` the caller names; nothing here rounds implicitly.

- `to_won(amount, rounding)`: an exact amount to whole won (`divide(n, d, rounding)` for a
  quotient of integers, without building a Fraction).
- `share(total, part, whole, rounding)`: `total × part / whole`, exactly, then rounded once.
- `split(total, weights)`: `total` divided in proportion to `weights` so that the parts add up
  to `total` to the won (largest remainder; ties to the earlier weight).
- `ignore_under(amount, threshold)`: amounts below a threshold (e.g. "under 10 won is not
  collected") become 0.
"""

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Exact = int | Decimal | Fraction


class Rounding(StrEnum):
    """How an exact amount becomes whole won. Stored by value in rules and fund data."""

    HALF_UP = "half_up"  # 0.5 away from zero (사사오입)
    DOWN = "down"  # toward zero (절사): the usual rule for subsidies and interest claims
    FLOOR = "floor"  # toward −∞
    CEILING = "ceiling"  # toward +∞ (절상)
    HALF_EVEN = "half_even"  # banker's rounding

    @property
    def label(self) -> Promise:
        """What the mode is called on forms and pages."""
        return ROUNDING_LABELS[self]


ROUNDING_LABELS: dict[Rounding, Promise] = {
    Rounding.HALF_UP: _("Half up to the won (사사오입)"),
    Rounding.DOWN: _("Down to the won (원 미만 절사)"),
    Rounding.FLOOR: _("Down toward minus infinity"),
    Rounding.CEILING: _("Up to the next won (절상)"),
    Rounding.HALF_EVEN: _("Half to even (banker's rounding)"),
}


def rounding_choices(*modes: Rounding) -> list[tuple[str, Promise]]:
    """(value, label) of `modes`, for a model field or a form offering only those."""
    return [(mode.value, mode.label) for mode in modes]


def _exact(amount: Exact) -> Fraction:
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal | Fraction):
        raise TypeError(f"money must be int, Decimal or Fraction, not {type(amount).__name__}")
    return Fraction(amount)


def to_won(amount: Exact, rounding: Rounding) -> int:
    """`amount` (exact) in whole won, rounded as `rounding` says."""
    exact = _exact(amount)
    return divide(exact.numerator, exact.denominator, rounding)


def divide(numerator: int, denominator: int, rounding: Rounding) -> int:
    """`numerator / denominator` in whole won, rounded as `rounding` says, in integers only
    (the fast path of `to_won` for sums kept in integer units, e.g. won × 0.001 %p per day)."""
    if denominator <= 0:
        raise ZeroDivisionError("divide by a positive denominator")
    floor, remainder = divmod(numerator, denominator)
    if remainder == 0 or rounding is Rounding.FLOOR:
        return floor
    if rounding is Rounding.CEILING:
        return floor + 1
    if rounding is Rounding.DOWN:
        return floor if numerator >= 0 else floor + 1
    twice = 2 * remainder
    if twice != denominator:
        return floor + (1 if twice > denominator else 0)
    if rounding is Rounding.HALF_UP:
        return floor + 1 if numerator > 0 else floor
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
