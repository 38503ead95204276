"""The demo companies, generated without touching the database.

What the numbers mean:
- `anyang`: exactly `n_anyang` companies (default 1,812, Anyang's company count in the seed
  article) of kind company whose address is in 만안구 (41171) or 동안구 (41173), so `is_local` is
  true. Only these count toward the 1,812.
- `outside`: about 60 per 1,812 companies in neighbouring Gyeonggi cities and Seoul (not local).
- `prefounders`: 20 예비창업자 in Anyang (kind prefounder, no business number), keyed by their
  email demo-prefounder-N@example.com. They are extra, not part of the 1,812.

The growth ladder (current stage, among the Anyang companies): G240 225, BLUE100 103, ACE20 20,
안양형 유니콘 2. Each ladder company carries its dated history. The seed article's "228 applied,
103 selected" for Blue100 in 2021 is the ladder on the 2021 Blue100 notice date: 228 companies were
at G240 then (the 103 selected that year and 125 of today's G240), the other 100 of today's G240
joined later (2021–2025), and the ACE20 and unicorn companies had already been selected for Blue100
in 2020 (G240 in 2019; ACE20 in 2022–2023, unicorn in 2024–2025). Below 1,812 companies the ladder
shrinks in proportion.

Founding dates follow the city's count in the second seed article, 1,716 companies in 2015 and
1,812 at the end of August 2017: every Anyang company was founded by 31 August 2017, exactly 96 of
the 1,812 after 2015 (jiwon.demo.outcomes adds the moves in and out of the city that keep
those counts true on the registry: see its docstring).

Determinism: company i draws from its own `random.Random` seeded with (SEED, group, i), and the
ladder always lives within the first 1,812. So for any `n_anyang` of 1,812 or more the first 1,812
companies are identical: `--companies 100000` contains the default data set.
"""

import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from jiwon.companies.models import CertificationKind, GrowthStage, LegalForm
from jiwon.demo import identities, vocab
from jiwon.demo.identities import Used, pick

SEED = 20261122
# The dataset's "today": fixed so the output never depends on the day it is loaded.
REFERENCE_DATE = date(2026, 11, 22)
ANYANG_COMPANIES = 1812
LADDER: dict[str, int] = {
    GrowthStage.G240: 225,
    GrowthStage.BLUE100: 103,
    GrowthStage.ACE20: 20,
    GrowthStage.UNICORN: 2,
}
OUTSIDE_PER_ANYANG = 60 / ANYANG_COMPANIES
PREFOUNDERS = 20
PREFOUNDER_EMAIL = "demo-prefounder-{n}@example.com"

BLUE100_ROUNDS = (
    (date(2021, 4, 30), "2021년 Blue100 1차 선정"),
    (date(2021, 7, 30), "2021년 Blue100 2차 선정"),
    (date(2021, 10, 29), "2021년 Blue100 3차 선정"),
)
ACE20_ROUNDS = ((date(2022, 6, 30), "2022년 ACE20 선정"), (date(2023, 6, 30), "2023년 ACE20 선정"))
UNICORN_ROUNDS = (
    (date(2024, 12, 20), "2024년 안양형 유니콘 선정"),
    (date(2025, 12, 19), "2025년 안양형 유니콘 선정"),
)
# Of today's G240 companies, how many were already at G240 (since 2020) on the day of the 2021
# Blue100 call (2 March, programs.SCHEDULE_2021): with the 103 selected in 2021 they make the 228
# applicants of the seed article.
G240_IN_2021_POOL = 125
BLUE100_2020_ROUNDS = (
    (date(2020, 5, 29), "2020년 Blue100 1차 선정"),
    (date(2020, 10, 30), "2020년 Blue100 2차 선정"),
)
# Every Anyang company was founded by LATEST_FOUNDING, exactly RECENTLY_FOUNDED of the 1,812
# after FOUNDED_BY_2015 (1,716 companies in 2015, 1,812 in August 2017).
FOUNDED_BY_2015 = date(2015, 12, 31)
LATEST_FOUNDING = date(2017, 8, 31)
RECENTLY_FOUNDED = 96
# Afterwards (the living agency): companies appearing in the city a year, about a fifth of
# them moving in; with the closings that keeps the city's net growth near 2015–2017's.
FOUNDINGS_PER_YEAR = 75
# Founding dates of ladder companies are drawn over these windows per current stage (a Blue100
# company was under 7 years old in 2021) and a date after LATEST_FOUNDING is folded into
# LADDER_FOLD. Folding rather than drawing over a narrower window keeps every date that already
# fell before LATEST_FOUNDING, and with it the rest of that company: the demo company among them.
LADDER_FOUNDING: dict[str, tuple[date, date]] = {
    GrowthStage.G240: (date(2016, 1, 1), date(2024, 12, 31)),
    GrowthStage.BLUE100: (date(2014, 7, 1), date(2020, 9, 15)),
    GrowthStage.ACE20: (date(2014, 7, 1), date(2019, 12, 31)),
    GrowthStage.UNICORN: (date(2014, 7, 1), date(2017, 12, 31)),
}
LADDER_FOLD = (date(2014, 7, 1), FOUNDED_BY_2015)
TECH_SECTORS = frozenset(
    {"electronics", "software", "instruments", "research", "chem_bio", "engineering"}
)
# Share of each ladder stage holding a venture confirmation (벤처기업 확인).
LADDER_VENTURE: dict[str, float] = {
    GrowthStage.G240: 0.35,
    GrowthStage.BLUE100: 0.75,
    GrowthStage.ACE20: 0.95,
    GrowthStage.UNICORN: 1.0,
}
CERT_PREFIX: dict[str, str] = {
    CertificationKind.VENTURE: "V",
    CertificationKind.INNOBIZ: "IB",
    CertificationKind.MAINBIZ: "MB",
    CertificationKind.WOMEN: "W",
    CertificationKind.SOCIAL: "SE",
    CertificationKind.DISABLED: "D",
    CertificationKind.SMALL_MANUFACTURER: "SM",
}


