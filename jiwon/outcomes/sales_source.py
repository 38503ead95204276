"""Where the eligibility rules of programs read yearly sales from: the yearly figures
(registered in OutcomesConfig.ready(), see jiwon.programs.eligibility.sources)."""

from collections.abc import Collection, Iterable

from django.db.models import QuerySet

from jiwon.companies.models import Company
from jiwon.outcomes.models import Metric, YearFigure


def reported_sales(
    companies: QuerySet[Company], years: Collection[int] | None
) -> Iterable[tuple[int, int, int]]:
    figures = YearFigure.objects.filter(metric=Metric.SALES_WON, company__in=companies)
    if years is not None:
        figures = figures.filter(year__in=list(years))
    return figures.values_list("company_id", "year", "value")
