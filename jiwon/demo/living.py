"""The living agency: the years around the articles, from 2017 to the day the demo is loaded.

The first article's year (2021) and the second's (2017, with 2015) keep their exact records
(jiwon.demo.outcomes); this step adds everything else, relative to the load day, through the
apps' public services:

- The registry ages: companies keep appearing in Anyang after August 2017 (jiwon.demo.companies
  `newcomers`: founded there, or moved in from elsewhere, with a relocation record), young ones
  sometimes close within five years, and from 2022 about one in a hundred of the older
  companies closes each year (`companies.company_close`). None of them touches 2017's or 2021's
  counts: newcomers appear after August 2017, no relocation is dated 2021, and no company that
  2021's records are about closes.
- Every other year from 2017 to last year has the agency's programmes (the 2021 calendar,
  budgets growing 8% a year; G240 from 2019, Blue100 from 2020), completed, with their support
  rows: each year a cast of supported companies growing about 6% a year (that year's ladder
  promotions, young companies and established SMEs), yearly tenancies before the article's
  year (so 2021 keeps its 120 tenants) and two-year ones after it, the year's investments, IP,
  MOUs and awards, and
  yearly employees and sales figures of the supported companies (the year and the year
  before; never 2020 or 2021 for the article's 201 companies, whose figures it fixes).
- This year so far (to the load day) has its own share of investments, IP, MOUs and awards, and
  jiwon.demo.current adds the year's calls in every state.

Rows are keyed as in jiwon.demo.outcomes_load (ledger source "demo" with the year, programme
and business number), so a second load adds nothing and a later load adds the years between.
"""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from jiwon.companies.models import Company, GrowthStage, GrowthStageChange
from jiwon.companies.services import company_close, company_set_growth_stage
from jiwon.core.models import Agency
from jiwon.core.support import SupportKind
from jiwon.demo import programs as demo_programs
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import (
    ANYANG_COMPANIES,
    SEED,
    CompanySpec,
    add_years,
)
from jiwon.demo.context import DemoContext
from jiwon.demo.outcomes import (
    AWARD_NAMES,
    CERTIFICATES,
    DESCRIPTION,
    INVESTORS,
    LADDER_SUPPORT,
    MOU_PARTNERS,
    PATENT_TITLES,
    ROUNDS,
    SUPPORT,
    Cast,
    apportion,
    cast_2021,
    day_between,
    pick_region,
    pick_some,
)
from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Metric,
    OutcomeRecord,
    Provenance,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.outcomes.services.bulk import (
    ledger_entries_bulk_add,
    outcome_records_bulk_add,
    year_figures_bulk_add,
)
from jiwon.programs.models import Program
from jiwon.programs.services.bulk import ProgramRecord, programs_bulk_create
from jiwon.programs.services.programs import ProgramInput
from jiwon.programs.workflow import ProgramStatus

FIRST_YEAR = 2017
ARTICLE_YEAR = 2021
# The years the first article compares: the figures of its 201 companies for them are its own.
ARTICLE_FIGURE_YEARS = frozenset({2020, 2021})
BUDGET_GROWTH = 1.08
CAST_GROWTH = 1.06
CAST_2021 = 201
SERIES_FROM = {"G240": 2019, "BLUE100": 2020, "ACE20": 2021}
LADDER_RUNG = {"G240": GrowthStage.G240, "BLUE100": GrowthStage.BLUE100, "ACE20": GrowthStage.ACE20}
OLD_CLOSINGS_FROM = 2022
SOURCE_TYPE = "demo"
# A year's outcome records at 2021's scale, grown like the cast.
RECORDS_2021 = {"investments": 42, "patents": 40, "certifications": 15, "mous": 9, "awards": 9}
INVESTMENT_2021_WON = 18_400_000_000
INVESTMENT_UNIT_WON = 10_000_000
_CHUNK = 900


def _rng(label: str) -> random.Random:
    return random.Random(f"jiwon-demo-living:{SEED}:{label}")


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True)
class Town:
    """Who is in the city when, from the plan: the article companies (the 2021 movers only
    from their move), the newcomers from their day, nobody after closing."""

    companies: list[CompanySpec]
    cast: Cast
    closed: dict[str, date]
    moved_in: dict[str, date]

    def active(self, day: date) -> list[CompanySpec]:
        return [c for c in self.companies if self.in_city(c, day)]

    def in_city(self, c: CompanySpec, day: date) -> bool:
        if c.founded_on is None or c.founded_on > day:
            return False
        if (closed := self.closed.get(c.brn)) and closed <= day:
            return False
        arrived = self.moved_in.get(c.brn) or c.arrived_on
        return arrived is None or arrived <= day


