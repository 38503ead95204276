"""Money in templates. Amounts are integer won.

`{{ amount|won }}`  → "5,300,000,000원": the exact figure with thousands separators.
`{{ amount|eok }}`  → "53억원" inside <span title="5,300,000,000원">, for large sums.

Rounding rule of `eok` (억 = 100,000,000 won): the amount in 억 is shown with at most one
decimal, rounded half-up (half away from zero) in Decimal arithmetic, and a trailing ".0" is
dropped: 104,999,999 → 1억원, 105,000,000 → 1.1억원, 9,995,000,000 → 100억원,
208,600,000,000 → 2,086억원. Sums under 1억 would read 0.x억 and lose their figure, so they are
shown exactly, as `won` does. There is no 조: 1조 reads 10,000억원, as Korean reports write it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html

register = template.Library()

EOK = 100_000_000
_ONE_DECIMAL = Decimal("0.1")


def _as_int(value) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@register.filter
def won(value) -> str:
    amount = _as_int(value)
    if amount is None:
        return ""
    return f"{amount:,}원"


@register.filter
def eok(value) -> str:
    amount = _as_int(value)
    if amount is None:
        return ""
    if abs(amount) < EOK:
        return won(amount)
    rounded = (Decimal(amount) / EOK).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    whole = rounded.to_integral_value()
    text = f"{int(whole):,}" if rounded == whole else f"{rounded:,.1f}"
    return format_html('<span title="{}">{}억원</span>', won(amount), text)
