"""Phrases the explanations of several predicate kinds share, in the active language."""

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext


def duration(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    if rest:
        parts.append(ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest})
    return " ".join(parts) if parts else gettext("less than a month")


def won(amount: int) -> str:
    return gettext("%(amount)s won") % {"amount": number_format(amount, force_grouping=True)}


def listed(items: Iterable[Any]) -> str:
    return ", ".join(str(i) for i in items)


def bounds(
    low: int | None,
    high: int | None,
    low_text: str,
    high_text: str,
    both_text: str,
    shown: Callable[[int], str] = str,
    **extra: Any,
) -> str:
    """The text of a range with an optional minimum and maximum (at least one is set)."""
    if low is not None and high is not None:
        return both_text % {"min": shown(low), "max": shown(high), **extra}
    if low is not None:
        return low_text % {"min": shown(low), **extra}
    if high is not None:
        return high_text % {"max": shown(high), **extra}
    raise ValueError("a range needs a minimum or a maximum")
