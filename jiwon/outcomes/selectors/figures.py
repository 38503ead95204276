"""Reads of yearly company figures and outcome records."""

from dataclasses import dataclass
from typing import Any

from jiwon.companies.access import is_member
from jiwon.companies.models import Company
from jiwon.core.permissions import has_perm
from jiwon.outcomes.models import RECORD_MODELS, Metric, OutcomeRecord, YearFigure
from jiwon.outcomes.selectors.ledger import ledger_for_company


@dataclass(frozen=True)
class FigureRow:
    year: int
    # (metric, its figure or None when not reported), in the order of `Metric`.
    cells: list[tuple[str, YearFigure | None]]


def figures_table(company: Company) -> dict[str, Any]:
    """The company's figures as rows of years (newest first) × columns of metrics."""
    by_year: dict[int, dict[str, YearFigure]] = {}
    for figure in YearFigure.objects.filter(company=company).select_related("entered_by"):
        by_year.setdefault(figure.year, {})[figure.metric] = figure
    metrics = list(Metric)
    return {
        "metrics": [(m.value, m.label) for m in metrics],
        "rows": [
            FigureRow(year, [(m.value, by_year[year].get(m.value)) for m in metrics])
            for year in sorted(by_year, reverse=True)
        ],
    }


@dataclass(frozen=True)
class RecordSection:
    """The records of one kind (`slug`, a key of RECORD_MODELS) of a company."""

    slug: str
    model: type[OutcomeRecord]
    rows: list[OutcomeRecord]

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def one(self) -> str:
        return str(self.model._meta.verbose_name)


def outcome_records(company: Company) -> list[RecordSection]:
    return [
        RecordSection(
            slug,
            model,
            list(model._default_manager.filter(company=company).select_related("entered_by")),
        )
        for slug, model in RECORD_MODELS.items()
    ]


def can_view_outcomes(user: Any, company: Company) -> bool:
    """Staff readers see every company's outcomes; company members see their own company's."""
    return has_perm(user, "outcomes.view_all") or (
        has_perm(user, "portal.enter") and is_member(user, company)
    )


def company_outcomes_for(*, user: Any, company: Company) -> dict[str, Any] | None:
    """What the company page shows of the ledger and the figures, or None if `user` may not
    see them."""
    if not can_view_outcomes(user, company):
        return None
    return {
        "ledger": ledger_for_company(company),
        "figures": figures_table(company),
        "is_staff_reader": has_perm(user, "outcomes.view_all"),
    }