@dataclass
class CertificationSpec:
    kind: str
    number: str
    valid_from: date
    valid_to: date | None


@dataclass
class StageSpec:
    stage: str
    effective_on: date
    reason: str


@dataclass
class CompanySpec:
    kind: str
    brn: str  # "" for a pre-founder
    crn: str
    legal_form: str
    name_ko: str
    name_en: str
    representative_name: str
    representative_birth_date: date
    founded_on: date | None
    ksic_code: str
    region_code: str
    address: str
    employees: int
    annual_sales_won: int
    growth_stage: str
    email: str
    phone: str
    certifications: list[CertificationSpec] = field(default_factory=list)
    stages: list[StageSpec] = field(default_factory=list)
    # Companies founded after August 2017 (DemoPlan.founded): the day one moved into the city
    # from elsewhere (founded before), and the day one closed, if it has by the load day.
    arrived_on: date | None = None
    closed_on: date | None = None


@dataclass
class DemoPlan:
    anyang: list[CompanySpec]
    outside: list[CompanySpec]
    prefounders: list[CompanySpec]
    owner_company_brn: str
    # Anyang companies founded (or moved in) after the second article, up to the load day.
    founded: list[CompanySpec] = field(default_factory=list)

    @property
    def companies(self) -> list[CompanySpec]:
        return self.anyang + self.outside + self.founded


def _rng(group: str, index: int) -> random.Random:
    return random.Random(f"jiwon-demo:{SEED}:{group}:{index}")


# More companies were founded recently: the weight grows about 7% a year.
_FOUNDING_YEARS = tuple(
    (y, math.exp((y - 1985) / 14)) for y in range(1985, FOUNDED_BY_2015.year + 1)
)
_SECTORS = tuple((s, s.weight) for s in vocab.SECTORS)
_LADDER_SECTORS = tuple((s, s.ladder_weight) for s in vocab.SECTORS)


def _date_between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


