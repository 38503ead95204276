"""The demo's outcome records (`jiwon demo`): the records the 2021 annual report is computed from.

The seed articles are Anyang's annual report read aloud; with these records the report's KPI
functions (jiwon.outcomes.selectors.kpis) compute, rather than repeat, their figures for 2021:

- 201 supported companies through the agency's 30 programmes of 2021, 53억원: one ledger row per
  company and programme (kind after the programme: grant, voucher, tenancy, education...), each
  programme's rows adding up to its budget, so the year adds up to exactly 5,300,000,000 won.
  The grant rows among them are planned here and written by the agreements' paid tranches
  (jiwon.demo.grants), the others by jiwon.demo.outcomes_load.
  The 103 Blue100 selections of 2021, that year's G240 selections and the ACE20 scale-up
  companies are among them; the rest are Anyang SMEs and five companies that moved in that year.
- 120 tenant companies: 2021 tenancy rows (two-year terms) of the three startup spaces.
- 184억 investment (exactly 18,400,000,000 won), 55 patents and certifications, 9 MOUs (and the
  total-marketing programme's 5 business agreements and 9 awards), 34 companies moved into the
  city from Seoul and Gyeonggi.
- Employees 2,175 → 2,323 (+6.8%) and sales 1,818.7억 → 2,086억 (+14.7%) over the supported
  companies that reported both years: the five that moved in have no 2020 figures and two did not
  report 2021, so seven are excluded, as the KPI says.
- The city in the second seed article: 1,716 companies at the end of 2015 and 1,812 at the end of
  August 2017, about 30,000 and over 32,000 employees. Companies in the city on a day are counted
  from the registry (founded by then; the direction of their next relocation, else the 관내 flag),
  so the 34 companies that moved in during 2021 were not there in 2017: 34 companies elsewhere
  today moved out of Anyang in 2018–2020 and fill the count. Every company in the city then has
  agency employee figures for 2015, 2017, 2020 and 2021 (as far as it was in the city), grown
  from today's registry headcount back in time, and summed to the article's city totals.

Everything is drawn from the company plan (jiwon.demo.companies) with seeded generators, so
it is the same on every run and database; this module plans the records without touching the
database, jiwon.demo.outcomes_load writes the missing ones. The records need the default
data set's first 1,812 companies: a smaller `--companies` plans none.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from jiwon.companies.models import CertificationKind, GrowthStage
from jiwon.core.support import SupportKind
from jiwon.demo import programs as demo_programs
from jiwon.demo.companies import (
    ANYANG_COMPANIES,
    FOUNDED_BY_2015,
    OUTSIDE_PER_ANYANG,
    SEED,
    CompanySpec,
    DemoPlan,
    add_years,
)
from jiwon.demo.vocab import OUTSIDE_REGIONS
from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Metric,
    Relocation,
)

YEAR = 2021
SUPPORTED = 201
# Supported in 2021 after moving in (no 2020 figures), and supported but not reporting 2021.
SUPPORTED_MOVERS = 5
NOT_REPORTED = 2
EMPLOYEES = {2020: 2_175, 2021: 2_323}
# In thousands of won: 181,867,300,000 → 208,601,850,000 won is +14.70%, shown as 2,086억원.
SALES_THOUSANDS = {2020: 181_867_300, 2021: 208_601_850}
INVESTMENT_WON = 18_400_000_000
INVESTMENT_UNIT_WON = 10_000_000
PATENTS, CERTIFICATIONS = 40, 15
MOUS, BUSINESS_AGREEMENTS, AWARDS = 9, 5, 9
MOVED_IN, MOVED_OUT = 34, 34
CITY_EMPLOYEES = {2015: 30_214, 2017: 32_187}
# Headcounts and sales are grown back in time from today's registry (the data set's "today").
REGISTRY_YEAR = 2026
MID_2021 = date(YEAR, 6, 30)
LAST_ROW_DAY = date(YEAR, 12, 20)

G, V, TN = SupportKind.GRANT, SupportKind.VOUCHER, SupportKind.TENANCY
ED, MT, MK = SupportKind.EDUCATION, SupportKind.MENTORING, SupportKind.MARKETING
EX, EQ, CO = SupportKind.EXPORT, SupportKind.EQUIPMENT, SupportKind.CONSULTING


def _manufacturer(c: CompanySpec) -> bool:
    return 10 <= int(c.ksic_code[:2]) <= 34


def _age(c: CompanySpec) -> int:
    birth = c.representative_birth_date
    return MID_2021.year - birth.year - ((MID_2021.month, MID_2021.day) < (birth.month, birth.day))


def _certified(c: CompanySpec, *kinds: str) -> bool:
    return any(cert.kind in kinds for cert in c.certifications)


def _small_manufacturer(c: CompanySpec) -> bool:
    return _certified(c, CertificationKind.SMALL_MANUFACTURER) or (
        _manufacturer(c) and c.employees < 10
    )


# series → (kind, companies, who is picked first); BLUE100, G240 and ACE20 go to the companies
# the ladder selected, the three startup spaces to 120 distinct tenants.
# fmt: off
SUPPORT: dict[str, tuple[str, int, Callable[[CompanySpec], bool]]] = {
    "MIDCAREER_OFFICE": (TN, 20, lambda c: _age(c) >= 40),
    "MANAN_SPACE": (TN, 30, lambda c: _age(c) <= 39),
    "INCUBATOR": (TN, 70, lambda c: True),
    "MIDCAREER_STARTUP": (G, 8, lambda c: _age(c) >= 40),
    "MIDCAREER_ACADEMY": (ED, 15, lambda c: _age(c) >= 40),
    "MIDCAREER_MENTORING": (MT, 12, lambda c: _age(c) >= 40),
    "ACUBE_ACADEMY": (ED, 25, lambda c: _age(c) <= 39),
    "ACUBE_MENTORING": (MT, 20, lambda c: _age(c) <= 39),
    "ACUBE_PRODUCE": (G, 10, lambda c: _age(c) <= 39 and c.growth_stage == GrowthStage.G240),
    "FUND_IR": (CO, 20, lambda c: c.growth_stage in (GrowthStage.BLUE100, GrowthStage.ACE20)),
    "PROTOTYPE": (V, 25, _manufacturer),
    "IP": (V, 40, lambda c: True),
    "CERTIFICATION": (CO, 15, lambda c: not _certified(c, "venture", "innobiz")),
    "SMART_FACTORY": (G, 6, lambda c: _manufacturer(c) and c.employees >= 10),
    "TOTAL_MARKETING": (MK, 12, lambda c: True),
    "ONLINE_MARKET": (MK, 20, lambda c: _manufacturer(c) or c.ksic_code[:2] in ("46", "47")),
    "ANYANG_MARKET": (MK, 25, lambda c: _manufacturer(c) or c.ksic_code[:2] == "47"),
    "SOCIAL_MARKET": (MK, 10, lambda c: _certified(c, "women", "social", "disabled")),
    "EXPORT_MATCHING": (EX, 25, _manufacturer),
    "BUYER_MATCHING": (EX, 15, lambda c: _manufacturer(c) or c.ksic_code[:2] == "46"),
    "EXPORT_CERT": (EX, 10, _manufacturer),
    "EXPORT_STARTER": (EX, 15, lambda c: True),
    "SOGONGIN": (V, 54, _small_manufacturer),
    "CLUSTER_EQUIPMENT": (EQ, 15, lambda c: c.ksic_code.startswith("26") and c.employees < 10),
    "SOGONGIN_ACADEMY": (ED, 20, _small_manufacturer),
    "WOMEN_REHIRE": (G, 15, lambda c: True),
    "YOUTH_JOBS": (G, 20, lambda c: c.employees >= 5),
}
LADDER_SUPPORT = {"BLUE100": G, "G240": G, "ACE20": G}
DESCRIPTION = {
    G: "사업화 지원금", V: "바우처 지원", TN: "입주 지원 (2년)", ED: "교육 이수", MT: "멘토링",
    MK: "마케팅 지원", EX: "수출 지원", EQ: "공용장비 이용 지원", CO: "컨설팅 지원",
}
# Round → relative size of the investment.
ROUNDS = {"seed": 1.0, "pre_a": 2.5, "series_a": 6.0, "series_b": 15.0, "later": 25.0}
INVESTORS = {
    "seed": ("안양 청년창업펀드", "씨앗액셀러레이터", "새솔파트너스"),
    "pre_a": ("안양 청년창업펀드", "한빛벤처스", "다온인베스트먼트"),
    "series_a": ("한빛벤처스", "누리인베스트먼트", "미래성장벤처투자"),
    "series_b": ("누리인베스트먼트", "미래성장벤처투자", "한결프라이빗에쿼티"),
    "later": ("한결프라이빗에쿼티", "미래성장벤처투자"),
}
PATENT_TITLES = (
    "무선 전력 전송 장치 및 그 제어 방법", "디스플레이 패널 검사 장치", "센서 데이터 보정 방법",
    "딥러닝 기반 불량 판정 시스템", "고효율 방열 구조를 갖는 전자 부품", "정밀 위치 제어 장치",
    "클라우드 기반 데이터 동기화 방법", "저전력 통신 모듈", "공정 데이터 수집 및 분석 시스템",
    "생체 신호 측정 장치",
)
CERTIFICATES = (
    ("ISO", "ISO 9001 품질경영시스템 인증"), ("ENV", "ISO 14001 환경경영시스템 인증"),
    ("CE", "CE 인증"), ("KC", "KC 전자파적합성 인증"), ("FCC", "FCC 인증"),
    ("GS", "GS(소프트웨어 품질) 인증"), ("PPS", "우수조달제품 지정"),
)
MOU_PARTNERS = (
    "베트남 하노이 전자부품 바이어사", "인도 뉴델리 유통사", "(주)한빛유통",
    "새빛대학교 산학협력단", "경기 스마트제조 협의회", "(주)누리물류",
    "말레이시아 쿠알라룸푸르 수입사",
)
BUSINESS_PARTNERS = ("온라인 쇼핑 플랫폼 입점 협약", "국내 유통사 공급 협약", "해외 판매 대행 협약")
AWARD_NAMES = (
    ("경기도 유망중소기업 선정", "경기도"), ("중소벤처기업부 장관 표창", "중소벤처기업부"),
    ("대한민국 우수특허 대상", "한국발명진흥회"), ("안양시 우수기업 표창", "안양시"),
)
# fmt: on


@dataclass(frozen=True)
class LedgerRowSpec:
    brn: str
    series: str
    kind: str
    amount_won: int
    supported_on: date
    period_end: date | None

    @property
    def source_id(self) -> str:
        return f"{YEAR}:{self.series}:{self.brn}"


@dataclass(frozen=True)
class FigureSpec:
    brn: str
    year: int
    metric: str
    value: int


@dataclass(frozen=True)
class RecordSpec:
    """One dated outcome record: `model` with `fields` besides company, date and provenance."""

    model: type
    brn: str
    occurred_on: date
    fields: tuple[tuple[str, object], ...]


@dataclass
class OutcomesPlan:
    ledger: list[LedgerRowSpec] = field(default_factory=list)
    figures: list[FigureSpec] = field(default_factory=list)
    records: list[RecordSpec] = field(default_factory=list)


def _rng(label: str) -> random.Random:
    return random.Random(f"jiwon-demo-outcomes:{SEED}:{label}")


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Whole numbers, each at least `minimum`, adding up to exactly `total` and otherwise in
    proportion to `weights` (largest remainders get the units left over)."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError(f"{total} cannot give {len(weights)} shares of at least {minimum}")
    weights = [max(w, 0.0) for w in weights]
    whole = sum(weights) or float(len(weights))
    exact = [spare * (w if any(weights) else 1.0) / whole for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: spare - sum(shares)]:
        shares[i] += 1
    return [minimum + s for s in shares]


def stage_day(c: CompanySpec, stage: str) -> date | None:
    return next((s.effective_on for s in c.stages if s.stage == stage), None)


def pick_some(rng: random.Random, candidates: list, n: int, fallback: list) -> list:
    """n of `candidates` (all of them if fewer), topped up from `fallback`."""
    picked = rng.sample(candidates, min(n, len(candidates)))
    taken = {id(c) for c in picked}
    rest = [c for c in fallback if id(c) not in taken]
    return picked + rng.sample(rest, min(n - len(picked), len(rest)))


@dataclass
class Cast:
    """Who plays which part in 2021."""

    supported: list[CompanySpec]
    ladder: dict[str, list[CompanySpec]]
    movers: list[CompanySpec]  # moved in during 2021, earliest first
    moved_on: dict[str, date]
    not_reported: list[CompanySpec]
    outs: list[CompanySpec]  # elsewhere today; moved out of Anyang in 2018–2020


def cast_2021(anyang: list[CompanySpec], outside: list[CompanySpec]) -> Cast:
    ladder = {
        "BLUE100": [c for c in anyang if (stage_day(c, "BLUE100") or date.min).year == YEAR],
        "G240": [
            c
            for c in anyang
            if c.growth_stage == GrowthStage.G240
            and (stage_day(c, "G240") or date.min).year == YEAR
        ],
        "ACE20": [c for c in anyang if c.growth_stage in (GrowthStage.ACE20, GrowthStage.UNICORN)],
    }
    off_ladder = [c for c in anyang if not c.growth_stage]
    rng = _rng("movers")
    movers = rng.sample(
        [c for c in off_ladder if (c.founded_on or date.max) <= FOUNDED_BY_2015], MOVED_IN
    )
    moved_on = {c.brn: day_between(rng, date(YEAR, 1, 11), date(YEAR, 11, 30)) for c in movers}
    movers.sort(key=lambda c: (moved_on[c.brn], c.brn))
    staying = [c for c in off_ladder if c not in movers]
    on_ladder = [c for group in ladder.values() for c in group]
    rest = SUPPORTED - len(on_ladder) - SUPPORTED_MOVERS
    # Established SMEs of 5 to 60 people, so the supported companies employ about 2,300.
    smes = _rng("smes").sample([c for c in staying if 5 <= c.employees <= 60], rest)
    position = {c.brn: i for i, c in enumerate(anyang)}
    supported = sorted(on_ladder + movers[:SUPPORTED_MOVERS] + smes, key=lambda c: position[c.brn])
    outs = _rng("outs").sample(outside, MOVED_OUT)
    return Cast(supported, ladder, movers, moved_on, smes[:NOT_REPORTED], outs)


def _closing_days() -> dict[str, date]:
    return {
        series: date(YEAR, month, day) + timedelta(days=1 + window)
        for series, month, day, window in demo_programs.SCHEDULE_2021
    }


def _ledger(cast: Cast) -> list[LedgerRowSpec]:
    recipients: dict[str, list[CompanySpec]] = {
        "BLUE100": cast.ladder["BLUE100"],
        "G240": cast.ladder["G240"],
        "ACE20": cast.ladder["ACE20"],
    }
    tenants: list[CompanySpec] = []
    for series, (kind, n, prefers) in SUPPORT.items():
        pool = [c for c in cast.supported if c not in tenants] if kind == TN else cast.supported
        picked = pick_some(_rng(series), [c for c in pool if prefers(c)], n, pool)
        recipients[series] = picked
        if kind == TN:
            tenants += picked
    reached = {c.brn for group in recipients.values() for c in group}
    # A supported company that no programme above picked gets IP filing support.
    recipients["IP"] += [c for c in cast.supported if c.brn not in reached]

    kinds = {**LADDER_SUPPORT, **{series: kind for series, (kind, _, _) in SUPPORT.items()}}
    budgets = {t.series: t.budget_won for t in demo_programs.TEMPLATES}
    closing = _closing_days()
    rows = []
    for series, companies in recipients.items():
        rng = _rng(f"ledger:{series}")
        amounts = apportion(
            budgets[series] // 10_000, [rng.uniform(0.6, 1.4) for _ in companies], 1
        )
        for company, amount in zip(companies, amounts, strict=True):
            day = stage_day(company, series) if series in ("BLUE100", "G240") else None
            day = day or day_between(
                rng, closing[series] + timedelta(days=10), closing[series] + timedelta(days=40)
            )
            if company.brn in cast.moved_on:
                day = max(day, cast.moved_on[company.brn] + timedelta(days=14))
            day = min(day, LAST_ROW_DAY)
            kind = kinds[series]
            if kind == TN:
                end = add_years(day, 2) - timedelta(days=1)
            elif kind in (ED, MT):
                end = day + timedelta(days=rng.randint(14, 60))
            else:
                end = None
            rows.append(LedgerRowSpec(company.brn, series, kind, amount * 10_000, day, end))
    return rows


def _rate(c: CompanySpec, label: str) -> float:
    """Yearly growth of a company's headcount or sales: startups on the ladder grew fast."""
    rng = _rng(f"{label}:{c.brn}")
    if c.growth_stage in (GrowthStage.ACE20, GrowthStage.UNICORN):
        return rng.uniform(0.15, 0.3)
    if c.growth_stage:
        return rng.uniform(0.08, 0.2)
    return rng.uniform(-0.02, 0.04)


