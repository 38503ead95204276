"""The demo's startup spaces: the ladder "from an idea to a growing company" — A-Cube (에이큐브,
the youth hub with its co-working desks), 만안 청년창업공간, 중장년 기술창업센터 (1-person offices
for founders aged 40+) and the city's 창업보육센터 — with their floors and units, the tenancy
contracts of every year from 2017 to the load day, their move-ins and move-outs, tenant
evaluations and extensions, the last months' charges (with a few in arrears), A-Cube's visit
log (45,000 visits in 2017, the second article's year) and an open tenancy call.

The tenancies are the ones the outcome plan gives (2021: the 120 tenant companies of the
article, planned by jiwon.demo.outcomes and not typed by jiwon.demo.outcomes_load) and the ones
the living history and the current year typed as ledger rows: each becomes a contract at its
programme's site through the spaces services, and the contract writes the ledger row
(`ledger_record_for_source`); a typed row of another year is voided as recorded from its
contract. Each unit holds one contract at a time: the units are as many as the busiest day
needs, plus a few free. Keyed by the sites' codes and the rows: a second load adds nothing new.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max

from jiwon.companies.models import Company
from jiwon.core.models import Agency
from jiwon.core.support import SupportKind
from jiwon.demo.actor import DEMO
from jiwon.demo.context import DemoContext
from jiwon.demo.outcomes import apportion, plan_outcomes
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.selectors.ledger import standing_entries
from jiwon.outcomes.services.ledger import ledger_entry_void
from jiwon.programs.models import Program
from jiwon.spaces.models import (
    Contract,
    ContractUnit,
    Outcome,
    PriceBasis,
    SiteKind,
    SpaceSite,
    Unit,
    UnitKind,
)
from jiwon.spaces.rules import SEOUL, month_start, next_month
from jiwon.spaces.services.billing import charge_pay, charges_issue
from jiwon.spaces.services.contracts import (
    contract_extend,
    contract_move_in,
    contract_move_out,
    contract_sign,
    deposit_return,
    tenant_evaluation_record,
)
from jiwon.spaces.services.setup import floor_create, site_create, site_update, unit_create
from jiwon.spaces.services.visits import VisitRow, visit_check_in, visits_bulk_record
from jiwon.spaces.services.waitlist import offers_make, tenancy_call_create, waitlist_from_selection
from jiwon.spaces.workflow import ContractStatus

OPENED = date(2017, 1, 1)
ACUBE_YEAR, ACUBE_VISITS = 2017, 45_000


@dataclass(frozen=True)
class SiteSpec:
    code: str
    kind: str
    name_ko: str
    name_en: str
    address: str
    order: int
    unit_kind: str
    area: Decimal
    seats: int
    rent: tuple[str, int]
    fee: tuple[str, int]
    deposit_won: int
    min_age: int | None = None


SITES = [
    SiteSpec("acube", SiteKind.YOUTH_HUB, "청년공간 에이큐브(A-Cube)", "A-Cube youth hub",
             "경기도 안양시 만안구 안양로 (안양역 인근)", 1, UnitKind.HOT_DESK, Decimal("4.00"), 1,
             (PriceBasis.FREE, 0), (PriceBasis.FREE, 0), 0),
    SiteSpec("manan-youth", SiteKind.YOUTH_SPACE, "만안 청년창업공간", "Manan youth startup space",
             "경기도 안양시 만안구 만안로", 2, UnitKind.PRIVATE_OFFICE, Decimal("16.50"), 3,
             (PriceBasis.FREE, 0), (PriceBasis.UNIT, 50_000), 300_000),
    SiteSpec("midcareer", SiteKind.MIDCAREER, "중장년 기술창업센터",
             "Middle-aged tech startup centre",
             "경기도 안양시 동안구 시민대로", 3, UnitKind.ONE_PERSON_OFFICE, Decimal("9.90"), 1,
             (PriceBasis.UNIT, 30_000), (PriceBasis.UNIT, 20_000), 200_000, 40),
    SiteSpec("incubator", SiteKind.INCUBATOR, "안양 창업보육센터", "Anyang business incubator",
             "경기도 안양시 동안구 벌말로", 4, UnitKind.PRIVATE_OFFICE, Decimal("33.00"), 5,
             (PriceBasis.AREA, 8_000), (PriceBasis.AREA, 3_000), 1_000_000),
]  # fmt: skip
SERIES_SITE = {
    "MANAN_SPACE": "manan-youth",
    "MIDCAREER_OFFICE": "midcareer",
    "INCUBATOR": "incubator",
}
LADDER = {"acube": "manan-youth", "manan-youth": "incubator", "midcareer": "incubator"}
ACUBE_DESKS = 40
SPARE = 3
PURPOSE_SHARES = {"coworking": 5, "event": 3, "counselling": 1, "meeting_room": 2}


@dataclass(frozen=True)
class Tenancy:
    brn: str
    series: str
    start: date
    end: date  # exclusive
    amount_won: int | None
    typed: SupportLedgerEntry | None = None


def _rng(label: str) -> random.Random:
    return random.Random(f"spaces:{label}")


def _sites(agency: Agency) -> dict[str, SpaceSite]:
    sites = {s.code: s for s in SpaceSite.objects.filter(code__in=[x.code for x in SITES])}
    for spec in SITES:
        if spec.code not in sites:
            sites[spec.code] = site_create(
                actor=DEMO, agency=agency, code=spec.code, kind=spec.kind, name_ko=spec.name_ko,
                name_en=spec.name_en, address=spec.address, order=spec.order,
                min_founder_age=spec.min_age,
            )  # fmt: skip
    for code, following in LADDER.items():
        if sites[code].next_rung_id is None:
            site_update(actor=DEMO, site=sites[code], next_rung=sites[following])
    return sites


def _tenancies(context: DemoContext) -> list[Tenancy]:
    """The planned 2021 tenancies and every typed tenancy row still standing."""
    rows = []
    outcomes = plan_outcomes(context.plan)
    if outcomes is not None:
        rows += [
            Tenancy(
                r.brn,
                r.series,
                r.supported_on,
                (r.period_end or r.supported_on) + timedelta(days=1),
                r.amount_won,
            )
            for r in outcomes.ledger
            if r.kind == SupportKind.TENANCY and r.series in SERIES_SITE
        ]
    typed = (
        standing_entries()
        .filter(
            kind=SupportKind.TENANCY,
            program__series__in=SERIES_SITE,
            source_type="demo",
            period_end__isnull=False,
        )
        .select_related("company", "program")
    )
    rows += [
        Tenancy(
            e.company.brn or "",
            e.program.series if e.program else "",
            e.supported_on,
            (e.period_end or e.supported_on) + timedelta(days=1),
            e.amount_won,
            e,
        )  # fmt: skip
        for e in typed
    ]
    return sorted(rows, key=lambda t: (t.start, t.brn, t.series))


def _units(site: SpaceSite, spec: SiteSpec, count: int) -> list[Unit]:
    """The site's units, made up to `count`, on floors of 12."""
    units = list(Unit.objects.filter(floor__site=site).order_by("floor__level", "code"))
    floors = {f.level: f for f in site.floors.all()}
    while len(units) < count:
        n = len(units)
        level = n // 12 + 1
        if level not in floors:
            floors[level] = floor_create(actor=DEMO, site=site, level=level, label=f"{level}층")
        code = f"{level}{n % 12 + 1:02d}호" if spec.kind != SiteKind.YOUTH_HUB else f"D{n + 1:02d}"
        units.append(
            unit_create(
                actor=DEMO,
                floor=floors[level],
                code=code,
                kind=spec.unit_kind,
                area_m2=spec.area,
                opened_on=OPENED,
                seats=spec.seats,
                rent_basis=spec.rent[0],
                rent_rate_won=spec.rent[1],
                fee_basis=spec.fee[0],
                fee_rate_won=spec.fee[1],
                deposit_won=spec.deposit_won,
                plan_x=10 + (n % 12) % 6 * 16,
                plan_y=25 + (n % 12) // 6 * 50,
            )  # fmt: skip
        )
    return units