def old_closings(cast: Cast, anyang: list[CompanySpec], owner: str, today: date) -> dict[str, date]:
    """From 2022, about one in a hundred older companies closes a year: never one on the
    ladder, one the 2021 records are about, or the demo company."""
    spared = {c.brn for c in cast.supported} | {c.brn for c in cast.movers} | {owner}
    closings = {}
    for c in anyang:
        if c.growth_stage or c.brn in spared:
            continue
        rng = _rng(f"closing:{c.brn}")
        year = OLD_CLOSINGS_FROM + int(rng.random() * 100)
        day = day_between(rng, date(year, 1, 2), date(year, 12, 28))
        if day <= today:
            closings[c.brn] = day
    return closings


def town(context: DemoContext) -> Town | None:
    plan = context.plan
    if len(plan.anyang) < ANYANG_COMPANIES:
        return None
    anyang = plan.anyang[:ANYANG_COMPANIES]
    cast = cast_2021(anyang, plan.outside[: len(plan.outside)])
    closed = old_closings(cast, anyang, plan.owner_company_brn, context.today)
    closed.update({c.brn: c.closed_on for c in plan.founded if c.closed_on})
    return Town(
        companies=anyang + plan.founded,
        cast=cast,
        closed=closed,
        moved_in=dict(cast.moved_on),
    )


def load_living(context: DemoContext) -> int:
    """Close the companies that have closed by the load day and add every year but the
    articles' from 2017 to last year, and this year's outcome records so far; return how many
    rows were added."""
    place = town(context)
    if place is None:
        return 0
    agency = Agency.objects.get(code=demo_programs.AGENCY["code"])
    ids = company_ids([c.brn for c in place.companies])
    added = _close(place, ids)
    added += _promote(place, ids)
    added += _relocations(place, ids, agency, context)
    years = [y for y in range(FIRST_YEAR, context.today.year) if y != ARTICLE_YEAR]
    article_companies = {c.brn for c in place.cast.supported}
    programs, created = _programmes(agency, years)
    ledger: list[SupportLedgerEntry] = []
    figures: list[tuple[CompanySpec, int]] = []
    records: list[OutcomeRecord] = []
    for year in years:
        cast = _year_cast(place, year)
        ledger += _ledger(year, cast, programs, ids)
        figures += [
            (c, x)
            for c in cast
            for x in (year - 1, year)
            if x < context.today.year
            and not (x in ARTICLE_FIGURE_YEARS and c.brn in article_companies)
        ]
        records += _records(year, cast, ids, until=date(year, 12, 24))
    this_year = context.today.year
    start = date(this_year, 1, 1)
    records += _records(
        this_year,
        _year_cast(place, this_year),
        ids,
        until=context.today,
        share=((context.today - start).days + 1) / 365,
    )
    added += len(_ledger_add(agency, ledger))
    added += _figures_add(agency, figures, ids)
    added += _records_add(agency, records)
    return added + len(created)


def company_ids(brns: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(set(brns))):
        ids.update(
            (brn, pk)
            for brn, pk in Company.objects.filter(brn__in=chunk).values_list("brn", "id")
            if brn
        )
    return ids


def _close(place: Town, ids: dict[str, int]) -> int:
    open_ones = Company.objects.filter(
        pk__in=[ids[brn] for brn in place.closed if brn in ids], closed_on__isnull=True
    )
    by_pk = {pk: brn for brn, pk in ids.items()}
    for company in open_ones.order_by("pk"):
        company_close(
            actor=DEMO,
            company=company,
            closed_on=place.closed[by_pk[company.pk]],
            reason="폐업 신고",
        )
    return len(open_ones)


def _promote(place: Town, ids: dict[str, int]) -> int:
    """The ladder promotions of companies registered by an earlier load that came after it."""
    climbing = [c for c in place.companies[ANYANG_COMPANIES:] if c.stages and c.brn in ids]
    recorded = set(
        GrowthStageChange.objects.filter(company_id__in=[ids[c.brn] for c in climbing]).values_list(
            "company_id", "stage", "effective_on"
        )
    )
    due = [
        (c, s)
        for c in climbing
        for s in c.stages
        if (ids[c.brn], s.stage, s.effective_on) not in recorded
    ]
    companies = Company.objects.in_bulk([ids[c.brn] for c, _s in due])
    for c, s in due:
        company_set_growth_stage(
            actor=DEMO,
            company=companies[ids[c.brn]],
            stage=s.stage,
            effective_on=s.effective_on,
            reason=s.reason,
        )
    return len(due)


