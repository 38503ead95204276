"""How report figures read: counts with separators, money as the articles write it (53억원,
2,086억원: jiwon.core.templatetags.money.eok, exact figure on hover), growth as +6.8%, a share
as 72.5%."""

from decimal import Decimal

from django.utils.html import strip_tags

from jiwon.core.templatetags.money import eok


def count_text(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def eok_text(amount: int) -> str:
    """The 억원 figure without its hover markup, for charts and spreadsheets."""
    return strip_tags(eok(amount))


def pct_text(pct: Decimal | None) -> str:
    if pct is None:
        return "—"
    return f"{pct:+.1f}%"


def percent_text(pct: Decimal | None) -> str:
    return "—" if pct is None else f"{pct:.1f}%"