def ladder_counts(n_anyang: int) -> dict[str, int]:
    if n_anyang >= ANYANG_COMPANIES:
        return dict(LADDER)
    return {stage: n * n_anyang // ANYANG_COMPANIES for stage, n in LADDER.items()}


def _scaled(n: int, n_anyang: int) -> int:
    return n if n_anyang >= ANYANG_COMPANIES else n * n_anyang // ANYANG_COMPANIES


def _ladder_draw(n_anyang: int) -> list[int]:
    pool = min(n_anyang, ANYANG_COMPANIES)
    return random.Random(f"jiwon-demo:{SEED}:ladder:{pool}").sample(
        range(pool), sum(ladder_counts(n_anyang).values())
    )


def ladder_slots(n_anyang: int) -> dict[int, str]:
    """Which Anyang company indexes sit on the growth ladder, and at which stage. The ladder
    always lives within the first 1,812 companies, so it is the same for any larger run."""
    chosen = _ladder_draw(n_anyang)
    slots: dict[int, str] = {}
    start = 0
    for stage, n in ladder_counts(n_anyang).items():
        for index in chosen[start : start + n]:
            slots[index] = stage
        start += n
    return slots


def g240_2021_pool(n_anyang: int) -> set[int]:
    """The indexes of today's G240 companies that were already at G240 on the day of the 2021
    Blue100 call (the G240 slots come first in the ladder draw)."""
    return set(_ladder_draw(n_anyang)[: _scaled(G240_IN_2021_POOL, n_anyang)])


def _birth_for_age(rng: random.Random, age: int) -> date:
    """A birth date giving exactly `age` full years (만 나이) on REFERENCE_DATE."""
    latest = add_years(REFERENCE_DATE, -age)
    return _date_between(rng, add_years(REFERENCE_DATE, -age - 1) + timedelta(days=1), latest)


def _founding(rng: random.Random, stage: str) -> date:
    if stage:
        day = _date_between(rng, *LADDER_FOUNDING[stage])
        if day <= LATEST_FOUNDING:
            return day
        start, end = LADDER_FOLD
        return start + timedelta(days=(day - LATEST_FOUNDING).days % ((end - start).days + 1))
    year = pick(rng, _FOUNDING_YEARS)
    return _date_between(rng, date(year, 1, 1), date(year, 12, 31))


def _settle_recent_founding(anyang: list[CompanySpec], n_anyang: int) -> None:
    """Re-date companies founded by 2015 off the ladder into 2016 – August 2017 until exactly
    RECENTLY_FOUNDED of the first 1,812 were founded after 2015. Founding later changes nothing
    else about them: their representatives were still adults then, their certifications start
    after 2020 and their sales ramp ended long before."""
    pool = anyang[: min(n_anyang, ANYANG_COMPANIES)]
    missing = _scaled(RECENTLY_FOUNDED, n_anyang) - sum(
        1 for c in pool if c.founded_on and c.founded_on > FOUNDED_BY_2015
    )
    if missing <= 0:
        return
    rng = random.Random(f"jiwon-demo:{SEED}:recent:{len(pool)}")
    candidates = [c for c in pool if not c.growth_stage]
    for company in rng.sample(candidates, missing):
        company.founded_on = _date_between(
            rng, FOUNDED_BY_2015 + timedelta(days=1), LATEST_FOUNDING
        )


def _birth(rng: random.Random, *, stage: str, founded: date) -> date:
    """Representatives were at least 21 at founding. Ladder companies are youth startups (만 39세
    이하 when selected), except some 중장년 founders in G240; the rest are 25–70 today."""
    latest_plausible = add_years(founded, -21)
    if stage and (stage != GrowthStage.G240 or rng.random() < 0.85):
        return _date_between(rng, date(1982, 1, 1), min(date(1999, 12, 31), latest_plausible))
    if stage:
        return _date_between(rng, date(1962, 1, 1), min(date(1981, 12, 31), latest_plausible))
    years_running = (REFERENCE_DATE - founded).days // 365
    youngest = max(25, min(years_running + 22, 62))
    age = round(rng.triangular(youngest, 70, max(youngest, 50)))
    return _birth_for_age(rng, age)


def _employees(rng: random.Random, sector: vocab.Sector, stage: str) -> int:
    """Most companies are small; the spread is set so the 1,812 employ about 32,000 people,
    the figure in the seed article."""
    if stage == GrowthStage.UNICORN:
        return rng.randint(120, 260)
    if stage == GrowthStage.ACE20:
        return rng.randint(25, 90)
    if stage == GrowthStage.BLUE100:
        return max(2, min(60, round(rng.lognormvariate(math.log(9), 0.6))))
    if stage == GrowthStage.G240:
        return max(1, min(30, round(rng.lognormvariate(math.log(4), 0.7))))
    return max(1, min(1500, round(rng.lognormvariate(math.log(sector.employees_median), 1.35))))


def _sales(rng: random.Random, sector: vocab.Sector, employees: int, founded: date) -> int:
    """Integer won, rounded down to 1,000 won; roughly proportional to headcount, lower in the
    first two years."""
    if founded.year >= 2025 and rng.random() < 0.3:
        return 0
    ramp = min(1.0, max(0.2, (REFERENCE_DATE - founded).days / 730))
    amount = employees * sector.sales_per_employee_won * rng.lognormvariate(0, 0.5) * ramp
    return int(amount) // 1000 * 1000


def _stages(
    rng: random.Random, *, stage: str, founded: date, in_2021_pool: bool
) -> list[StageSpec]:
    """G240 companies joined in 2020, before the 2021 Blue100 call (`in_2021_pool`), or
    after it; Blue100 companies joined G240 in 2020 and were selected in 2021; ACE20 and
    unicorn companies are a year ahead (G240 in 2019, Blue100 in 2020)."""
    if not stage:
        return []
    if stage == GrowthStage.G240:
        if in_2021_pool:
            start = max(date(2020, 3, 2), founded + timedelta(days=120))
            day = _date_between(rng, start, date(2020, 12, 15))
        else:
            start = max(date(2021, 3, 26), founded + timedelta(days=120))
            day = _date_between(rng, start, date(2025, 10, 31))
        return [StageSpec(GrowthStage.G240, day, f"{day.year}년 G240 육성기업 선정")]
    first_year = 2020 if stage == GrowthStage.BLUE100 else 2019
    start = max(date(first_year, 1, 15), founded + timedelta(days=90))
    g240 = _date_between(rng, start, date(first_year, 12, 13))
    history = [StageSpec(GrowthStage.G240, g240, f"{first_year}년 G240 육성기업 선정")]
    # Blue100 takes companies under 7 years old: a company founded in mid-2014 made only the
    # first round of 2021.
    blue100_rounds = tuple(
        (day, reason)
        for day, reason in (BLUE100_ROUNDS if stage == GrowthStage.BLUE100 else BLUE100_2020_ROUNDS)
        if day < add_years(founded, 7)
    )
    for ladder_stage, rounds in (
        (GrowthStage.BLUE100, blue100_rounds),
        (GrowthStage.ACE20, ACE20_ROUNDS),
        (GrowthStage.UNICORN, UNICORN_ROUNDS),
    ):
        day, reason = rng.choice(rounds)
        history.append(StageSpec(ladder_stage, day, reason))
        if ladder_stage == stage:
            break
    return history


def _certification(rng: random.Random, kind: str, founded: date) -> CertificationSpec | None:
    """Valid from some day in the last six years (after founding); valid three years except
    사회적기업 (open-ended). About two in five have expired by REFERENCE_DATE."""
    start = max(founded + timedelta(days=90), add_years(REFERENCE_DATE, -6))
    end = REFERENCE_DATE - timedelta(days=14)
    if start > end:
        return None
    valid_from = _date_between(rng, start, end)
    valid_to = (
        None if kind == CertificationKind.SOCIAL else add_years(valid_from, 3) - timedelta(days=1)
    )
    number = f"{CERT_PREFIX[kind]}{valid_from.year}{rng.randint(1, 99999):05d}"
    return CertificationSpec(kind, number, valid_from, valid_to)


def _certifications(
    rng: random.Random,
    *,
    sector: vocab.Sector,
    stage: str,
    female: bool,
    employees: int,
    founded: date,
) -> list[CertificationSpec]:
    established = founded <= add_years(REFERENCE_DATE, -3)
    venture = LADDER_VENTURE.get(stage, 0.18 if sector.key in TECH_SECTORS else 0.05)
    if stage in (GrowthStage.ACE20, GrowthStage.UNICORN):
        innobiz = 0.5
    elif employees >= 5 and (sector.manufacturing or sector.key in TECH_SECTORS):
        innobiz = 0.13
    else:
        innobiz = 0.02
    mainbiz = (0.04 if sector.manufacturing else 0.1) if employees >= 3 else 0.0
    rates = (
        (CertificationKind.VENTURE, venture),
        (CertificationKind.INNOBIZ, innobiz if established else 0.0),
        (CertificationKind.MAINBIZ, mainbiz if established else 0.0),
        (CertificationKind.WOMEN, 0.7 if female else 0.0),
        (CertificationKind.SOCIAL, 0.01),
        (CertificationKind.DISABLED, 0.01),
        (
            CertificationKind.SMALL_MANUFACTURER,
            0.15 if sector.manufacturing and employees < 10 else 0.0,
        ),
    )
    result = []
    for kind, rate in rates:
        if rng.random() < rate and (cert := _certification(rng, kind, founded)):
            result.append(cert)
    return result


def _company(
    rng: random.Random,
    *,
    index: int,
    stage: str,
    in_2021_pool: bool = False,
    region_code: str | None,
    region_names: dict[str, str],
    offices,
    used: Used,
) -> CompanySpec:
    corporation = rng.random() < (0.88 if stage else 0.6)
    brn = identities.brn(rng, offices=offices, corporation=corporation, used=used)
    sector = pick(rng, _LADDER_SECTORS if stage else _SECTORS)
    ksic_code = pick(rng, sector.codes)
    if region_code is None:
        dongan = rng.random() < sector.dongan_share
        region_code = "41173" if dongan else "41171"
    crn, crn_kind = identities.crn(rng, used) if corporation else ("", None)
    name_ko, name_en = identities.names(rng, sector, crn_kind=crn_kind, used=used)
    female = rng.random() < (0.18 if stage else 0.14)
    founded = _founding(rng, stage)
    employees = _employees(rng, sector, stage)
    slug = "".join(ch for ch in name_en.split(" ")[0].lower() if ch.isalnum())
    return CompanySpec(
        kind="company",
        brn=brn,
        crn=crn,
        legal_form=LegalForm.CORPORATION if corporation else LegalForm.INDIVIDUAL,
        name_ko=name_ko,
        name_en=name_en,
        representative_name=identities.person(rng, female=female),
        representative_birth_date=_birth(rng, stage=stage, founded=founded),
        founded_on=founded,
        ksic_code=ksic_code,
        region_code=region_code,
        address=identities.address(
            rng,
            region_code=region_code,
            region_name=region_names[region_code],
            office=not sector.manufacturing,
        ),
        employees=employees,
        annual_sales_won=_sales(rng, sector, employees, founded),
        growth_stage=stage,
        email=f"{slug}.{index}@example.com",
        phone=identities.phone(rng, region_code),
        certifications=_certifications(
            rng, sector=sector, stage=stage, female=female, employees=employees, founded=founded
        ),
        stages=_stages(rng, stage=stage, founded=founded, in_2021_pool=in_2021_pool),
    )


def _prefounder(rng: random.Random, n: int, region_names: dict[str, str]) -> CompanySpec:
    """Half are 중장년 (40+) for the middle-aged startup centre, half youth (under 40)."""
    sector = pick(rng, _LADDER_SECTORS)
    female = rng.random() < 0.3
    age = rng.randint(41, 62) if n % 2 else rng.randint(24, 38)
    region_code = rng.choice(vocab.LOCAL_DISTRICTS)
    stem_ko, stem_en = identities.names(rng, sector, crn_kind=None, used=Used())
    return CompanySpec(
        kind="prefounder",
        brn="",
        crn="",
        legal_form="",
        name_ko=f"(가칭) {stem_ko}",
        name_en=stem_en,
        representative_name=identities.person(rng, female=female),
        representative_birth_date=_birth_for_age(rng, age),
        founded_on=None,
        ksic_code=pick(rng, sector.codes),
        region_code=region_code,
        address=identities.address(
            rng, region_code=region_code, region_name=region_names[region_code], office=True
        ),
        employees=0,
        annual_sales_won=0,
        growth_stage="",
        email=PREFOUNDER_EMAIL.format(n=n),
        phone=f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}",
    )


