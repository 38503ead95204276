"""Reads of startup spaces: availability and occupancy, derived from the contracts on any
date (never a flag), the waiting list, a company's tenancy, charges and arrears, visits.

A unit counts for occupancy on day d when it is lettable then (opened_on ≤ d < closed_on) and
occupied when a live contract line holds it (start ≤ d < end)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from jiwon.companies.models import Company
from jiwon.programs.models import Program
from jiwon.reviews.models import RunStatus, SelectionResult
from jiwon.spaces.models import (
    Charge,
    Contract,
    ContractUnit,
    Floor,
    SpaceSite,
    Unit,
    UnitKind,
    Visit,
    VisitPurpose,
)
from jiwon.spaces.rules import OPEN_END, SEOUL, day_start


def lettable_units(on: date, *, site: SpaceSite | None = None) -> QuerySet[Unit]:
    units = Unit.objects.filter(opened_on__lte=on).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=on)
    )
    if site is not None:
        units = units.filter(floor__site=site)
    return units


def holding_lines(start: date, end: date = OPEN_END) -> QuerySet[ContractUnit]:
    """Live contract lines that hold their unit on some day of [start, end)."""
    return ContractUnit.objects.filter(live=True, start__lt=end, end__gt=start)


def conflicting_lines(
    *, unit: Unit, start: date, end: date, exclude: Contract | None = None
) -> QuerySet[ContractUnit]:
    lines = holding_lines(start, end).filter(unit=unit).select_related("contract__company")
    if exclude is not None:
        lines = lines.exclude(contract=exclude)
    return lines.order_by("start")


def free_units(
    start: date, end: date | None = None, *, site: SpaceSite | None = None
) -> QuerySet[Unit]:
    """Units lettable on `start` and free over [start, end): `end` None asks "free from this
    date on" (no contract from then), start = end - 1 day asks "free that day"."""
    stop = end or OPEN_END
    taken = holding_lines(start, stop).values("unit_id")
    units = lettable_units(start, site=site).exclude(pk__in=taken)
    if end is not None:
        units = units.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=end))
    return units.select_related("floor__site")


def free_today(today: date, *, site: SpaceSite | None = None) -> QuerySet[Unit]:
    return free_units(today, today + timedelta(days=1), site=site)