def _assign(tenancies: list[Tenancy], free_from: list[date]) -> list[int]:
    """Each tenancy's unit index: the first unit free from its start (interval partitioning),
    the site's units being free from the days given (a later load finds them let)."""
    free_from = list(free_from)
    chosen = []
    for t in tenancies:
        index = next((i for i, day in enumerate(free_from) if day <= t.start), None)
        if index is None:
            free_from.append(t.end)
            index = len(free_from) - 1
        else:
            free_from[index] = t.end
        chosen.append(index)
    return chosen


def _sheets(rng: random.Random, strong: bool) -> list[tuple[str, dict[str, Decimal]]]:
    base = 0.85 if strong else 0.6
    return [
        (str(i + 1), {
            "growth": Decimal(round(40 * rng.uniform(base - 0.1, min(1, base + 0.1)))),
            "sales": Decimal(round(30 * rng.uniform(base - 0.1, min(1, base + 0.1)))),
            "jobs": Decimal(round(20 * rng.uniform(base - 0.1, min(1, base + 0.1)))),
            "participation": Decimal(round(10 * rng.uniform(base - 0.1, min(1, base + 0.1)))),
        })
        for i in range(5)
    ]  # fmt: skip


def _live(contract: Contract, context: DemoContext, rng: random.Random, graduates: bool) -> int:
    """Move the contract in, evaluate and extend some near their end, move out those over."""
    today = context.today
    steps = 0
    if contract.status == ContractStatus.SIGNED and contract.start > today:
        return 0
    if contract.status == ContractStatus.SIGNED:
        contract = contract_move_in(
        actor=DEMO, contract=contract, moved_in_on=contract.start,
        agreement_signed_on=contract.start - timedelta(days=7),
        deposit_received_on=contract.start - timedelta(days=3) if contract.deposit_won else None,
        keys_issued=rng.choice([1, 2]), cards_issued=rng.choice([1, 2, 3]),
    )  # fmt: skip
        steps += 1
    if contract.status != ContractStatus.OCCUPIED:
        return steps
    near_end = contract.end - timedelta(days=60)
    long_enough = contract.end - contract.start > timedelta(days=400)
    evaluated = contract.evaluations.exists()
    if long_enough and not evaluated and near_end <= today < contract.end:
        tenant_evaluation_record(
            actor=DEMO, contract=contract, held_on=min(today, near_end + timedelta(days=14)),
            sheets=_sheets(rng, strong=rng.random() < 0.6),
        )  # fmt: skip
        steps += 1
        try:
            contract = contract_extend(actor=DEMO, contract=contract)
            steps += 1
        except ValidationError:
            pass  # below the threshold, or the unit is let after the term
    if contract.end <= today:
        deduction = 50_000 if rng.random() < 0.1 and contract.deposit_won else 0
        contract = contract_move_out(
            actor=DEMO, contract=contract, moved_out_on=contract.end,
            keys_returned=contract.keys_issued, cards_returned=contract.cards_issued,
            outcome=Outcome.GRADUATE if graduates else Outcome.END, deduction_won=deduction,
            deduction_reason="원상복구 청소비" if deduction else "",
        )  # fmt: skip
        steps += 1
        returned_on = contract.end + timedelta(days=14)
        if contract.deposit_won and returned_on <= today:
            try:
                deposit_return(actor=DEMO, contract=contract, returned_on=returned_on)
                steps += 1
            except ValidationError:
                pass  # the company holds another contract: the deposit stays
    return steps


