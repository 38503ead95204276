"""The KPI definitions behind the annual report and the staff dashboard.

Every KPI is a function of a `Period` (a calendar year, or a year up to a day) and has a twin
that returns the records it counts, so each figure can be traced back to its rows. The written
definitions (README "## KPIs" and the report's appendix) describe exactly these functions.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from jiwon.companies.models import Company, CompanyKind, GrowthStage, GrowthStageChange
from jiwon.companies.selectors import with_stage_on
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Metric,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.outcomes.selectors.ledger import standing_entries

_ONE_DECIMAL = Decimal("0.1")
LADDER = list(GrowthStage.values)  # lowest rung first


@dataclass(frozen=True)
class Period:
    """Both ends included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def year_to_date(cls, today: date) -> "Period":
        return cls(date(today.year, 1, 1), today)

    @property
    def year_number(self) -> int:
        return self.start.year


# --- support ledger -------------------------------------------------------------------------


def ledger_rows(period: Period) -> QuerySet[SupportLedgerEntry]:
    """Every ledger row dated in the period, corrections included: the rows money is summed
    over. A correction carries the date of the row it corrects (services/ledger.py), so it nets
    out in that row's year."""
    return SupportLedgerEntry.objects.filter(supported_on__range=(period.start, period.end))


def years_with_data() -> list[int]:
    """Years whose support is recorded in the ledger, newest first: the report of any other
    year has nothing to count (every figure would read 0)."""
    return sorted(
        {d.year for d in SupportLedgerEntry.objects.dates("supported_on", "year")}, reverse=True
    )


def standing_rows(period: Period) -> QuerySet[SupportLedgerEntry]:
    """The supports counted: rows dated in the period that are not corrections and were not
    cancelled or replaced (selectors/ledger.py `standing_entries`)."""
    return standing_entries(ledger_rows(period))


def support_summary(rows: QuerySet[SupportLedgerEntry], key: str) -> list[dict]:
    """Per value of `key` (company, program, kind, program__category) with a standing row among
    `rows`: `supports` (standing rows), `companies` (distinct, among those) and `amount_won`
    (every row of `rows` for that value, corrections included)."""
    counts = {
        row[key]: row
        for row in standing_entries(rows)
        .order_by()
        .values(key)
        .annotate(supports=Count("id"), companies=Count("company", distinct=True))
    }
    amounts = dict(
        rows.order_by()
        .values_list(key)
        .annotate(total=Coalesce(Sum("amount_won"), 0))
        .values_list(key, "total")
    )
    return [
        {
            "key": value,
            "supports": counts[value]["supports"],
            "companies": counts[value]["companies"],
            "amount_won": amounts.get(value, 0),
        }
        for value in counts
    ]


def supported_company_ids(period: Period) -> QuerySet:
    """supported_companies: distinct companies with a standing ledger row dated in the period."""
    return standing_rows(period).order_by().values("company").distinct()


def supported_companies(period: Period) -> int:
    return supported_company_ids(period).count()


def programs(period: Period) -> int:
    """Distinct programmes among the standing rows dated in the period."""
    return (
        standing_rows(period)
        .filter(program__isnull=False)
        .order_by()
        .values("program")
        .distinct()
        .count()
    )


def support_won(period: Period) -> int:
    """Σ amount_won of every row dated in the period, corrections included."""
    return ledger_rows(period).aggregate(total=Coalesce(Sum("amount_won"), 0))["total"]


def support_by(period: Period, field: str) -> list[dict]:
    """support_summary of the period's rows by `field`, largest amount first."""
    groups = support_summary(ledger_rows(period), field)
    return sorted(groups, key=lambda g: (-g["amount_won"], str(g["key"])))


def tenancy_rows(period: Period) -> QuerySet[SupportLedgerEntry]:
    """Standing tenancy rows (not corrections, not cancelled or replaced) whose period
    (supported_on to period_end, or that single day when period_end is empty) overlaps the
    period."""
    return (
        standing_entries()
        .filter(kind=SupportKind.TENANCY, supported_on__lte=period.end)
        .filter(
            Q(period_end__gte=period.start)
            | Q(period_end__isnull=True, supported_on__gte=period.start)
        )
    )


def tenant_companies(period: Period) -> int:
    return tenancy_rows(period).order_by().values("company").distinct().count()


# --- outcome records ------------------------------------------------------------------------


def _next_relocation(company_ref: str, after):
    """Direction of the company's first relocation after `after` (a date or an expression)."""
    return Subquery(
        Relocation.objects.filter(company=OuterRef(company_ref), occurred_on__gt=after)
        .order_by("occurred_on", "id")
        .values("direction")[:1]
    )


