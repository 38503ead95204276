"""Anyang's support programmes for the demo (`jiwon demo`), with eligibility rules as data.

What it loads:
- The agency 안양산업진흥원 (code "ayventure", 관내 = 만안구 41171 and 동안구 41173) and its 30
  programmes of 2021: the seed article's "30개의 지원사업을 통해 총 53억원" — Blue100, G240 and
  ACE20 on the growth ladder, the 중장년 기술창업센터 (founders aged 40+), A-Cube youth
  programmes, startup spaces, total marketing, online marketplace onboarding, export matching,
  소공인 특화지원 and the electronic-parts cluster, workforce linkage. Budgets sum to exactly
  53억원; every programme is completed, with its notice date and application window in 2021.
- The city 안양시 (code "anyang-city") and its 2021 중소기업육성자금 notice: local
  manufacturing and knowledge-service companies, the 524 eligible industry types of the loans
  app's list (jiwon/loans/industries.py, data derived from the KSIC reference data).
- Programmes of the current year whose windows are computed from the time of the load (opened
  10 days ago, closing in 5 to 40 days), so the portal has something to recommend: the demo
  company (주)스카이디스플레이 qualifies for several and misses two by one criterion (업력); one
  opens next week; one is a draft, which nobody outside the back office may see.

Every rule is validated with parse_rule (so every KSIC and region code exists) before anything
is written. Programmes are keyed by (agency, fiscal year, series): a second load adds nothing,
and a load in a later year adds that year's open programmes. The load writes
one `programs.programs_bulk_create` audit entry.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.models import Agency
from jiwon.demo.actor import DEMO
from jiwon.demo.context import DemoContext
from jiwon.demo.errors import DemoDataError
from jiwon.demo.rule_parts import (
    age,
    all_of,
    any_of,
    certified,
    employees,
    industry,
    local,
    region,
    sales_at_most,
    small_manufacturer,
    stage,
    years,
)
from jiwon.loans.industries import eligible_codes, subclass_count
from jiwon.programs.eligibility.rules import parse_rule
from jiwon.programs.models import Category, Program
from jiwon.programs.services.bulk import ProgramRecord, agency_ensure, programs_bulk_create
from jiwon.programs.services.programs import ProgramInput
from jiwon.programs.workflow import ProgramStatus


class AgencySpec(TypedDict):
    code: str
    name_ko: str
    name_en: str
    region_codes: list[str]


AGENCY: AgencySpec = {
    "code": "ayventure",
    "name_ko": "안양산업진흥원",
    "name_en": "Anyang Industry Promotion Agency",
    "region_codes": ["41171", "41173"],
}
CITY: AgencySpec = {
    "code": "anyang-city",
    "name_ko": "안양시",
    "name_en": "Anyang City",
    "region_codes": ["41171", "41173"],
}
BUDGET_2021_WON = 5_300_000_000
FUND_KSIC_TYPES = 524
WEEKDAYS = "월화수목금토일"


@dataclass(frozen=True)
class Template:
    """A programme as it recurs every year (the series); dates and status come per year."""

    series: str
    title_ko: str
    title_en: str
    category: str
    budget_won: int
    quota: int
    department: str
    summary: str
    target_text: str
    rule: dict[str, Any]
    growth_stage: str = ""
    agency: str = AGENCY["code"]


S, T, M, X = Category.STARTUP, Category.TECHNOLOGY, Category.MARKETING, Category.EXPORT
F, W, P, E = Category.FINANCE, Category.WORKFORCE, Category.SPACE, Category.EDUCATION
STARTUP_DEPT, GROWTH_DEPT, INDUSTRY_DEPT = "창업성장부", "기업육성부", "산업진흥부"
MIDCAREER, ACUBE, SOGONGIN = "중장년기술창업센터", "청년공간 에이큐브", "소공인특화지원센터"
YOUTH = (19, 39)

# fmt: off
TEMPLATES: tuple[Template, ...] = (
    Template("BLUE100", "유망청년창업기업(Blue100) 육성사업", "Blue100 promising youth startups",
             S, 900_000_000, 103, STARTUP_DEPT,
             "G240 기업 중 성장 가능성이 높은 청년창업기업을 선발해 사업화 자금과 투자 연계를 지원",
             "관내 G240 육성기업, 대표자 만 39세 이하, 창업 7년 미만",
             all_of(local(), age(None, 39), years(under=7), stage("G240"),
                    {"type": "past_selection", "programs": ["BLUE100"], "within_years": 3}),
             growth_stage="BLUE100"),
    Template("G240", "초기창업기업(G240) 발굴·육성", "G240 early-stage startups",
             S, 300_000_000, 60, STARTUP_DEPT,
             "청년 예비창업자와 초기창업기업을 발굴해 창업교육, 멘토링, 초기 사업화를 지원",
             "관내 청년(만 39세 이하) 예비창업자 또는 창업 3년 이내 기업",
             all_of(local(), age(None, 39), years(within=3, prefounder="allowed")),
             growth_stage="G240"),
    Template("ACE20", "성장기업(ACE20) 스케일업 지원", "ACE20 scale-up support",
             S, 400_000_000, 10, GROWTH_DEPT,
             "Blue100 졸업기업의 스케일업(투자유치, 해외진출, 기술고도화)을 집중 지원",
             "관내 Blue100 선정기업, 상시근로자 299명 이하",
             all_of(local(), stage("BLUE100"), employees(None, 299)), growth_stage="ACE20"),
    Template("MIDCAREER_STARTUP", "중장년 기술창업센터 창업기업 사업화 지원",
             "Mid-career tech startup centre: commercialisation",
             S, 350_000_000, 20, MIDCAREER,
             "만 40세 이상 중장년 (예비)창업자의 시제품 제작, 마케팅 등 사업화 자금 지원",
             "경기도 소재, 대표자 만 40세 이상, 예비창업자 또는 창업 3년 이내 기업",
             all_of(region("41"), age(40), years(within=3, prefounder="allowed"))),
    Template("MIDCAREER_OFFICE", "중장년 기술창업센터 1인 사무공간 입주기업 모집",
             "Mid-career tech startup centre: one-person offices",
             P, 60_000_000, 20, MIDCAREER,
             "중장년 창업자에게 1인 사무공간과 회의실, 공용 사무기기를 무상 제공",
             "대표자 만 40세 이상, 예비창업자 또는 창업 3년 이내 1인 창조기업(상시근로자 4명 이하)",
             all_of(age(40), years(within=3, prefounder="allowed"), employees(None, 4))),
    Template("MIDCAREER_ACADEMY", "중장년 실전창업교육", "Mid-career practical startup course",
             E, 40_000_000, 40, MIDCAREER,
             "사업계획 수립부터 투자유치까지 중장년 창업자를 위한 실전 창업교육",
             "대표자(또는 예비창업자) 만 40세 이상, 창업 3년 미만",
             all_of(age(40), years(under=3, prefounder="allowed"))),
    Template("MIDCAREER_MENTORING", "중장년 창업기업 맞춤형 멘토링",
             "Mid-career startups: tailored mentoring",
             E, 30_000_000, 30, MIDCAREER,
             "분야별 전문 멘토가 중장년 창업기업의 경영·기술 애로를 1:1로 상담",
             "대표자 만 40세 이상, 예비창업자 또는 창업 3년 이내 기업",
             all_of(age(40), years(within=3, prefounder="allowed"))),
    Template("ACUBE_ACADEMY", "청년공간 에이큐브 창업 아카데미", "A-Cube startup academy",
             E, 50_000_000, 60, ACUBE,
             "청년 (예비)창업자의 창업역량 강화를 위한 창업 아카데미, 세미나, 네트워킹",
             "만 19~39세 청년 예비창업자 또는 창업 3년 미만 기업 대표",
             all_of(age(*YOUTH), years(under=3, prefounder="allowed"))),
    Template("ACUBE_MENTORING", "청년공간 에이큐브 청년창업 멘토링",
             "A-Cube youth startup mentoring",
             E, 40_000_000, 40, ACUBE,
             "창업 선배와 분야별 전문가의 1:1 멘토링, 모의 IR과 피드백",
             "만 19~39세 청년 예비창업자 또는 창업 7년 미만 기업 대표",
             all_of(age(*YOUTH), years(under=7, prefounder="allowed"))),
    Template("ACUBE_PRODUCE", "에이큐브 프로듀스 3.2.1.0 청년창업 프로젝트",
             "A-Cube Produce 3.2.1.0 youth startup project",
             S, 150_000_000, 30, ACUBE,
             "아이디어 구상부터 창업까지: 신규 창업 30개, 매출 20억원, 자금연계 10억원, 실패율 0",
             "안양시 거주 만 19~39세 예비창업자",
             all_of(region("41170"), age(*YOUTH), years(prefounder="required"))),
    Template("MANAN_SPACE", "만안 청년창업공간 입주기업 모집", "Manan youth startup space tenants",
             P, 80_000_000, 15, STARTUP_DEPT,
             "만안구 청년창업공간 입주(2년, 1년 연장 가능)와 창업 프로그램 연계",
             "대표자 만 39세 이하, 예비창업자 또는 창업 3년 미만 기업",
             all_of(age(None, 39), years(under=3, prefounder="allowed"))),
    Template("INCUBATOR", "창업보육센터 입주기업 모집", "Business incubator tenants",
             P, 120_000_000, 40, GROWTH_DEPT,
             "창업보육센터 사무공간 입주(2년, 1년 연장 가능)와 보육 프로그램 지원",
             "서울·경기 소재 예비창업자 또는 창업 7년 미만 기업 (음식점업·부동산업 제외)",
             all_of(region("11", "41"), years(under=7, prefounder="allowed"),
                    industry(not_in=("56", "68")))),
    Template("FUND_IR", "청년창업펀드 투자유치 데모데이(IR)", "Youth startup fund demo day (IR)",
             F, 50_000_000, 20, GROWTH_DEPT,
             "청년창업펀드 운용사와 투자자 대상 IR 발표, 투자 상담 연계",
             "서울·경기 소재 창업 7년 미만 기업, 대표자 만 39세 이하",
             all_of(region("11", "41"), years(under=7), age(None, 39))),
    Template("PROTOTYPE", "시제품 제작 지원", "Prototype development support",
             T, 350_000_000, 25, INDUSTRY_DEPT,
             "제조 창업기업의 시제품 설계·제작, 금형, 디자인 비용 지원 (기업당 최대 1,200만원)",
             "관내 제조업 창업 7년 미만 기업 (동시 수행 중인 지원사업 2개 이하)",
             all_of(local(), industry("C"), years(under=7),
                    {"type": "in_progress", "max": 2, "programs": []})),
    Template("IP", "지식재산권 창출 지원", "Intellectual property filing support",
             T, 150_000_000, 40, INDUSTRY_DEPT,
             "국내외 특허·디자인·상표 출원 비용과 선행기술조사 지원",
             "관내 중소기업 (상시근로자 299명 이하)",
             all_of(local(), employees(None, 299))),
    Template("CERTIFICATION", "벤처·이노비즈 인증 획득 지원", "Venture and Inno-Biz certification",
             T, 120_000_000, 20, INDUSTRY_DEPT,
             "벤처기업·이노비즈 인증 컨설팅과 평가 수수료 지원",
             "관내 중소기업 중 벤처기업·이노비즈 인증이 없는 기업 (매출액 120억원 이하)",
             all_of(local(), employees(None, 299), sales_at_most(12_000_000_000),
                    {"type": "not", "criterion": certified("venture", "innobiz")})),
    Template("SMART_FACTORY", "스마트공장 구축 지원", "Smart factory support",
             T, 400_000_000, 8, INDUSTRY_DEPT,
             "제조 현장의 공정 데이터 수집·분석 시스템(MES 등) 구축 비용 지원",
             "관내 제조업, 상시근로자 10~299명",
             all_of(local(), industry("C"), employees(10, 299))),
    Template("TOTAL_MARKETING", "토탈마케팅 지원", "Total marketing support",
             M, 360_000_000, 12, GROWTH_DEPT,
             "기업 수요 기반 국내외 판로개척과 온·오프라인 마케팅 종합 지원",
             "관내 중소기업 (상시근로자 299명 이하)",
             all_of(local(), employees(None, 299))),
    Template("ONLINE_MARKET", "국내 온라인 플랫폼 입점 지원", "Online marketplace onboarding",
             M, 150_000_000, 20, GROWTH_DEPT,
             "쿠팡, 위메프, 롯데ON 등 온라인 쇼핑 플랫폼 입점과 상세페이지 제작 지원",
             "관내 제조업 또는 도·소매업 중소기업",
             all_of(local(), industry("C", "46", "47"))),
    Template("ANYANG_MARKET", "안양 우수 중소기업 기획전(안양마켓)", "Anyang Market exhibition",
             M, 80_000_000, 30, GROWTH_DEPT,
             "관내 우수 중소기업 제품의 온라인 기획전 운영과 판촉 지원",
             "관내 제조업 또는 소매업, 상시근로자 49명 이하",
             all_of(local(), industry("C", "47"), employees(None, 49))),
    Template("SOCIAL_MARKET", "사회적경제·여성·장애인기업 판로 지원",
             "Sales channels for social, women- and disabled-owned firms",
             M, 120_000_000, 25, GROWTH_DEPT,
             "공공구매 상담회와 전시회 참가를 통한 사회적가치 기업의 판로 개척",
             "관내 사회적기업, 여성기업 또는 장애인기업 인증 기업",
             all_of(local(), any_of({"type": "social_enterprise"}, {"type": "women_owned"},
                                    {"type": "disabled_owned"}))),
    Template("EXPORT_MATCHING", "해외 온라인 수출 화상상담회", "Online export video consultations",
             X, 130_000_000, 30, INDUSTRY_DEPT,
             "해외바이어 발굴과 1:1 화상 비즈니스 매칭, 통역과 사후관리 지원",
             "관내 제조업, 직전년도 매출액 100억원 이하",
             all_of(local(), industry("C"), sales_at_most(10_000_000_000))),
    Template("BUYER_MATCHING", "해외 바이어 발굴 및 비즈니스 매칭", "Buyer discovery and matching",
             X, 100_000_000, 20, INDUSTRY_DEPT,
             "관심 지역 바이어 발굴, 시장조사, 사후 마케팅 관리",
             "관내 제조업 또는 도매업, 직전년도 매출액 300억원 이하",
             all_of(local(), industry("C", "46"), sales_at_most(30_000_000_000))),
    Template("EXPORT_CERT", "해외 규격인증 획득 지원", "Overseas certification support",
             X, 100_000_000, 10, INDUSTRY_DEPT,
             "CE, FCC, UL 등 해외 규격인증 시험·인증 비용 지원",
             "관내 제조업 중소기업 (상시근로자 299명 이하)",
             all_of(local(), industry("C"), employees(None, 299))),
    Template("EXPORT_STARTER", "수출초보기업 해외마케팅 지원",
             "Export starters: overseas marketing",
             X, 80_000_000, 15, INDUSTRY_DEPT,
             "수출 경험이 적은 기업의 해외 홍보물 제작, 온라인 수출몰 입점 지원",
             "관내 창업 1년 이상 기업, 직전년도 매출액 50억원 이하",
             all_of(local(), years(at_least=1), sales_at_most(5_000_000_000))),
    Template("SOGONGIN", "소공인 특화지원 (시제품·마케팅·인증)", "Small manufacturers support",
             T, 250_000_000, 54, SOGONGIN,
             "관내 소공인의 시제품 개발, 마케팅, 인증 획득, 협업 등 7개 분야 맞춤형 지원",
             "관내 소공인 (소공인 확인서 보유 또는 상시근로자 10명 미만 제조업)",
             all_of(local(), small_manufacturer())),
    Template("CLUSTER_EQUIPMENT", "전자부품 소공인 집적지구 공용장비 이용 지원",
             "Electronic-parts cluster shared equipment",
             P, 60_000_000, 30, SOGONGIN,
             "네트워크 분석기, 항온항습챔버, 열충격시험기 등 9종 10점 공용장비와 공동작업장 "
             "무료 이용",
             "관내 전자부품 소공인 (소공인 확인서 보유 또는 상시근로자 10명 미만 전자부품 제조업)",
             all_of(local(), small_manufacturer("26"))),
    Template("SOGONGIN_ACADEMY", "소공인 역량강화 교육", "Small manufacturers training",
             E, 30_000_000, 40, SOGONGIN,
             "소공인 대상 품질관리, 원가관리, 디지털 전환 역량강화 교육",
             "관내 소공인",
             all_of(local(), small_manufacturer())),
    Template("WOMEN_REHIRE", "경력단절여성 채용연계 지원", "Hiring career-interrupted women",
             W, 100_000_000, 30, GROWTH_DEPT,
             "여성새로일하기센터 수료생과 구인기업 채용 연계, 채용 시 인건비 일부 지원",
             "관내 중소기업 (상시근로자 1~299명)",
             all_of(local(), employees(1, 299))),
    Template("YOUTH_JOBS", "청년 일자리 매칭 지원", "Youth job matching",
             W, 150_000_000, 40, GROWTH_DEPT,
             "청년 구직자 직무 멘토링, 채용설명회, 모의면접과 관내 기업 채용 연계",
             "관내 창업 1년 이상 중소기업 (상시근로자 5~299명)",
             all_of(local(), years(at_least=1), employees(5, 299))),
)

# 2021: (series, notice month, notice day, window in days)
SCHEDULE_2021 = (
    ("BLUE100", 3, 2, 21), ("G240", 2, 15, 21), ("ACE20", 5, 10, 14),
    ("MIDCAREER_STARTUP", 4, 5, 21), ("MIDCAREER_OFFICE", 4, 12, 28),
    ("MIDCAREER_ACADEMY", 5, 3, 14), ("MIDCAREER_MENTORING", 6, 1, 21),
    ("ACUBE_ACADEMY", 3, 15, 14), ("ACUBE_MENTORING", 4, 19, 14), ("ACUBE_PRODUCE", 2, 22, 21),
    ("MANAN_SPACE", 8, 2, 21), ("INCUBATOR", 1, 18, 21), ("FUND_IR", 9, 6, 14),
    ("PROTOTYPE", 3, 8, 21), ("IP", 2, 1, 28), ("CERTIFICATION", 4, 26, 21),
    ("SMART_FACTORY", 3, 22, 28), ("TOTAL_MARKETING", 2, 8, 21), ("ONLINE_MARKET", 5, 17, 14),
    ("ANYANG_MARKET", 9, 13, 14), ("SOCIAL_MARKET", 6, 14, 21), ("EXPORT_MATCHING", 4, 1, 21),
    ("BUYER_MATCHING", 6, 21, 21), ("EXPORT_CERT", 5, 24, 28), ("EXPORT_STARTER", 7, 5, 21),
    ("SOGONGIN", 3, 29, 21), ("CLUSTER_EQUIPMENT", 2, 1, 21), ("SOGONGIN_ACADEMY", 7, 12, 14),
    ("WOMEN_REHIRE", 3, 2, 28), ("YOUTH_JOBS", 6, 7, 21),
)
# fmt: on

FUND_SERIES = "SME_FUND"


def fund_template(ksic_codes: list[str]) -> Template:
    return Template(
        FUND_SERIES,
        "중소기업육성자금 융자지원 계획 공고",
        "SME development fund loans",
        F,
        100_000_000_000,
        0,
        "안양시 기업지원과",
        "자금난을 겪거나 기술개발·시설확장 자금이 필요한 기업에 1,000억원 규모 저리 융자, "
        "시가 이자 1.5%p 보전(이차보전), 업체당 일반운전자금 최대 6억원",
        "관내 제조업 및 지식·정보서비스업 영위 중소기업 (524개 업종)",
        all_of(local(), industry(*ksic_codes), years()),
        agency=CITY["code"],
    )


# Open now: (series, days until the deadline), chosen against the demo company
# (주)스카이디스플레이: local electronic parts (26299), 8 employees, 74.9억원 sales, BLUE100,
# venture-certified, founded 2017-01-27, representative born 1985-03-17.
OPEN_NOW = (
    ("TOTAL_MARKETING", 12),  # qualifies
    ("ONLINE_MARKET", 26),  # qualifies
    ("EXPORT_MATCHING", 33),  # qualifies
    ("SOGONGIN", 19),  # qualifies: a manufacturer with fewer than 10 employees
    ("ACE20", 40),  # qualifies: on BLUE100
    (FUND_SERIES, 35),  # qualifies: 26299 is among the 524 types
    ("INCUBATOR", 8),  # near miss: 업력 over 7 years
    ("MIDCAREER_STARTUP", 15),  # near miss: 업력 over 3 years (the representative is 40+)
    ("BLUE100", 22),  # three criteria fail
    ("ACUBE_PRODUCE", 5),  # for pre-founders only
)
OPENS_NEXT_WEEK = "IP"  # qualifies once it opens
DRAFT = "SMART_FACTORY"


@dataclass(frozen=True)
class ProgramPlan:
    template: Template
    fiscal_year: int
    notice_date: date
    opens_at: datetime
    closes_at: datetime
    status: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.template.agency, self.fiscal_year, self.template.series)


def fund_ksic_codes(year: int = 2021) -> list[str]:
    """The KSIC subclasses of the city's eligible industries in fund `year`: the loans app's
    one list (524 types of the 10th revision from 2017, with the same industries in the 11th
    revision so that companies coded in either match)."""
    return list(eligible_codes(year))


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def plan_programs(*, today: date, ksic_codes: list[str]) -> list[ProgramPlan]:
    """Every demo programme: 2021's (completed) and the current year's (around `today`)."""
    templates = {t.series: t for t in TEMPLATES}
    fund = fund_template(ksic_codes)
    plans = []
    for series, month, day, window in SCHEDULE_2021:
        notice = date(2021, month, day)
        plans.append(
            ProgramPlan(
                templates[series],
                2021,
                notice,
                _at(notice + timedelta(days=1), 9),
                _at(notice + timedelta(days=1 + window), 18),
                ProgramStatus.COMPLETED,
            )
        )
    notice = date(2021, 1, 25)
    plans.append(
        ProgramPlan(
            fund, 2021, notice, _at(notice, 9), _at(date(2021, 12, 17), 18), ProgramStatus.COMPLETED
        )
    )
    templates[FUND_SERIES] = fund
    opened = today - timedelta(days=10)
    for series, days_left in OPEN_NOW:
        plans.append(
            ProgramPlan(
                templates[series],
                today.year,
                opened - timedelta(days=2),
                _at(opened, 9),
                _at(today + timedelta(days=days_left), 18),
                ProgramStatus.PUBLISHED,
            )
        )
    upcoming = today + timedelta(days=7)
    plans.append(
        ProgramPlan(
            templates[OPENS_NEXT_WEEK],
            upcoming.year,
            today - timedelta(days=1),
            _at(upcoming, 9),
            _at(upcoming + timedelta(days=21), 18),
            ProgramStatus.PUBLISHED,
        )
    )
    plans.append(
        ProgramPlan(
            templates[DRAFT],
            today.year,
            opened,
            _at(opened, 9),
            _at(today + timedelta(days=30), 18),
            ProgramStatus.DRAFT,
        )
    )
    return plans


def notice_text(plan: ProgramPlan, agency_name: str) -> str:
    t = plan.template

    def moment(at: datetime) -> str:
        local = timezone.localtime(at)
        return f"{local:%Y. %m. %d.}({WEEKDAYS[local.weekday()]}) {local:%H:%M}"

    size = f"{t.budget_won // 100_000_000:,}억원"
    if t.quota:
        size += f", {t.quota}개사 내외"
    return "\n".join(
        (
            f"{plan.fiscal_year}년 {t.title_ko}",
            f"□ 사업목적: {t.summary}",
            f"□ 지원대상: {t.target_text}",
            f"□ 지원규모: {size}",
            f"□ 접수기간: {moment(plan.opens_at)} ~ {moment(plan.closes_at)} (마감시각 엄수)",
            "□ 신청방법: Jiwon 기업지원 플랫폼 온라인 접수",
            f"□ 문의: {agency_name} {t.department}",
        )
    )


def validate(plans: list[ProgramPlan], ksic_codes: list[str]) -> None:
    """Every rule parses (so every KSIC and region code in it exists), the loan notice lists
    524 types and 2021's 30 programmes add up to 53억원; otherwise nothing is loaded."""

    problems = []
    types = subclass_count(ksic_codes)
    if types != FUND_KSIC_TYPES:
        problems.append(
            _(
                "The SME fund lists %(expected)s KSIC subclasses but only %(count)s were "
                "found: run `jiwon migrate` first."
            )
            % {"expected": FUND_KSIC_TYPES, "count": types}
        )
    for plan in plans:
        try:
            parse_rule(plan.template.rule)
        except ValidationError as exc:
            problems.append(f"{plan.template.series}: {'; '.join(exc.messages)}")
    agency_2021 = [p for p in plans if p.fiscal_year == 2021 and p.template.agency == "ayventure"]
    total = sum(p.template.budget_won for p in agency_2021)
    if len(agency_2021) != 30 or total != BUDGET_2021_WON:
        problems.append(f"2021: {len(agency_2021)} programmes, {total:,} won")
    if problems:
        raise DemoDataError("\n".join(problems))