def _back(value: int, rate: float, year: int) -> float:
    return value * (1 + rate) ** (year - REGISTRY_YEAR)


def _figures(cast: Cast, anyang: list[CompanySpec]) -> list[FigureSpec]:
    """Employees: the city's companies of August 2017 share the article's total in proportion
    to today's headcount grown back; 2015 is that share shrunk by two years' growth, summed to
    the 2015 total; 2020 and 2021 lie on the way from 2017 to today. The supported companies'
    2020 and 2021 figures (employees and sales) add up to the report's totals instead."""
    movers = {c.brn for c in cast.movers}
    not_reported = {c.brn for c in cast.not_reported}
    staying = [c for c in anyang if c.brn not in movers]
    rate = {c.brn: _rate(c, "employees") for c in anyang + cast.outs}
    in_2017 = staying + cast.outs
    shares = apportion(
        CITY_EMPLOYEES[2017], [_back(c.employees, rate[c.brn], 2017) for c in in_2017], 1
    )
    anchor = {c.brn: n for c, n in zip(in_2017, shares, strict=True)}
    in_2015 = [c for c in in_2017 if (c.founded_on or date.max) <= FOUNDED_BY_2015]
    shares = apportion(
        CITY_EMPLOYEES[2015], [anchor[c.brn] / (1 + rate[c.brn]) ** 2 for c in in_2015], 1
    )
    value = {(brn, 2017): n for brn, n in anchor.items()}
    value.update({(c.brn, 2015): n for c, n in zip(in_2015, shares, strict=True)})

    def on_the_way(c: CompanySpec, year: int) -> int:
        if c.brn not in anchor:
            return max(1, round(_back(c.employees, rate[c.brn], year)))
        start, share = anchor[c.brn], (year - 2017) / (REGISTRY_YEAR - 2017)
        return max(1, round(start * (c.employees / start) ** share))

    reporting = [c for c in anyang if c.brn not in not_reported]
    for year, group in ((2020, staying), (2021, reporting)):
        value.update({(c.brn, year): on_the_way(c, year) for c in group})
    both = [c for c in cast.supported if c.brn not in movers | not_reported]
    value.update(
        _growth(
            both,
            EMPLOYEES,
            [on_the_way(c, 2021) for c in both],
            [rate[c.brn] for c in both],
            1,
        )
    )
    figures = [
        FigureSpec(brn, year, Metric.EMPLOYEES, n) for (brn, year), n in sorted(value.items())
    ]

    sales_rate = {c.brn: _rate(c, "sales") for c in cast.supported}
    thousands = {
        (c.brn, year): round(_back(c.annual_sales_won // 1000, sales_rate[c.brn], year))
        for c in cast.supported
        for year in (2020, 2021)
        if (c.brn, year) in value
    }
    thousands.update(
        _growth(
            both,
            SALES_THOUSANDS,
            [_back(c.annual_sales_won // 1000, sales_rate[c.brn], 2021) for c in both],
            [sales_rate[c.brn] for c in both],
            0,
        )
    )
    return figures + [
        FigureSpec(brn, year, Metric.SALES_WON, n * 1000)
        for (brn, year), n in sorted(thousands.items())
    ]


def _growth(
    companies: list[CompanySpec], totals: dict[int, int], weights: list[float], rates, minimum
) -> dict[tuple[str, int], int]:
    """2021 in proportion to `weights`, 2020 to that 2021 value shrunk by a year's growth at
    the company's rate, each adding up to its total."""
    this_year = apportion(totals[2021], weights, minimum)
    last_year = apportion(
        totals[2020], [v / (1 + r) for v, r in zip(this_year, rates, strict=True)], minimum
    )
    return {
        **{(c.brn, 2021): n for c, n in zip(companies, this_year, strict=True)},
        **{(c.brn, 2020): n for c, n in zip(companies, last_year, strict=True)},
    }


def _records(cast: Cast, ledger: list[LedgerRowSpec]) -> list[RecordSpec]:
    movers = {c.brn for c in cast.movers}
    # Outcomes of companies that were in the city all year, so each counts where it happened.
    resident = [c for c in cast.supported if c.brn not in movers]
    year_start, year_end = date(YEAR, 1, 11), date(YEAR, 12, 24)
    records: list[RecordSpec] = []
    fields: tuple[tuple[str, object], ...]

    rng = _rng("investments")
    ahead = [c for c in cast.ladder["ACE20"] if c in resident]
    startups = [c for c in cast.ladder["BLUE100"] if c in resident]
    deals = [(c, rng.choice(("series_a", "series_b", "later"))) for c in rng.sample(ahead, 12)]
    deals += [
        (c, rng.choice(("seed", "pre_a", "pre_a", "series_a"))) for c in rng.sample(startups, 30)
    ]
    units = apportion(
        INVESTMENT_WON // INVESTMENT_UNIT_WON,
        [ROUNDS[r] * rng.uniform(0.7, 1.3) for _, r in deals],
        5,
    )
    for (company, round_), n in zip(deals, units, strict=True):
        fields = (
            ("amount_won", n * INVESTMENT_UNIT_WON),
            ("investor", rng.choice(INVESTORS[round_])),
            ("round", round_),
        )
        records.append(
            RecordSpec(Investment, company.brn, day_between(rng, year_start, year_end), fields)
        )

    rng = _rng("ip")
    inventive = [c for c in resident if c.growth_stage or _manufacturer(c)]
    number = 2_230_000
    for _ in range(PATENTS):
        number += rng.randint(400, 2_800)
        fields = (
            ("kind", IntellectualProperty.Kind.PATENT),
            ("number", f"10-{number}"),
            ("title", rng.choice(PATENT_TITLES)),
        )
        company = rng.choice(inventive)
        records.append(
            RecordSpec(
                IntellectualProperty, company.brn, day_between(rng, year_start, year_end), fields
            )
        )
    for n in range(1, CERTIFICATIONS + 1):
        prefix, title = rng.choice(CERTIFICATES)
        fields = (
            ("kind", IntellectualProperty.Kind.CERTIFICATION),
            ("number", f"{prefix}-{YEAR}-{rng.randint(1, 999):03d}{n:02d}"),
            ("title", title),
        )
        company = rng.choice(resident)
        records.append(
            RecordSpec(
                IntellectualProperty, company.brn, day_between(rng, year_start, year_end), fields
            )
        )

    rng = _rng("agreements")
    for company in rng.sample(resident, MOUS):
        partner = rng.choice(MOU_PARTNERS)
        fields = (
            ("kind", Agreement.Kind.MOU),
            ("counterparty", partner),
            ("title", "업무 협력 MOU"),
        )
        records.append(
            RecordSpec(Agreement, company.brn, day_between(rng, year_start, year_end), fields)
        )
    marketed = {r.brn for r in ledger if r.series == "TOTAL_MARKETING"}
    marketing = [c for c in resident if c.brn in marketed]
    for company in rng.sample(marketing, BUSINESS_AGREEMENTS):
        title = rng.choice(BUSINESS_PARTNERS)
        fields = (
            ("kind", Agreement.Kind.BUSINESS),
            ("counterparty", "판로 협력사"),
            ("title", title),
        )
        records.append(
            RecordSpec(Agreement, company.brn, day_between(rng, date(YEAR, 5, 1), year_end), fields)
        )
    for _ in range(AWARDS):
        name, by = rng.choice(AWARD_NAMES)
        company = rng.choice(marketing)
        fields = (("name", name), ("awarded_by", by))
        records.append(
            RecordSpec(Award, company.brn, day_between(rng, date(YEAR, 5, 1), year_end), fields)
        )

    rng = _rng("relocations")
    for company in cast.movers:
        code = pick_region(rng)
        fields = (("direction", Relocation.Direction.IN), ("other_region_code", code))
        records.append(RecordSpec(Relocation, company.brn, cast.moved_on[company.brn], fields))
    for company in cast.outs:
        fields = (
            ("direction", Relocation.Direction.OUT),
            ("other_region_code", company.region_code),
        )
        day = day_between(rng, date(2018, 1, 15), date(2020, 12, 15))
        records.append(RecordSpec(Relocation, company.brn, day, fields))
    return records


def pick_region(rng: random.Random) -> str:
    codes, weights = zip(*OUTSIDE_REGIONS, strict=True)
    return rng.choices(codes, weights)[0]


def plan_outcomes(plan: DemoPlan) -> OutcomesPlan | None:
    """The outcome records for the default data set's companies, or None when the plan has
    fewer than 1,812 Anyang companies."""
    if len(plan.anyang) < ANYANG_COMPANIES:
        return None
    anyang = plan.anyang[:ANYANG_COMPANIES]
    outside = plan.outside[: round(ANYANG_COMPANIES * OUTSIDE_PER_ANYANG)]
    cast = cast_2021(anyang, outside)
    ledger = _ledger(cast)
    return OutcomesPlan(
        ledger=ledger, figures=_figures(cast, anyang), records=_records(cast, ledger)
    )