def _in_city_on_record_date(records: QuerySet) -> QuerySet:
    """Records made while their company was in the city (see `companies_in_city`)."""
    return records.annotate(
        next_move=_next_relocation("company_id", OuterRef("occurred_on"))
    ).filter(
        Q(next_move=Relocation.Direction.OUT) | Q(next_move__isnull=True, company__is_local=True)
    )


def investments(period: Period) -> QuerySet[Investment]:
    return _in_city_on_record_date(
        Investment.objects.filter(occurred_on__range=(period.start, period.end))
    )


def investment_won(period: Period) -> int:
    return investments(period).aggregate(total=Coalesce(Sum("amount_won"), 0))["total"]


def ip_records(period: Period) -> QuerySet[IntellectualProperty]:
    return _in_city_on_record_date(
        IntellectualProperty.objects.filter(occurred_on__range=(period.start, period.end))
    )


def ip_count(period: Period) -> int:
    return ip_records(period).count()


def agreements(period: Period, kind: str | None = Agreement.Kind.MOU) -> QuerySet[Agreement]:
    records = Agreement.objects.filter(occurred_on__range=(period.start, period.end))
    if kind:
        records = records.filter(kind=kind)
    return _in_city_on_record_date(records)


def mou_count(period: Period) -> int:
    return agreements(period).count()


def awards(period: Period) -> QuerySet[Award]:
    return _in_city_on_record_date(
        Award.objects.filter(occurred_on__range=(period.start, period.end))
    )


def relocations(period: Period, direction: str = Relocation.Direction.IN) -> QuerySet[Relocation]:
    return Relocation.objects.filter(
        occurred_on__range=(period.start, period.end), direction=direction
    )


def moved_in(period: Period) -> int:
    """Distinct companies with a move into the city dated in the period."""
    return relocations(period).values("company").distinct().count()


def moved_out(period: Period) -> int:
    return relocations(period, Relocation.Direction.OUT).values("company").distinct().count()


# --- growth of supported companies ----------------------------------------------------------


@dataclass(frozen=True)
class Growth:
    """Σ of a yearly figure over the supported companies of `year` that reported it for both
    `year` and the year before."""

    metric: str
    year: int
    value: int
    previous: int
    growth_pct: Decimal | None  # None when the previous sum is zero
    companies: int  # supported companies included
    excluded: int  # supported companies left out for a missing year

    @property
    def supported(self) -> int:
        return self.companies + self.excluded


def growth_pct(value: int, previous: int) -> Decimal | None:
    """(value / previous − 1) as a percentage rounded half-up to one decimal. Decimal on the
    integer difference keeps ties exact: 2,137 over 2,000 is 6.85% and becomes 6.9, where a
    float would hold 6.8499… and round down."""
    if previous == 0:
        return None
    exact = Decimal(value - previous) * 100 / Decimal(previous)
    return exact.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def growth_rows(metric: str, year: int) -> list[dict]:
    """Per supported company of `year`: its figure for year − 1 and year (None if missing)."""
    supported = list(supported_company_ids(Period.year(year)).values_list("company", flat=True))
    figures: dict[int, dict] = {
        pk: {"company": pk, "previous": None, "value": None} for pk in supported
    }
    for company, fig_year, value in YearFigure.objects.filter(
        metric=metric, year__in=(year - 1, year), company__in=supported
    ).values_list("company", "year", "value"):
        figures[company]["value" if fig_year == year else "previous"] = value
    return list(figures.values())


def growth(metric: str, year: int) -> Growth:
    rows = growth_rows(metric, year)
    both = [r for r in rows if r["value"] is not None and r["previous"] is not None]
    value = sum(r["value"] for r in both)
    previous = sum(r["previous"] for r in both)
    return Growth(
        metric=metric,
        year=year,
        value=value,
        previous=previous,
        growth_pct=growth_pct(value, previous),
        companies=len(both),
        excluded=len(rows) - len(both),
    )


def employees(year: int) -> Growth:
    return growth(Metric.EMPLOYEES, year)


def sales(year: int) -> Growth:
    return growth(Metric.SALES_WON, year)


# --- the registry: city totals and the growth ladder ----------------------------------------