def _relocations(place: Town, ids: dict[str, int], agency: Agency, context: DemoContext) -> int:
    """The newcomers that moved in: a relocation record from elsewhere on their day."""
    arrivals = [c for c in place.companies if c.arrived_on and c.brn in ids]
    have = set(
        Relocation.objects.filter(
            company_id__in=[ids[c.brn] for c in arrivals], direction=Relocation.Direction.IN
        ).values_list("company_id", flat=True)
    )
    rng = _rng("arrivals")
    new: list[OutcomeRecord] = []
    for c in arrivals:
        code = pick_region(rng)
        if ids[c.brn] in have or c.arrived_on is None:
            continue
        new.append(
            Relocation(
                company_id=ids[c.brn],
                occurred_on=c.arrived_on,
                provenance=Provenance.AGENCY,
                direction=Relocation.Direction.IN,
                other_region_code=code,
                other_place=context.region_names[code],
            )
        )
    return sum(outcome_records_bulk_add(actor=DEMO, agency=agency, records=new).values())


def _budget(template: demo_programs.Template, year: int) -> int:
    return int(round(template.budget_won * BUDGET_GROWTH ** (year - ARTICLE_YEAR), -6))


def _programmes(
    agency: Agency, years: list[int]
) -> tuple[dict[tuple[int, str], Program], list[Program]]:
    """The agency's programmes by (year, series), with the completed ones of `years` added
    where missing (returned second)."""
    templates = {t.series: t for t in demo_programs.TEMPLATES}
    existing = {(p.fiscal_year, p.series): p for p in Program.objects.filter(agency=agency)}
    records, keys = [], []
    for year in years:
        for series, month, day, window in demo_programs.SCHEDULE_2021:
            if (year, series) in existing or year < SERIES_FROM.get(series, FIRST_YEAR):
                continue
            t = templates[series]
            notice = date(year, month, day)
            plan = demo_programs.ProgramPlan(
                t,
                year,
                notice,
                _at(notice + timedelta(days=1), 9),
                _at(notice + timedelta(days=1 + window), 18),
                ProgramStatus.COMPLETED,
            )
            records.append(
                ProgramRecord(
                    data=ProgramInput(
                        agency=agency,
                        fiscal_year=year,
                        series=series,
                        title_ko=f"{year}년 {t.title_ko}",
                        title_en=f"{year} {t.title_en}",
                        category=t.category,
                        summary=t.summary,
                        notice_text=demo_programs.notice_text(plan, agency.name_ko),
                        target_text=t.target_text,
                        budget_won=_budget(t, year),
                        quota=t.quota,
                        notice_date=notice,
                        opens_at=plan.opens_at,
                        closes_at=plan.closes_at,
                        growth_stage=t.growth_stage,
                        contact_name=f"{agency.name_ko} {t.department}",
                    ),
                    status=ProgramStatus.COMPLETED,
                    published_at=_at(notice, 9),
                    rule=t.rule,
                    rule_effective_from=notice,
                    rule_note="demo",
                )
            )
            keys.append((year, series))
    created = programs_bulk_create(actor=DEMO, records=records)
    return {**existing, **dict(zip(keys, created, strict=True))}, created


