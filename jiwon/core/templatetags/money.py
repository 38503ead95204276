"""Money in templates, in the active language. Amounts are integer won.

`{{ amount|won }}`  → "5,300,000,000원" (English: "KRW 5,300,000,000"): the exact figure with
                      thousands separators.
`{{ amount|eok }}`  → "53억원" (English: "KRW 5.3 billion") inside
                      <span title="5,300,000,000원">, for large sums.

Rounding rule of `eok` (억 = 100,000,000 won): the amount in 억 is shown with at most one
decimal, rounded half-up (half away from zero) in Decimal arithmetic, and a trailing ".0" is
dropped: 104,999,999 → 1억원, 105,000,000 → 1.1억원, 9,995,000,000 → 100억원,
208,600,000,000 → 2,086억원. Sums under 1억 would read 0.x억 and lose their figure, so they are
shown exactly, as `won` does. There is no 조: 1조 reads 10,000억원, as Korean reports write it.

English pages round to the same step (0.1억 = 10,000,000 won, half-up) and name it in English
units: from 1 billion won in billions with at most two decimals (5.3 billion, 208.6 billion,
1,000 billion), below that in millions (105,000,000 → 110 million); sums under 1억 exactly.
So both languages always state the same rounded amount.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

EOK = 100_000_000
STEP = EOK // 10  # the rounding step of both languages: 0.1억 = 10 million won
BILLION = 1_000_000_000
_ONE_DECIMAL = Decimal("0.1")


def _as_int(value: Any) -> int | None:
    # A template passes whatever the variable holds: an int, a Decimal, text, None...
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _korean() -> bool:
    return (get_language() or "ko").startswith("ko")


@register.filter
def won(value: Any) -> str:
    amount = _as_int(value)
    if amount is None:
        return ""
    return f"{amount:,}원" if _korean() else f"KRW {amount:,}"


def _in_eok(amount: int) -> str:
    rounded = (Decimal(amount) / EOK).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    whole = rounded.to_integral_value()
    text = f"{int(whole):,}" if rounded == whole else f"{rounded:,.1f}"
    return f"{text}억원"


def _in_english_units(amount: int) -> str:
    steps = (Decimal(amount) / STEP).to_integral_value(rounding=ROUND_HALF_UP)
    if abs(steps * STEP) >= BILLION:
        billions = steps * STEP / BILLION
        text = f"{billions:,.2f}".rstrip("0").rstrip(".")
        return f"KRW {text} billion"
    return f"KRW {int(steps * STEP // 1_000_000):,} million"


@register.filter
def eok(value: Any) -> str:
    amount = _as_int(value)
    if amount is None:
        return ""
    if abs(amount) < EOK:
        return won(amount)
    shown = _in_eok(amount) if _korean() else _in_english_units(amount)
    return format_html('<span title="{}">{}</span>', won(amount), shown)