def _contracts(context: DemoContext, sites: dict[str, SpaceSite]) -> int:
    tenancies = _tenancies(context)
    programs = {
        (p.fiscal_year, p.series): p for p in Program.objects.filter(series__in=SERIES_SITE)
    }
    companies = {c.brn: c for c in Company.objects.filter(brn__in={t.brn for t in tenancies})}
    done = set(Contract.objects.values_list("company__brn", "program__series", "start"))
    specs = {s.code: s for s in SITES}
    made = 0
    by_site: dict[str, list[Tenancy]] = {}
    for t in tenancies:
        if t.brn in companies:
            by_site.setdefault(SERIES_SITE[t.series], []).append(t)
    contracts: list[Contract] = []
    for code, rows in by_site.items():
        site, spec = sites[code], specs[code]
        if spec.min_age is not None:
            # A founder under 40 on the start day cannot rent here: the incubator houses them.
            young = [
                t for t in rows
                if _age(companies[t.brn].representative_birth_date, t.start) < spec.min_age
            ]  # fmt: skip
            by_site.setdefault("incubator", [])
            rows[:] = [t for t in rows if t not in young]
            by_site["incubator"] += young
    for code, rows in by_site.items():
        site, spec = sites[code], specs[code]
        rows.sort(key=lambda t: (t.start, t.brn))
        rows = [t for t in rows if (t.brn, t.series, t.start) not in done]
        existing = list(Unit.objects.filter(floor__site=site).order_by("floor__level", "code"))
        last_end = dict(
            ContractUnit.objects.filter(unit__in=existing, live=True)
            .values_list("unit_id")
            .annotate(last=Max("end"))
        )
        slots = _assign(rows, [last_end.get(u.pk, u.opened_on) for u in existing])
        units = _units(site, spec, max(max(slots, default=-1) + 1 + SPARE, len(existing)))
        rng = _rng(f"contracts:{code}")
        for t, slot in zip(rows, slots, strict=True):
            year = t.typed.program.fiscal_year if t.typed and t.typed.program else t.start.year
            program = programs.get((year, t.series)) or (t.typed.program if t.typed else None)
            contract = contract_sign(
                actor=DEMO, company=companies[t.brn], units=[units[slot]], start=t.start,
                end=t.end, program=program, support_won=t.amount_won,
                billing_day=rng.choice([10, 25, 25, 31]),
            )  # fmt: skip
            if t.typed is not None:
                ledger_entry_void(
                    actor=DEMO, entry=t.typed,
                    reason=f"입주 계약(#{contract.pk})에서 기록합니다.",
                )  # fmt: skip
            contracts.append(contract)
            made += 1
    # A company with a later contract at another site graduated from the earlier one.
    following: dict[int, list[tuple[date, int]]] = {}
    for company_id, start, site_id in Contract.objects.exclude(
        status=ContractStatus.CANCELLED
    ).values_list("company_id", "start", "site_id"):
        following.setdefault(company_id, []).append((start, site_id))
    rng = _rng("lives")
    running = Contract.objects.filter(
        status__in=(ContractStatus.SIGNED, ContractStatus.OCCUPIED)
    ).select_related("company", "site")
    for contract in sorted(running, key=lambda c: (c.end, c.pk)):
        graduates = any(
            start >= contract.end and site_id != contract.site_id
            for start, site_id in following.get(contract.company_id, [])
        )
        made += _live(contract, context, rng, graduates)
    return made