def companies_in_city(on: date) -> QuerySet[Company]:
    """Companies (kind company, founded on or before `on` and not closed by then: a company
    closed on `on` no longer counts) located in the city on `on`: the
    direction of their first relocation after `on` says where they were (a later move out means
    they were in; a later move in means they were out); without a later relocation, the
    registry's current 관내 flag. Each carries `employees_on`: the latest employees figure
    reported for a year up to `on`'s year, or the registry's headcount when none was reported
    (`employees_source` says which)."""
    reported = Subquery(
        YearFigure.objects.filter(
            company=OuterRef("pk"), metric=Metric.EMPLOYEES, year__lte=on.year
        )
        .order_by("-year")
        .values("value")[:1]
    )
    return (
        Company.objects.filter(kind=CompanyKind.COMPANY, founded_on__lte=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .annotate(next_move=_next_relocation("pk", on), reported_employees=reported)
        .filter(Q(next_move=Relocation.Direction.OUT) | Q(next_move__isnull=True, is_local=True))
        .annotate(
            employees_on=Coalesce(
                "reported_employees", F("employees"), output_field=BigIntegerField()
            )
        )
    )


def city_totals(on: date) -> dict:
    totals = companies_in_city(on).aggregate(
        companies=Count("id"),
        employees=Coalesce(Sum("employees_on"), 0),
        # Companies, not employees: how many were counted with the registry's headcount.
        companies_from_registry=Count("id", filter=Q(reported_employees__isnull=True)),
    )
    return {"on": on, **totals}


def companies_at_stage(on: date, stage: str) -> QuerySet[Company]:
    """The companies on `stage` on `on` (companies.selectors.stage_on: the eligibility rules'
    definition), each annotated with `stage_on`."""
    return with_stage_on(Company.objects.all(), on).filter(stage_on=stage)


def ladder(on: date) -> dict[str, int]:
    counts = dict(
        with_stage_on(Company.objects.all(), on)
        .exclude(stage_on="")
        .values_list("stage_on")
        .annotate(n=Count("id"))
        .values_list("stage_on", "n")
    )
    return {stage: counts.get(stage, 0) for stage in LADDER}


def _rank(stage: str) -> int:
    return LADDER.index(stage) if stage in LADDER else -1


def promotions(period: Period, stage: str | None = None) -> list[GrowthStageChange]:
    """Stage changes effective in the period that put a company on a higher rung than its
    previous recorded stage (none recorded counts as below G240)."""
    earlier = GrowthStageChange.objects.filter(company=OuterRef("company")).filter(
        Q(effective_on__lt=OuterRef("effective_on"))
        | Q(effective_on=OuterRef("effective_on"), id__lt=OuterRef("id"))
    )
    changes = (
        GrowthStageChange.objects.filter(effective_on__range=(period.start, period.end))
        .annotate(
            previous_stage=Subquery(earlier.order_by("-effective_on", "-id").values("stage")[:1])
        )
        .select_related("company")
        .order_by("effective_on", "id")
    )
    if stage:
        changes = changes.filter(stage=stage)
    return [c for c in changes if _rank(c.stage) > _rank(c.previous_stage or "")]


def promoted_by_stage(period: Period) -> dict[str, int]:
    companies: dict[str, set[int]] = {stage: set() for stage in LADDER}
    for change in promotions(period):
        companies[change.stage].add(change.company_id)
    return {stage: len(ids) for stage, ids in companies.items()}


# --- the headline ---------------------------------------------------------------------------

HEADLINE_KEYS = (
    "supported_companies",
    "programs",
    "support_won",
    "tenant_companies",
    "investment_won",
    "ip_count",
    "mou_count",
    "employees",
    "employees_growth_pct",
    "sales_won",
    "sales_growth_pct",
    "moved_in",
)


def headline(period: Period, *, with_growth: bool = True) -> dict[str, int | Decimal | None]:
    """Outcomes' own headline figures. Growth figures are yearly and use the whole year of the
    period; the dashboard leaves them out while the year is running (`with_growth=False`)."""
    figures: dict[str, int | Decimal | None] = {
        "supported_companies": supported_companies(period),
        "programs": programs(period),
        "support_won": support_won(period),
        "tenant_companies": tenant_companies(period),
        "investment_won": investment_won(period),
        "ip_count": ip_count(period),
        "mou_count": mou_count(period),
        "moved_in": moved_in(period),
    }
    if with_growth:
        staff = employees(period.year_number)
        revenue = sales(period.year_number)
        figures.update(
            employees=staff.value,
            employees_growth_pct=staff.growth_pct,
            sales_won=revenue.value,
            sales_growth_pct=revenue.growth_pct,
        )
    return {key: figures[key] for key in HEADLINE_KEYS if key in figures}


def count_by(records: QuerySet, field: str) -> dict[str, int]:
    return dict(
        records.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n")
    )
