"""The figures other apps add to the annual report and the staff dashboard.

Outcomes computes its own figures (selectors/kpis.py). The domain apps above it (loans, startup
spaces, shared equipment, grants...) add theirs without outcomes importing them: each app
registers its figures in its AppConfig.ready(). A figure names its key, its label, how it is
computed for a `Period`, what it counts (a number of things, won, or a percentage), its place
in the report (the headline or a section of the app's own) and, optionally, the drill-down
list of the records behind it and the definition the report's appendix prints:

    from jiwon.outcomes.selectors.contributions import HEADLINE, ReportFigure, ReportSection
    from jiwon.outcomes.selectors.contributions import register_figure

    LOANS = ReportSection("loans", _("Loans"))
    register_figure(ReportFigure("loan_companies", _("Companies with a loan"), loan_companies,
                                 drill=loan_company_list))
    register_figure(ReportFigure("loan_won", _("Loans granted"), loan_won, section=LOANS,
                                 kind="won"))

The report carries a headline figure in its JSON `headline`, among the headline cards of the
HTML/PDF and on the "Headline figures" sheet of the workbook; a figure of another section in a
JSON object under the section's key, in a section of its own in the HTML/PDF (before the
appendix) and on a sheet of its own. The dashboard shows every figure with `on_dashboard` for
the year so far.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.outcomes.selectors.drill import DRILLS, Drill, register_drill
from jiwon.outcomes.selectors.kpis import HEADLINE_KEYS, Period

Label = str | Promise
# int for "count" (a number of things) and "won"; a Decimal or None for "percent" (a share,
# shown with one decimal: 72.5%).
Value = int | Decimal | None
Kind = Literal["count", "won", "percent"]

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
# The report's own top-level keys (JSON) and section ids (HTML): no contributed section takes one.
RESERVED_SECTION_KEYS = frozenset(
    {
        "schema_version",
        "kind",
        "year",
        "language",
        "generated_at",
        "agency",
        "headline",
        "support",
        "growth_ladder",
        "ladder",
        "selection_funnels",
        "outcome_growth",
        "growth",
        "other_outcomes",
        "relocations",
        "city_totals",
        "city",
        "coverage",
        "definitions",
        "appendix",
    }
)


@dataclass(frozen=True)
class ReportSection:
    """A place in the report: the headline, or a section an app adds (`key` names it in the
    JSON and in the HTML; `title` heads it in the HTML/PDF and names its sheet)."""

    key: str
    title: Label


HEADLINE = ReportSection("headline", _("Headline figures"))


@dataclass(frozen=True)
class ReportFigure:
    key: str
    label: Label
    compute: Callable[[Period], Value]
    section: ReportSection = HEADLINE
    kind: Kind = "count"
    drill: Drill | None = None
    definition: Label = ""
    on_dashboard: bool = True


_FIGURES: dict[str, ReportFigure] = {}


def register_figure(figure: ReportFigure) -> ReportFigure:
    """Add `figure` to the report and the dashboard. Registering the same figure again has no
    effect (ready() may run more than once); another figure under a key already taken, or
    under one of outcomes' own keys, is refused."""
    if not _KEY.match(figure.key) or not _KEY.match(figure.section.key):
        raise ValueError(f"{figure.key!r} in {figure.section.key!r}: keys are snake_case")
    if figure.key in HEADLINE_KEYS or figure.key in DRILLS:
        raise ValueError(f"{figure.key!r} is one of outcomes' own figures")
    if figure.section != HEADLINE:
        if figure.section.key in RESERVED_SECTION_KEYS:
            raise ValueError(f"the section key {figure.section.key!r} is the report's own")
        if any(
            f.section.key == figure.section.key and f.section != figure.section
            for f in _FIGURES.values()
        ):
            raise ValueError(f"another section is already called {figure.section.key!r}")
    if figure.key in _FIGURES:
        if _FIGURES[figure.key] != figure:
            raise ValueError(f"another figure is already registered as {figure.key!r}")
        return figure
    if figure.drill is not None:
        register_drill(figure.key, figure.drill)
    _FIGURES[figure.key] = figure
    return figure


def report_figures(section: ReportSection | None = None) -> list[ReportFigure]:
    """The contributed figures (of `section`, when given), in the order they were registered."""
    return [f for f in _FIGURES.values() if section is None or f.section == section]


def report_sections() -> list[ReportSection]:
    """The sections apps added (the headline is not one of them), in the order of their first
    figure."""
    found: list[ReportSection] = []
    for figure in _FIGURES.values():
        if figure.section != HEADLINE and figure.section not in found:
            found.append(figure.section)
    return found


def contributed_values(period: Period, section: ReportSection) -> dict[str, Value]:
    """{key: value} of the contributed figures of `section` for `period`."""
    return {f.key: f.compute(period) for f in report_figures(section)}


def dashboard_figures() -> list[ReportFigure]:
    return [f for f in _FIGURES.values() if f.on_dashboard]