def _pct(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Occupancy:
    """Lettable and occupied units, ㎡ and seats of a site (or of every site) on one day."""

    units: int = 0
    units_taken: int = 0
    area_m2: Decimal = Decimal(0)
    area_taken_m2: Decimal = Decimal(0)
    seats: int = 0
    seats_taken: int = 0

    @property
    def units_pct(self) -> Decimal | None:
        return _pct(self.units_taken, self.units)

    @property
    def area_pct(self) -> Decimal | None:
        return _pct(self.area_taken_m2, self.area_m2)

    @property
    def seats_pct(self) -> Decimal | None:
        return _pct(self.seats_taken, self.seats)

    def add(self, unit: Unit, taken: bool) -> None:
        self.units += 1
        self.area_m2 += unit.area_m2
        self.seats += unit.seats
        if taken:
            self.units_taken += 1
            self.area_taken_m2 += unit.area_m2
            self.seats_taken += unit.seats


@dataclass
class OccupancyReport:
    on: date
    sites: list[tuple[SpaceSite, Occupancy]] = field(default_factory=list)
    overall: Occupancy = field(default_factory=Occupancy)


def occupancy(on: date, *, sites: QuerySet[SpaceSite] | None = None) -> OccupancyReport:
    """Occupancy of every site (or of `sites`) and overall on `on` (today, a past or a future
    date)."""
    sites = SpaceSite.objects.all() if sites is None else sites
    taken = set(holding_lines(on, on + timedelta(days=1)).values_list("unit_id", flat=True))
    by_site: dict[int, Occupancy] = defaultdict(Occupancy)
    for unit in lettable_units(on).filter(floor__site__in=sites).select_related("floor"):
        is_taken = unit.pk in taken
        by_site[unit.floor.site_id].add(unit, is_taken)
    report = OccupancyReport(on=on)
    for site in sites:
        occ = by_site.get(site.pk, Occupancy())
        report.sites.append((site, occ))
        report.overall.units += occ.units
        report.overall.units_taken += occ.units_taken
        report.overall.area_m2 += occ.area_m2
        report.overall.area_taken_m2 += occ.area_taken_m2
        report.overall.seats += occ.seats
        report.overall.seats_taken += occ.seats_taken
    return report


def occupied_units_by_day(
    start: date, end: date, *, site: SpaceSite | None = None
) -> dict[date, int]:
    """Occupied units on each day of [start, end), in one query: a sweep over the lines'
    start and end days (what `bench/occupancy` measures against one SQL count per day)."""
    lines = holding_lines(start, end)
    if site is not None:
        lines = lines.filter(unit__floor__site=site)
    delta: dict[date, int] = defaultdict(int)
    for line_start, line_end in lines.values_list("start", "end").iterator(chunk_size=5000):
        delta[max(line_start, start)] += 1
        if line_end < end:
            delta[line_end] -= 1
    result: dict[date, int] = {}
    running = 0
    day = start
    while day < end:
        running += delta.get(day, 0)
        result[day] = running
        day += timedelta(days=1)
    return result


def contracts_live_between(start: date, end: date) -> QuerySet[Contract]:
    """Contracts that held a unit on some day of [start, end)."""
    return Contract.objects.filter(
        status__in=("signed", "occupied", "ended"), start__lt=end, end__gt=start
    )


def tenant_count(start: date, end: date, *, site: SpaceSite | None = None) -> int:
    contracts = contracts_live_between(start, end)
    if site is not None:
        contracts = contracts.filter(site=site)
    return contracts.order_by().values("company").distinct().count()


def arrears(on: date) -> QuerySet[Charge]:
    """Charges due before `on` and not paid in full."""
    return (
        Charge.objects.filter(due_on__lt=on, paid_won__lt=F("total_won"))
        .select_related("contract__company", "contract__site")
        .order_by("due_on", "id")
    )


def visits_between(start: date, end: date, *, site: SpaceSite | None = None) -> int:
    visits = Visit.objects.filter(at__gte=day_start(start), at__lt=day_start(end))
    if site is not None:
        visits = visits.filter(site=site)
    return visits.aggregate(n=Sum("people"))["n"] or 0


def ranked_companies(program: Program) -> list[Company]:
    """The companies of the programme's published final ranking in rank order: the selected
    first, then the qualified reserves (the waiting list's order)."""
    results = (
        SelectionResult.objects.filter(
            run__program=program, run__is_final=True, run__status=RunStatus.PUBLISHED,
            qualified=True,
        )
        .select_related("application__company")
        .order_by("-selected", "rank", "id")
    )  # fmt: skip
    seen: set[int] = set()
    companies = []
    for result in results:
        company = result.application.company
        if company.pk not in seen:
            seen.add(company.pk)
            companies.append(company)
    return companies


def visits_by_purpose(start: date, end: date, *, site: SpaceSite | None = None) -> dict[str, int]:
    visits = Visit.objects.filter(at__gte=day_start(start), at__lt=day_start(end))
    if site is not None:
        visits = visits.filter(site=site)
    rows = visits.values("purpose").annotate(n=Sum("people")).order_by()
    return {row["purpose"]: row["n"] for row in rows}


def visits_by_day(start: date, end: date, *, site: SpaceSite) -> dict[date, int]:
    visits = Visit.objects.filter(site=site, at__gte=day_start(start), at__lt=day_start(end))
    rows = (
        visits.annotate(day=TruncDate("at", tzinfo=SEOUL))
        .values("day")
        .annotate(n=Sum("people"))
        .order_by("day")
    )
    return {row["day"]: row["n"] for row in rows}


def company_contracts(company: Company) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(company=company)
        .exclude(status="cancelled")
        .select_related("site")
        .prefetch_related("lines__unit")
    )


def charges_of_month(month: date) -> QuerySet[Charge]:
    return (
        Charge.objects.filter(month=month)
        .select_related("contract__company", "contract__site")
        .prefetch_related("contract__lines__unit")
        .order_by("contract__site__order", "contract__company__name_ko", "id")
    )


def free_counts(units: QuerySet[Unit]) -> list[tuple[str, int]]:
    """Free units by kind, as (label, count), for the public page."""
    labels = dict(UnitKind.choices)
    rows = units.order_by().values("kind").annotate(n=Count("id")).order_by("kind")
    return [(str(labels[row["kind"]]), row["n"]) for row in rows]


def floor_plan(
    site: SpaceSite, on: date
) -> list[tuple[Floor, list[tuple[Unit, ContractUnit | None]]]]:
    """Each floor of the site with its units and the line holding each on `on` (None: free)."""
    lines = {
        line.unit_id: line
        for line in holding_lines(on, on + timedelta(days=1))
        .filter(unit__floor__site=site)
        .select_related("contract__company")
    }
    floors = []
    for floor in site.floors.prefetch_related("units"):
        floors.append((floor, [(u, lines.get(u.pk)) for u in floor.units.all()]))
    return floors


def purpose_rows(start: date, end: date, *, site: SpaceSite | None) -> list[tuple[str, int]]:
    counts = visits_by_purpose(start, end, site=site) if site is not None else {}
    return [(str(label), counts.get(value, 0)) for value, label in VisitPurpose.choices]