def _young_employees(rng: random.Random, founded: date, today: date) -> int:
    years = max(0.0, (today - founded).days / 365.25)
    return max(1, min(80, round(rng.lognormvariate(math.log(2 + 1.5 * years), 0.6))))


def _newcomer(
    k: int, day: date, *, today: date, region_names: dict[str, str], used: Used
) -> CompanySpec:
    """The k-th company to appear in Anyang after August 2017, on `day`: founded there, or
    (one in five, except in 2021, whose moves in are the first article's 34) moved in from
    elsewhere after some years in business. One in seven closes within five years."""
    rng = _rng("newcomer", k)
    spec = _company(
        rng,
        index=100_000 + k,
        stage="",
        region_code=None,
        region_names=region_names,
        offices=vocab.LOCAL_TAX_OFFICES,
        used=used,
    )
    arrives = k % 5 == 0 and day.year != 2021
    founded = day - timedelta(days=rng.randint(400, 3000)) if arrives else day
    age_at_founding = rng.randint(24, 39) if rng.random() < 0.6 else rng.randint(40, 58)
    spec.founded_on = founded
    spec.arrived_on = day if arrives else None
    spec.representative_birth_date = add_years(founded, -age_at_founding) - timedelta(
        days=rng.randint(0, 364)
    )
    sector = next(s for s in vocab.SECTORS if spec.ksic_code in dict(s.codes))
    spec.employees = _young_employees(rng, founded, today)
    spec.annual_sales_won = _sales(rng, sector, spec.employees, founded)
    spec.certifications = [
        c
        for c in _certifications(
            rng, sector=sector, stage="", female=False, employees=spec.employees, founded=founded
        )
        if c.valid_from <= today
    ]
    closes = founded + timedelta(days=rng.randint(540, 1800))
    if rng.random() < 1 / 7 and day < closes <= today:
        spec.closed_on = closes
    # Youth startups join the ladder (G240) one to three years in; from 2022 on, so that the
    # first article's ladder of 2021 stays its own.
    promoted = max(day, founded) + timedelta(days=rng.randint(200, 900))
    if (
        rng.random() < 0.4
        and age_at_founding <= 36
        and promoted.year >= 2022
        and promoted <= today
        and spec.closed_on is None
    ):
        spec.stages = [
            StageSpec(GrowthStage.G240, promoted, f"{promoted.year}년 G240 육성기업 선정")
        ]
        spec.growth_stage = GrowthStage.G240
    return spec


