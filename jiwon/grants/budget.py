"""The rules a budget version must follow (the programme's grant terms), checked by the
services before anything is saved. Messages say which limit and by how much."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiwon.grants.models import (
    GRANT_SOURCES,
    MAX_WON,
    OWN_SOURCES,
    ExpenseCategory,
    FundSource,
    GrantTerms,
)

Key = tuple[str, str]


def won(amount: int) -> str:
    return f"{amount:,}"


def budget_problems(lines: Mapping[Key, int], terms: GrantTerms) -> list[str]:
    """What is wrong with a budget of {(category, source): won} under `terms` (empty: nothing)."""
    problems: list[str] = []
    allowed = terms.allowed_categories()
    for (category, source), amount in lines.items():
        if category not in ExpenseCategory.values or source not in FundSource.values:
            problems.append(_("Unknown budget line %(c)s / %(s)s.") % {"c": category, "s": source})
            continue
        if category not in allowed:
            problems.append(
                _("The programme does not allow the category %(c)s.")
                % {"c": ExpenseCategory(category).label}
            )
        if not isinstance(amount, int) or amount < 0 or amount > MAX_WON:
            problems.append(_("Budget amounts are whole won from 0 to 1조."))
    if problems:
        return problems
    grant = sum(a for (_c, s), a in lines.items() if s in GRANT_SOURCES)
    own = sum(a for (_c, s), a in lines.items() if s in OWN_SOURCES)
    if grant <= 0:
        problems.append(
            _("The budget needs a grant: put an amount on a city, province or national line.")
        )
        return problems
    for category in allowed:
        cap = terms.category_caps.get(category)
        if cap is None:
            continue
        in_category = sum(a for (c, s), a in lines.items() if c == category and s in GRANT_SOURCES)
        # in_category / grant ≤ cap / 100, in integers.
        if in_category * 100 > cap * grant:
            limit = cap * grant // 100
            problems.append(
                _(
                    "%(c)s may take at most %(cap)d%% of the grant (%(limit)s won): the budget "
                    "puts %(amount)s won on it, %(over)s won too much."
                )
                % {
                    "c": ExpenseCategory(category).label,
                    "cap": cap,
                    "limit": won(limit),
                    "amount": won(in_category),
                    "over": won(in_category - limit),
                }
            )
    minimum = terms.own_share_min_pct
    # own / (grant + own) ≥ minimum / 100, in integers.
    if minimum and own * 100 < minimum * (grant + own):
        problems.append(
            _(
                "The programme requires an own contribution of at least %(pct)d%% of the project "
                "cost; the budget has %(own)s won of %(total)s won."
            )
            % {"pct": minimum, "own": won(own), "total": won(grant + own)}
        )
    return problems


def check_budget(lines: Mapping[Key, int], terms: GrantTerms) -> None:
    problems = budget_problems(lines, terms)
    if problems:
        raise ValidationError(problems)


def totals(lines: Mapping[Key, int]) -> dict[str, int]:
    return {
        "grant_won": sum(a for (_c, s), a in lines.items() if s in GRANT_SOURCES),
        "own_cash_won": sum(a for (_c, s), a in lines.items() if s == FundSource.OWN_CASH),
        "own_in_kind_won": sum(a for (_c, s), a in lines.items() if s == FundSource.OWN_IN_KIND),
    }