def _year_cast(place: Town, year: int) -> list[CompanySpec]:
    """The companies the agency supports in `year`: its ladder promotions, then young
    companies and established SMEs in the city that year, CAST_GROWTH more a year."""
    mid = date(year, 6, 30)
    active = place.active(mid)
    size = round(CAST_2021 * CAST_GROWTH ** (year - ARTICLE_YEAR))
    ladder = [c for c in active if any(s.effective_on.year == year for s in c.stages)]
    taken = {c.brn for c in ladder}
    rng = _rng(f"cast:{year}")
    born_after = add_years(mid, -7)
    young = [c for c in active if c.brn not in taken and c.founded_on and c.founded_on > born_after]
    taken |= {c.brn for c in young}
    smes = [c for c in active if c.brn not in taken and 5 <= c.employees <= 60]
    rest = max(0, size - len(ladder))
    picked = pick_some(rng, young, rest * 2 // 5, smes)
    chosen = {c.brn for c in picked}
    picked += pick_some(rng, [c for c in smes if c.brn not in chosen], rest - len(picked), active)
    position = {c.brn: i for i, c in enumerate(place.companies)}
    return sorted(ladder + picked, key=lambda c: position[c.brn])


def _closing_day(series: str, year: int) -> date:
    for s, month, day, window in demo_programs.SCHEDULE_2021:
        if s == series:
            return date(year, month, day) + timedelta(days=1 + window)
    raise KeyError(series)


def _ledger(
    year: int,
    cast: list[CompanySpec],
    programs: dict[tuple[int, str], Program],
    ids: dict[str, int],
) -> list[SupportLedgerEntry]:
    """A year's support over its cast, each programme's rows adding up to its budget."""
    recipients: dict[str, list[CompanySpec]] = {}
    for series in LADDER_SUPPORT:
        rung = LADDER_RUNG[series]
        recipients[series] = [
            c
            for c in cast
            if any(s.stage == rung and s.effective_on.year == year for s in c.stages)
        ]
    tenants: list[CompanySpec] = []
    for series, (kind, n, prefers) in SUPPORT.items():
        housed = {c.brn for c in tenants}
        pool = [c for c in cast if c.brn not in housed] if kind == SupportKind.TENANCY else cast
        wanted = round(n * CAST_GROWTH ** (year - ARTICLE_YEAR))
        picked = pick_some(_rng(f"{year}:{series}"), [c for c in pool if prefers(c)], wanted, pool)
        recipients[series] = picked
        if kind == SupportKind.TENANCY:
            tenants += picked
    reached = {c.brn for group in recipients.values() for c in group}
    recipients["IP"] += [c for c in cast if c.brn not in reached]
    kinds = {**LADDER_SUPPORT, **{series: kind for series, (kind, _n, _p) in SUPPORT.items()}}
    rows = []
    for series, companies in recipients.items():
        program = programs.get((year, series))
        if program is None or not companies:
            continue
        rng = _rng(f"ledger:{year}:{series}")
        amounts = apportion(
            program.budget_won // 10_000, [rng.uniform(0.6, 1.4) for _ in companies], 1
        )
        closing = _closing_day(series, year)
        for company, amount in zip(companies, amounts, strict=True):
            day = (
                next((s.effective_on for s in company.stages if s.effective_on.year == year), None)
                if series in LADDER_SUPPORT
                else None
            )
            day = day or day_between(
                rng, closing + timedelta(days=10), closing + timedelta(days=40)
            )
            day = max(min(day, date(year, 12, 20)), company.founded_on or day)
            kind = kinds[series]
            end: date | None = None
            if kind == SupportKind.TENANCY:
                # Two-year terms as in 2021; before it, yearly ones, so that the article's
                # 120 tenants of 2021 are its own.
                end = (
                    date(year, 12, 31)
                    if year < ARTICLE_YEAR
                    else add_years(day, 2) - timedelta(days=1)
                )
            elif kind in (SupportKind.EDUCATION, SupportKind.MENTORING):
                end = day + timedelta(days=rng.randint(14, 60))
            rows.append(
                SupportLedgerEntry(
                    company_id=ids[company.brn],
                    program=program,
                    kind=kind,
                    amount_won=amount * 10_000,
                    supported_on=day,
                    period_end=end,
                    description=DESCRIPTION[SupportKind(kind)],
                    source_type=SOURCE_TYPE,
                    source_id=f"{year}:{series}:{company.brn}",
                    provenance=Provenance.AGENCY,
                )
            )
    return rows


def _ledger_add(agency: Agency, rows: list[SupportLedgerEntry]) -> list[SupportLedgerEntry]:
    have: set[str] = set()
    for chunk in _chunks(sorted(r.source_id for r in rows)):
        have.update(
            SupportLedgerEntry.objects.filter(
                source_type=SOURCE_TYPE, source_id__in=chunk
            ).values_list("source_id", flat=True)
        )
    return ledger_entries_bulk_add(
        actor=DEMO, agency=agency, entries=[r for r in rows if r.source_id not in have]
    )


def _figures_add(agency: Agency, wanted: list[tuple[CompanySpec, int]], ids: dict[str, int]) -> int:
    """Employees and sales of the supported companies for the wanted years, grown from the
    nearest figure they have (the articles' years) or from the registry's headcount and sales
    (which stand for 2026) at the company's own rate: supported companies grow."""
    company_ids = sorted({ids[c.brn] for c, _y in wanted})
    known: dict[tuple[int, str], dict[int, int]] = {}
    for chunk in _chunks(company_ids):
        for company_id, year, metric, value in YearFigure.objects.filter(
            company_id__in=chunk
        ).values_list("company_id", "year", "metric", "value"):
            known.setdefault((company_id, metric), {})[year] = value
    new, seen = [], set()
    for c, year in wanted:
        pk = ids[c.brn]
        if c.founded_on is None or year < c.founded_on.year:
            continue
        for metric, registry, low, high in (
            (Metric.EMPLOYEES, c.employees, 0.01, 0.09),
            (Metric.SALES_WON, c.annual_sales_won, 0.04, 0.16),
        ):
            series = known.setdefault((pk, metric), {})
            if year in series or (pk, year, metric) in seen:
                continue
            rate = _rng(f"{metric}:{c.brn}").uniform(low, high)
            anchor_year = min(series, key=lambda y: (abs(y - year), y)) if series else 2026
            anchor = series.get(anchor_year, registry)
            grown = anchor * (1 + rate) ** (year - anchor_year)
            value = (
                max(1, round(grown)) if metric == Metric.EMPLOYEES else int(grown) // 1000 * 1000
            )
            seen.add((pk, year, metric))
            new.append(
                YearFigure(
                    company_id=pk,
                    year=year,
                    metric=metric,
                    value=value,
                    provenance=Provenance.AGENCY,
                )
            )
    return len(year_figures_bulk_add(actor=DEMO, agency=agency, figures=new))


def _records(
    year: int,
    cast: list[CompanySpec],
    ids: dict[str, int],
    *,
    until: date,
    share: float = 1.0,
) -> list[OutcomeRecord]:
    """A year's investments, IP, MOUs and awards among its cast, dated up to `until`;
    `share` of a full year (this year so far), at least one of each."""
    if not cast:
        return []
    start = min(date(year, 1, 11), until)
    scale = CAST_GROWTH ** (year - ARTICLE_YEAR) * share

    def count(kind: str) -> int:
        return max(1, round(RECORDS_2021[kind] * scale))

    def day(rng: random.Random) -> date:
        return day_between(rng, start, until)

    rng = _rng(f"records:{year}")
    records: list[OutcomeRecord] = []
    base = {"provenance": Provenance.AGENCY}
    ladder = [c for c in cast if c.growth_stage] or cast
    deals = [(c, rng.choice(list(ROUNDS))) for c in rng.choices(ladder, k=count("investments"))]
    total = int(INVESTMENT_2021_WON * scale) // INVESTMENT_UNIT_WON
    units = apportion(max(total, 5 * len(deals)), [ROUNDS[r] for _c, r in deals], 5)
    for (c, round_), n in zip(deals, units, strict=True):
        records.append(
            Investment(
                company_id=ids[c.brn],
                occurred_on=day(rng),
                amount_won=n * INVESTMENT_UNIT_WON,
                investor=rng.choice(INVESTORS[round_]),
                round=round_,
                **base,
            )
        )
    number = 3_000_000 + (year - FIRST_YEAR) * 100_000
    for _n in range(count("patents")):
        number += rng.randint(400, 2_800)
        records.append(
            IntellectualProperty(
                company_id=ids[rng.choice(cast).brn],
                occurred_on=day(rng),
                kind=IntellectualProperty.Kind.PATENT,
                number=f"10-{number}",
                title=rng.choice(PATENT_TITLES),
                **base,
            )
        )
    for n in range(1, count("certifications") + 1):
        prefix, title = rng.choice(CERTIFICATES)
        records.append(
            IntellectualProperty(
                company_id=ids[rng.choice(cast).brn],
                occurred_on=day(rng),
                kind=IntellectualProperty.Kind.CERTIFICATION,
                number=f"{prefix}-{year}-{rng.randint(1, 999):03d}{n:02d}",
                title=title,
                **base,
            )
        )
    for c in rng.sample(cast, min(len(cast), count("mous"))):
        records.append(
            Agreement(
                company_id=ids[c.brn],
                occurred_on=day(rng),
                kind=Agreement.Kind.MOU,
                counterparty=rng.choice(MOU_PARTNERS),
                title="업무 협력 MOU",
                **base,
            )
        )
    for _n in range(count("awards")):
        name, by = rng.choice(AWARD_NAMES)
        records.append(
            Award(
                company_id=ids[rng.choice(cast).brn],
                occurred_on=day(rng),
                name=name,
                awarded_by=by,
                **base,
            )
        )
    return records


def _records_add(agency: Agency, records: list[OutcomeRecord]) -> int:
    """The records of the years that have none from the demo yet (a year is added whole)."""
    years = {r.occurred_on.year for r in records}
    done = set(
        Investment.objects.filter(
            occurred_on__year__in=years, provenance=Provenance.AGENCY, entered_by__isnull=True
        ).values_list("occurred_on__year", flat=True)
    )
    new = [r for r in records if r.occurred_on.year not in done]
    return sum(outcome_records_bulk_add(actor=DEMO, agency=agency, records=new).values())
