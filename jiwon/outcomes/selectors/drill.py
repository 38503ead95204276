"""Drill-down: the records behind each report figure, listed by the same KPI selectors.

`listing(kpi, query)` returns the rows a figure counts; the drill-down page shows them a page at a
time and exports them to .xlsx. Outcomes' own figures have their lists here (`DRILLS`); a figure
another app contributes brings its own (selectors/contributions.py registers it here).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company, GrowthStage
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import Agreement, Metric, SupportLedgerEntry
from jiwon.outcomes.selectors import kpis
from jiwon.outcomes.selectors.kpis import Period
from jiwon.programs.models import Category, Program

# The `category` of ledger rows without a programme.
NO_PROGRAMME = "none"


@dataclass(frozen=True)
class DrillQuery:
    """What a drill-down lists: the KPI's year (up to `until` for the year so far), optionally
    narrowed to a programme, programme category, kind of support, rung or day."""

    year: int
    until: date | None = None
    program: int | None = None
    category: str = ""
    kind: str = ""
    stage: str = ""
    on: date | None = None
    place: str = ""

    @property
    def period(self) -> Period:
        whole = Period.year(self.year)
        return Period(whole.start, self.until) if self.until else whole

    @property
    def end(self) -> date:
        return self.on or self.period.end

    def params(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "until": self.until.isoformat() if self.until else "",
            "program": self.program or "",
            "category": self.category,
            "kind": self.kind,
            "stage": self.stage,
            "on": self.on.isoformat() if self.on else "",
            "place": self.place,
        }


@dataclass(frozen=True)
class Column:
    header: Promise
    kind: str = "text"  # text | int | won | date | company (cell: (pk, name))


@dataclass
class Listing:
    """The records behind a figure: `items` (a queryset or a list), each shown as the cells
    `row(item)` gives, one per column."""

    title: str | Promise
    columns: list[Column]
    items: QuerySet[Any] | list[Any]
    row: Callable[[Any], list[Any]]
    subtitle: str = ""
    filters: list[str] = field(default_factory=list)

    def rows(self, items: Any = None) -> list[list[Any]]:
        return [self.row(item) for item in (self.items if items is None else items)]


Drill = Callable[[DrillQuery], Listing]


COMPANY = Column(_("Company"), "company")
BRN = Column(_("Business number"))
DATE = Column(_("Date"), "date")


def _company(company: Company) -> tuple[int, str]:
    return (company.pk, company.name)


def _choice(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value or "—"))


def _filtered_rows(q: DrillQuery) -> QuerySet[SupportLedgerEntry]:
    rows = kpis.ledger_rows(q.period)
    if q.program:
        rows = rows.filter(program_id=q.program)
    if q.category == NO_PROGRAMME:
        rows = rows.filter(program__isnull=True)
    elif q.category:
        rows = rows.filter(program__category=q.category)
    if q.kind:
        rows = rows.filter(kind=q.kind)
    return rows


def _filter_labels(q: DrillQuery) -> list[str]:
    labels = []
    if q.program and (program := Program.objects.filter(pk=q.program).first()):
        labels.append(program.title)
    if q.category:
        no_programme = q.category == NO_PROGRAMME
        labels.append(str(_("No programme")) if no_programme else _choice(Category, q.category))
    if q.kind:
        labels.append(_choice(SupportKind, q.kind))
    if q.stage:
        labels.append(_choice(GrowthStage, q.stage))
    if q.on:
        labels.append(q.on.isoformat())
    if q.place:
        labels.append(q.place)
    return labels


def _supported(q: DrillQuery) -> Listing:
    summary = kpis.support_summary(_filtered_rows(q), "company")
    companies = Company.objects.in_bulk([c["key"] for c in summary])
    items = sorted(((companies[c["key"]], c) for c in summary), key=lambda p: p[0].name_ko)
    return Listing(
        _("Supported companies"),
        [COMPANY, BRN, Column(_("Supports"), "int"), Column(_("Amount (won)"), "won")],
        items,
        lambda pair: [
            _company(pair[0]),
            pair[0].brn_display,
            pair[1]["supports"],
            pair[1]["amount_won"],
        ],
    )


def _programs(q: DrillQuery) -> Listing:
    summary = kpis.support_summary(_filtered_rows(q).filter(program__isnull=False), "program")
    programs = Program.objects.in_bulk([p["key"] for p in summary])
    items = sorted(((programs[p["key"]], p) for p in summary), key=lambda p: p[0].title_ko)
    return Listing(
        _("Programmes used"),
        [
            Column(_("Programme")),
            Column(_("Series")),
            Column(_("Category")),
            Column(_("Companies"), "int"),
            Column(_("Supports"), "int"),
            Column(_("Amount (won)"), "won"),
        ],
        items,
        lambda pair: [
            pair[0].title,
            pair[0].series,
            pair[0].get_category_display(),
            pair[1]["companies"],
            pair[1]["supports"],
            pair[1]["amount_won"],
        ],
    )


def _ledger(q: DrillQuery) -> Listing:
    rows = _filtered_rows(q).select_related("company", "program").order_by("supported_on", "id")
    return Listing(
        _("Support ledger rows"),
        [
            Column(_("Row"), "int"),
            DATE,
            COMPANY,
            Column(_("Programme")),
            Column(_("Kind of support")),
            Column(_("Amount (won)"), "won"),
            Column(_("Corrects row"), "int"),
            Column(_("Description")),
        ],
        rows,
        lambda r: [
            r.pk,
            r.supported_on,
            _company(r.company),
            r.program.title if r.program else "—",
            r.get_kind_display(),
            r.amount_won,
            r.corrects_id,
            r.description,
        ],
    )


def _tenancy(q: DrillQuery) -> Listing:
    rows = kpis.tenancy_rows(q.period).select_related("company").order_by("supported_on", "id")
    return Listing(
        _("Tenant companies"),
        [
            Column(_("Row"), "int"),
            COMPANY,
            Column(_("From"), "date"),
            Column(_("Until"), "date"),
            Column(_("Amount (won)"), "won"),
            Column(_("Description")),
        ],
        rows,
        lambda r: [
            r.pk,
            _company(r.company),
            r.supported_on,
            r.period_end,
            r.amount_won,
            r.description,
        ],
    )


def _investments(q: DrillQuery) -> Listing:
    records = kpis.investments(q.period).select_related("company").order_by("occurred_on", "id")
    return Listing(
        _("Investment attracted"),
        [
            DATE,
            COMPANY,
            Column(_("Investor")),
            Column(_("Round")),
            Column(_("Amount (won)"), "won"),
        ],
        records,
        lambda r: [
            r.occurred_on,
            _company(r.company),
            r.investor,
            r.get_round_display(),
            r.amount_won,
        ],
    )


def _ip(q: DrillQuery) -> Listing:
    records = kpis.ip_records(q.period).select_related("company").order_by("occurred_on", "id")
    if q.kind:
        records = records.filter(kind=q.kind)
    return Listing(
        _("Patents and certifications"),
        [DATE, COMPANY, Column(_("Kind")), Column(_("Number")), Column(_("Title"))],
        records,
        lambda r: [r.occurred_on, _company(r.company), r.get_kind_display(), r.number, r.title],
    )


def _agreements(kind: str, title: Promise) -> Drill:
    def listing(q: DrillQuery) -> Listing:
        records = kpis.agreements(q.period, kind).select_related("company")
        return Listing(
            title,
            [DATE, COMPANY, Column(_("Counterparty")), Column(_("Title"))],
            records.order_by("occurred_on", "id"),
            lambda r: [r.occurred_on, _company(r.company), r.counterparty, r.title],
        )

    return listing


def _awards(q: DrillQuery) -> Listing:
    records = kpis.awards(q.period).select_related("company").order_by("occurred_on", "id")
    return Listing(
        _("Awards"),
        [DATE, COMPANY, Column(_("Award")), Column(_("Awarded by"))],
        records,
        lambda r: [r.occurred_on, _company(r.company), r.name, r.awarded_by],
    )


def _growth(metric: str, title: Promise) -> Drill:
    def listing(q: DrillQuery) -> Listing:
        rows = kpis.growth_rows(metric, q.year)
        companies = Company.objects.in_bulk([r["company"] for r in rows])
        kind = "won" if metric == Metric.SALES_WON else "int"

        def row(r: dict[str, Any]) -> list[Any]:
            missing = r["value"] is None or r["previous"] is None
            return [
                _company(companies[r["company"]]),
                r["previous"],
                r["value"],
                str(_("Excluded: a year is missing") if missing else _("Included")),
            ]

        return Listing(
            title,
            [
                COMPANY,
                Column(_("Previous year"), kind),
                Column(_("This year"), kind),
                Column(_("Counted")),
            ],
            sorted(rows, key=lambda r: companies[r["company"]].name_ko),
            row,
        )

    return listing


def _relocations(direction: str, title: Promise) -> Drill:
    def listing(q: DrillQuery) -> Listing:
        records = kpis.relocations(q.period, direction).select_related("company")
        if q.place:
            records = records.filter(other_place=q.place)
        return Listing(
            title,
            [DATE, COMPANY, Column(_("From / to")), Column(_("시군구 code"))],
            records.order_by("occurred_on", "id"),
            lambda r: [r.occurred_on, _company(r.company), r.other_place, r.other_region_code],
        )

    return listing


def _city(q: DrillQuery) -> Listing:
    companies = kpis.companies_in_city(q.end).select_related("region").order_by("name_ko", "id")
    return Listing(
        _("Companies in the city"),
        [
            COMPANY,
            BRN,
            Column(_("Founded"), "date"),
            Column(_("Region")),
            Column(_("Employees"), "int"),
            Column(_("Employees from")),
        ],
        companies,
        lambda c: [
            _company(c),
            c.brn_display,
            c.founded_on,
            c.region.name_ko,
            c.employees_on,
            str(_("Registry") if c.reported_employees is None else _("Reported figure")),
        ],
        subtitle=q.end.isoformat(),
    )


def _ladder(q: DrillQuery) -> Listing:
    companies = kpis.companies_at_stage(q.end, q.stage).order_by("name_ko", "id")
    return Listing(
        _("Growth ladder"),
        [COMPANY, BRN, Column(_("Stage on the day")), Column(_("Current stage"))],
        companies,
        lambda c: [
            _company(c),
            c.brn_display,
            _choice(GrowthStage, c.stage_on),
            _choice(GrowthStage, c.growth_stage),
        ],
        subtitle=q.end.isoformat(),
    )


def _promoted(q: DrillQuery) -> Listing:
    return Listing(
        _("Promoted on the growth ladder"),
        [DATE, COMPANY, Column(_("From")), Column(_("To")), Column(_("Reason"))],
        kpis.promotions(q.period, q.stage or None),
        lambda c: [
            c.effective_on,
            _company(c.company),
            _choice(GrowthStage, c.previous_stage) if c.previous_stage else "—",
            _choice(GrowthStage, c.stage),
            c.reason,
        ],
    )


DRILLS: dict[str, Drill] = {
    "supported_companies": _supported,
    "programs": _programs,
    "support_won": _ledger,
    "tenant_companies": _tenancy,
    "investment_won": _investments,
    "ip_count": _ip,
    "mou_count": _agreements(Agreement.Kind.MOU, _("MOUs")),
    "business_agreements": _agreements(Agreement.Kind.BUSINESS, _("Business agreements")),
    "awards": _awards,
    "employees": _growth(Metric.EMPLOYEES, _("Employees of supported companies")),
    "sales_won": _growth(Metric.SALES_WON, _("Sales of supported companies")),
    "moved_in": _relocations("in", _("Companies moved in")),
    "moved_out": _relocations("out", _("Companies moved out")),
    "city_companies": _city,
    "ladder": _ladder,
    "promoted": _promoted,
}


# The drill-downs of the figures other apps contribute, by key.
_REGISTERED: dict[str, Drill] = {}


def register_drill(kpi: str, drill: Drill) -> None:
    """Make `drill` the list behind the contributed figure `kpi`."""
    if kpi in DRILLS or _REGISTERED.get(kpi, drill) is not drill:
        raise ValueError(f"the figure {kpi!r} already has a drill-down")
    _REGISTERED[kpi] = drill


def drill_exists(kpi: str) -> bool:
    return kpi in DRILLS or kpi in _REGISTERED


def listing(kpi: str, query: DrillQuery) -> Listing:
    result = (DRILLS.get(kpi) or _REGISTERED[kpi])(query)
    result.filters = _filter_labels(query)
    return result
