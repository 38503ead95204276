"""What the eligibility engines read from an app above programs, which programs may not import.

Yearly sales (the "three_year_average" sales criterion) are reported in the outcomes app. It
registers where they come from when Django starts (OutcomesConfig.ready()). Reading them with no
source registered fails loudly: quietly finding no reported year would make every three-year
average fall back to last year's sales, and the counts would look plausible and be wrong.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from jiwon.companies.models import Company


class ReportedSales(NamedTuple):
    company_id: int
    year: int  # calendar year
    won: int


class SalesSource(Protocol):
    def __call__(
        self, companies: QuerySet[Company], years: Collection[int] | None
    ) -> Iterable[tuple[int, int, int]]:
        """(company id, year, won) of the yearly sales reported for `companies` in `years`
        (every year reported when None), in one query."""
        ...


_sales_source: list[SalesSource] = []


def register_sales_source(source: SalesSource) -> None:
    _sales_source[:] = [source]


def reported_sales(
    companies: QuerySet[Company], years: Collection[int] | None = None
) -> list[ReportedSales]:
    """The yearly sales reported for `companies` (in `years`, or every year), through the
    registered source."""
    if not _sales_source:
        raise ImproperlyConfigured(
            "no source of yearly sales is registered for the eligibility rules: is "
            "jiwon.outcomes in INSTALLED_APPS?"
        )
    return [ReportedSales(*row) for row in _sales_source[0](companies, years)]