def load_programs(context: DemoContext) -> int:
    """Add the demo agencies and programmes that are missing; return how many programmes
    were added. Call inside a transaction (the demo loader's)."""
    today = context.today
    ksic_codes = fund_ksic_codes()
    plans = plan_programs(today=today, ksic_codes=ksic_codes)
    validate(plans, ksic_codes)
    agencies = {
        spec["code"]: agency_ensure(
            actor=DEMO,
            code=spec["code"],
            name_ko=spec["name_ko"],
            name_en=spec["name_en"],
            region_codes=spec["region_codes"],
        )[0]
        for spec in (AGENCY, CITY)
    }
    existing = set(
        Program.objects.filter(agency__in=agencies.values()).values_list(
            "agency__code", "fiscal_year", "series"
        )
    )
    missing = [plan for plan in plans if plan.key not in existing]
    programs = programs_bulk_create(
        actor=DEMO,
        records=[_program(plan, agencies[plan.template.agency]) for plan in missing],
    )
    return len(programs)


def _program(plan: ProgramPlan, agency: Agency) -> ProgramRecord:
    t = plan.template
    published = plan.status != ProgramStatus.DRAFT
    return ProgramRecord(
        data=ProgramInput(
            agency=agency,
            fiscal_year=plan.fiscal_year,
            series=t.series,
            title_ko=f"{plan.fiscal_year}년 {t.title_ko}",
            title_en=f"{plan.fiscal_year} {t.title_en}",
            category=t.category,
            summary=t.summary,
            notice_text=notice_text(plan, agency.name_ko),
            target_text=t.target_text,
            budget_won=t.budget_won,
            quota=t.quota,
            notice_date=plan.notice_date,
            opens_at=plan.opens_at,
            closes_at=plan.closes_at,
            growth_stage=t.growth_stage,
            contact_name=f"{agency.name_ko} {t.department}",
        ),
        status=plan.status,
        published_at=_at(plan.notice_date, 9) if published else None,
        rule=t.rule,
        rule_effective_from=plan.notice_date,
        rule_note="demo",
    )