def newcomers(*, today: date, region_names: dict[str, str], used: Used) -> list[CompanySpec]:
    """The companies appearing in Anyang from September 2017 to `today`, FOUNDINGS_PER_YEAR a
    year. Company k always appears on the same day with the same identity, so a later load
    only adds the companies of the days in between."""
    step = 365.25 / FOUNDINGS_PER_YEAR
    found: list[CompanySpec] = []
    for k in itertools.count():
        day = LATEST_FOUNDING + timedelta(days=1 + int(k * step) + _rng("arrival", k).randint(0, 3))
        if day > today:
            return found
        found.append(_newcomer(k, day, today=today, region_names=region_names, used=used))
    return found


def generate(n_anyang: int, *, region_names: dict[str, str], today: date | None = None) -> DemoPlan:
    """The whole demo data set as plain specs. `region_names` maps each region code used by
    vocab.STREETS to its full name ("경기도 안양시 동안구"). With `today` (the load day) the
    plan also holds the companies that appeared in Anyang since August 2017 (`founded`)."""
    slots = ladder_slots(n_anyang)
    pool_2021 = g240_2021_pool(n_anyang)
    used = Used()
    anyang = [
        _company(
            _rng("anyang", i),
            index=i,
            stage=slots.get(i, ""),
            in_2021_pool=i in pool_2021,
            region_code=None,
            region_names=region_names,
            offices=vocab.LOCAL_TAX_OFFICES,
            used=used,
        )
        for i in range(n_anyang)
    ]
    _settle_recent_founding(anyang, n_anyang)
    outside = []
    for j in range(round(n_anyang * OUTSIDE_PER_ANYANG)):
        rng = _rng("outside", j)
        outside.append(
            _company(
                rng,
                index=n_anyang + j,
                stage="",
                region_code=pick(rng, vocab.OUTSIDE_REGIONS),
                region_names=region_names,
                offices=vocab.OUTSIDE_TAX_OFFICES,
                used=used,
            )
        )
    prefounders = [
        _prefounder(_rng("prefounder", n), n, region_names) for n in range(1, PREFOUNDERS + 1)
    ]
    blue100 = [c for c in anyang if c.growth_stage == GrowthStage.BLUE100]
    electronics = [c for c in blue100 if c.ksic_code.startswith("26")]
    certified = [c for c in electronics if c.certifications]
    # The company user's company: a certified Blue100 electronic-parts maker shows the most.
    owner = (certified or electronics or blue100 or anyang)[0]
    founded = (
        newcomers(today=today, region_names=region_names, used=used)
        if today and n_anyang >= ANYANG_COMPANIES
        else []
    )
    return DemoPlan(
        anyang=anyang,
        outside=outside,
        prefounders=prefounders,
        owner_company_brn=owner.brn,
        founded=founded,
    )