def _age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _charges(context: DemoContext) -> int:
    """The last three months' charges, paid on their due day but for a few in arrears."""
    today = context.today
    month = month_start(today)
    months = [
        month_start(month - timedelta(days=62)),
        month_start(month - timedelta(days=31)),
        month,
    ]
    made = 0
    for m in months:
        made += charges_issue(actor=DEMO, month=m)
    from jiwon.spaces.models import Charge

    for charge in Charge.objects.filter(due_on__lt=today, paid_won=0, month__in=months).order_by(
        "pk"
    ):
        # Decided per charge, so a charge left in arrears stays so when the demo loads again.
        if _rng(f"payment-{charge.pk}").random() < 0.93:
            charge_pay(actor=DEMO, charge=charge, paid_won=charge.total_won, paid_on=charge.due_on)
            made += 1
    return made


def _visits(context: DemoContext, site: SpaceSite) -> int:
    """A-Cube's visit log: per open day and purpose, the desk's count; 45,000 in 2017; the
    years after a little busier, to the load day; today a few QR check-ins too."""
    today = context.today
    latest = site.visits.order_by("-at").values_list("at", flat=True).first()
    # A later load goes on from the day after the last one recorded.
    first = (
        latest.astimezone(SEOUL).date() + timedelta(days=1) if latest else date(ACUBE_YEAR, 1, 1)
    )
    if first > today:
        return 0
    rows: list[VisitRow] = []
    for year in range(first.year, today.year + 1):
        days = [
            d for d in (date(year, 1, 1) + timedelta(days=i) for i in range(366))
            if d.year == year and d.weekday() < 6 and first <= d < today
        ]  # fmt: skip
        if not days:
            continue
        rng = _rng(f"visits:{year}")
        total = (
            ACUBE_VISITS
            if year == ACUBE_YEAR and first == date(ACUBE_YEAR, 1, 1)
            else round(rng.uniform(44_000, 52_000) * len(days) / 307)
        )
        keys = [(d, p) for d in days for p in PURPOSE_SHARES]
        weights = [
            PURPOSE_SHARES[p] * rng.uniform(0.6, 1.4) * (0.5 if d.weekday() == 5 else 1)
            for d, p in keys
        ]
        counts = apportion(total, weights, 0)
        rows += [
            VisitRow(datetime.combine(d, time(18, 0), tzinfo=SEOUL), p, n)
            for (d, p), n in zip(keys, counts, strict=True)
            if n > 0
        ]
    made = visits_bulk_record(actor=DEMO, site=site, rows=rows) if rows else 0
    now = context.now
    start = datetime.combine(today, time(9, 30), tzinfo=SEOUL)
    for i in range(12):
        at = start + timedelta(minutes=25 * i)
        if at < now:
            visit_check_in(
                site=site, purpose=("coworking", "meeting_room", "counselling")[i % 3], at=at
            )
            made += 1
    return made


def _call(context: DemoContext, sites: dict[str, SpaceSite]) -> int:
    """This year's incubator call: its ranking on the waiting list, the free units offered."""
    program = Program.objects.filter(series="INCUBATOR", fiscal_year=context.today.year).first()
    if program is None or hasattr(program, "tenancy_call"):
        return 0
    call = tenancy_call_create(actor=DEMO, program=program, site=sites["incubator"], offer_days=7)
    made = 1
    try:
        made += waitlist_from_selection(actor=DEMO, call=call)
        made += len(
            offers_make(actor=DEMO, call=call, starts_on=next_month(context.today), now=context.now)
        )
    except ValidationError:
        pass  # not ranked yet: the waiting list fills when the ranking is published
    return made


def load_spaces(context: DemoContext) -> int:
    agency = Agency.objects.filter(code="ayventure").first()
    if agency is None:
        return 0
    sites = _sites(agency)
    made = _contracts(context, sites)
    _units(sites["acube"], SITES[0], ACUBE_DESKS)
    made += _visits(context, sites["acube"])
    made += _charges(context)
    made += _call(context, sites)
    return made
