"""The staff dashboard: the registry at a glance and this year's figures so far, by the annual
report's definitions, with the figures other apps contribute (selectors/contributions.py)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company, CompanyKind, GrowthStage
from jiwon.outcomes.selectors.contributions import Kind, Value, dashboard_figures
from jiwon.outcomes.selectors.kpis import Period, headline

# Outcomes' own figures on the dashboard, in order; growth needs the full year, so it is left out.
OWN_FIGURES: tuple[tuple[str, Promise, Kind], ...] = (
    ("supported_companies", _("Supported companies"), "count"),
    ("programs", _("Programmes used"), "count"),
    ("support_won", _("Support"), "won"),
    ("tenant_companies", _("Tenant companies"), "count"),
    ("investment_won", _("Investment attracted"), "won"),
    ("ip_count", _("Patents and certifications"), "count"),
    ("mou_count", _("MOUs"), "count"),
    ("moved_in", _("Companies moved in"), "count"),
)


@dataclass(frozen=True)
class DashboardFigure:
    """One figure of the year so far; `drill` says whether it links to its records."""

    key: str
    label: str | Promise
    value: Value
    kind: Kind
    drill: bool


@dataclass(frozen=True)
class YearSoFar:
    year: int
    until: date
    figures: list[DashboardFigure]


def year_so_far(today: date) -> YearSoFar:
    period = Period.year_to_date(today)
    own = headline(period, with_growth=False)
    figures = [
        DashboardFigure(key, label, own[key], kind, drill=True) for key, label, kind in OWN_FIGURES
    ]
    figures += [
        DashboardFigure(f.key, f.label, f.compute(period), f.kind, f.drill is not None)
        for f in dashboard_figures()
    ]
    return YearSoFar(year=today.year, until=today, figures=figures)


@dataclass(frozen=True)
class StageCount:
    code: str
    label: str | Promise
    companies: int


def staff_dashboard() -> dict[str, Any]:
    totals = Company.objects.aggregate(
        companies=Count("id", filter=Q(kind=CompanyKind.COMPANY)),
        prefounders=Count("id", filter=Q(kind=CompanyKind.PREFOUNDER)),
        local=Count("id", filter=Q(is_local=True, kind=CompanyKind.COMPANY)),
    )
    counts = dict(
        Company.objects.exclude(growth_stage="")
        .values_list("growth_stage")
        .annotate(n=Count("id"))
        .values_list("growth_stage", "n")
    )
    # By name, in the ladder's order: the codes ("UNICORN") are not words.
    by_stage = [
        StageCount(stage.value, stage.label, counts[stage.value])
        for stage in GrowthStage
        if stage.value in counts
    ]
    return {
        "totals": totals,
        "by_stage": by_stage,
        "this_year": year_so_far(timezone.localdate()),
    }
