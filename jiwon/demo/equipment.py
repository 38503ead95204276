"""The demo's shared equipment: the electronic-parts 소공인 cluster's centre with its 9 kinds /
10 units of equipment (the three the article names and six more for electronic-parts testing),
personal workbenches, the shared workshop and the global meeting room; the centre's seven
support areas (the ledger's 소공인 programme serves them, and after 2021 the cluster's
equipment-use programme serves the equipment area, so this year's 소공인 supported come from
its decided call in jiwon.demo.current); and bookings with their usage for
the article's year (2021) and for the twelve months before the load, plus the coming two weeks,
so that utilisation, no-shows and the waiting list look alive on the day the demo is loaded.

Everything goes through the equipment app's services: resources with `resource_save`, the
history with `bookings_bulk_record`, the coming bookings with `booking_create`. Keyed by the
site's name: a second load adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q

from jiwon.companies.models import Company, CompanyKind
from jiwon.core.models import Agency
from jiwon.core.workdays import holidays_between
from jiwon.demo.actor import DEMO
from jiwon.demo.context import DemoContext
from jiwon.equipment.models import EquipmentKind, Resource, ResourceCategory, Site, SupportArea
from jiwon.equipment.rules import SEOUL, hours_of, is_open_day
from jiwon.equipment.services import (
    PastBooking,
    booking_create,
    bookings_bulk_record,
    resource_save,
)
from jiwon.programs.models import Program

SITE = "전자부품 소공인 특화지원센터"
# (code, Korean, English, units, model)
KINDS = [
    ("network-analyser", "네트워크 분석기", "Network analyser", 2, "E5071C"),
    ("thermo-hygrostat", "항온항습 챔버", "Thermo-hygrostat chamber", 1, "TH-TG-408"),
    ("thermal-shock", "열충격 시험기", "Thermal-shock tester", 1, "TSA-73EH"),
    ("spectrum-analyser", "스펙트럼 분석기", "Spectrum analyser", 1, "N9010B"),
    ("oscilloscope", "디지털 오실로스코프", "Digital oscilloscope", 1, "MSO64"),
    ("lcr-meter", "LCR 미터", "LCR meter", 1, "E4980A"),
    ("signal-generator", "신호 발생기", "Signal generator", 1, "N5181B"),
    ("esd-tester", "정전기 방전 시험기", "ESD tester", 1, "NSG 438"),
    ("xray-inspector", "X선 검사기", "X-ray inspection system", 1, "XT V 130"),
]
AREAS = [
    ("prototype", "시제품 제작", "Prototypes"),
    ("marketing", "마케팅", "Marketing"),
    ("certification", "인증 획득", "Certification"),
    ("collaboration", "협업", "Collaboration"),
    ("training", "교육", "Training"),
    ("equipment", "장비 활용", "Use of equipment"),
    ("consulting", "경영 컨설팅", "Management consulting"),
]
PURPOSES = [
    "S-파라미터 측정",
    "시제품 신뢰성 시험",
    "인증 사전 시험",
    "불량 원인 분석",
    "출하 검사",
]
PEOPLE = ["김연구", "이선임", "박책임", "최주임", "정대리", "강엔지니어"]
# How often each block of a day is booked: the units end up inside the national 21–39% range.
BUSY_SHARE = 0.5


def _rules(category: str) -> dict:
    base = {
        "opens_at": time(9, 0),
        "closes_at": time(18, 0),
        "open_weekdays": "01234",
        "closed_on_holidays": True,
        "slot_minutes": 30,
        "min_minutes": 60,
        "max_minutes": 240,
        "buffer_minutes": 0,
        "min_notice_minutes": 60,
        "max_ahead_days": 30,
        "needs_approval": False,
        "requires_training": False,
        "fee_per_hour_won": 0,
        "checkin_before_minutes": 15,
        "release_after_minutes": 15,
        "has_counter": False,
        "active": True,
        "eligibility_program": None,
    }
    if category == ResourceCategory.EQUIPMENT:
        base.update(buffer_minutes=30, requires_training=False, has_counter=False)
    if category == ResourceCategory.MEETING_ROOM:
        base.update(max_minutes=180, min_minutes=30)
    if category == ResourceCategory.WORKSHOP:
        base.update(max_minutes=480, needs_approval=True)
    return base


def _resources(site: Site, program: Program | None) -> list[Resource]:
    made = []
    for code, ko, en, units, model in KINDS:
        kind, _created = EquipmentKind.objects.get_or_create(
            code=code, defaults={"name_ko": ko, "name_en": en}
        )
        for n in range(1, units + 1):
            name = f"{ko} {n}호기" if units > 1 else ko
            data = _rules(ResourceCategory.EQUIPMENT) | {
                "site": site,
                "category": ResourceCategory.EQUIPMENT,
                "kind": kind,
                "name_ko": name,
                "name_en": f"{en} {n}" if units > 1 else en,
                "model_name": model,
                "location": "2층 시험실",
                "eligibility_program": program,
            }
            made.append(resource_save(actor=DEMO, resource=Resource(), data=data))
    others = [
        *(
            (ResourceCategory.WORKBENCH, f"개인 작업대 {n}", f"Workbench {n}", "1층 작업실")
            for n in range(1, 5)
        ),
        (ResourceCategory.WORKSHOP, "공동 작업장", "Shared workshop", "1층"),
        (ResourceCategory.MEETING_ROOM, "글로벌 회의실", "Global meeting room", "3층"),
    ]
    for category, ko, en, where in others:
        data = _rules(category) | {
            "site": site,
            "category": category,
            "kind": None,
            "name_ko": ko,
            "name_en": en,
            "location": where,
        }
        made.append(resource_save(actor=DEMO, resource=Resource(), data=data))
    return made


def _cluster_companies() -> list[Company]:
    # The cluster's 소공인: local electronic-parts makers with fewer than 10 employees.
    found = Company.objects.filter(
        kind=CompanyKind.COMPANY, is_local=True, ksic__code__startswith="26", employees__lt=10
    ).order_by("brn")
    return list(found[:60]) or list(
        Company.objects.filter(kind=CompanyKind.COMPANY, is_local=True).order_by("brn")[:60]
    )


def _days(first: date, last: date, agency: Agency) -> list[date]:
    closed = holidays_between(first, last, agency=agency)
    hours = hours_of(Resource(open_weekdays="01234", closed_on_holidays=True))
    return [
        first + timedelta(days=n)
        for n in range((last - first).days)
        if is_open_day(hours, first + timedelta(days=n), closed)
    ]


def _history(
    resources: list[Resource], companies: list[Company], first: date, last: date, agency: Agency
) -> list[PastBooking]:
    rows: list[PastBooking] = []
    for resource in resources:
        rng = random.Random(f"jiwon-demo:equipment:{resource.name_ko}:{first.year}")
        for day in _days(first, last, agency):
            # Three blocks a day (a 30-minute buffer fits between them), each taken half the
            # time: about a quarter to a third of the open hours is used.
            for start_hour in (9, 12, 15):
                if rng.random() > BUSY_SHARE:
                    continue
                start = datetime.combine(day, time(start_hour), SEOUL)
                end = start + timedelta(minutes=rng.choice([60, 120, 120, 150]))
                roll = rng.random()
                outcome = "completed" if roll < 0.85 else "released" if roll < 0.92 else "cancelled"
                used = outcome == "completed"
                rows.append(
                    PastBooking(
                        resource=resource,
                        company=rng.choice(companies),
                        start=start,
                        end=end,
                        purpose=rng.choice(PURPOSES),
                        outcome=outcome,
                        person=rng.choice(PEOPLE),
                        used_from=start + timedelta(minutes=rng.choice([0, 5, 10]))
                        if used
                        else None,
                        used_until=end - timedelta(minutes=rng.choice([0, 0, 15]))
                        if used
                        else None,
                    )
                )
    return rows


def _upcoming(resources: list[Resource], companies: list[Company], today: date) -> int:
    """A few bookings in the coming two weeks, through the booking rules."""
    made = 0
    rng = random.Random("jiwon-demo:equipment:upcoming")
    for offset in range(1, 15):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for resource in resources[:6]:
            if rng.random() > 0.5:
                continue
            start = datetime.combine(day, time(rng.choice([10, 14])), SEOUL)
            try:
                booking_create(
                    actor=DEMO,
                    resource=resource,
                    company=rng.choice(companies),
                    start=start,
                    end=start + timedelta(hours=2),
                    purpose=rng.choice(PURPOSES),
                )
            except ValidationError:  # a holiday or a rule: that day stays free
                continue
            made += 1
    return made


def _link_programs(site: Site) -> None:
    """The programmes that serve the centre's areas: the 소공인 programme of every year serves
    each area; after the article's year, the cluster's equipment-use programme serves the
    equipment area too (so a year without a decided 소공인 call still counts the 소공인 the
    centre supported; the article's year keeps its 54 of the 소공인 programme)."""
    voucher = list(Program.objects.filter(series="SOGONGIN"))
    cluster = list(Program.objects.filter(series="CLUSTER_EQUIPMENT", fiscal_year__gt=2021))
    for area in SupportArea.objects.filter(site=site):
        area.programs.add(*voucher, *(cluster if area.code == "equipment" else []))


def load_equipment(context: DemoContext) -> int:
    agency = Agency.objects.filter(code="ayventure").first()
    if agency is None:
        return 0
    existing = Site.objects.filter(name_ko=SITE).first()
    if existing is not None:
        _link_programs(existing)
        return 0
    site = Site.objects.create(
        agency=agency,
        name_ko=SITE,
        name_en="Electronic-parts small manufacturers' support centre",
        address="경기도 안양시 동안구 시민대로 (전자부품 소공인 집적지구)",
    )
    program = (
        Program.objects.filter(Q(series="CLUSTER_EQUIPMENT"), fiscal_year=context.today.year)
        .order_by("-fiscal_year")
        .first()
    )
    resources = _resources(site, program)
    for code, ko, en in AREAS:
        SupportArea.objects.create(site=site, code=code, name_ko=ko, name_en=en)
    _link_programs(site)
    companies = _cluster_companies()
    units = [r for r in resources if r.category == ResourceCategory.EQUIPMENT]
    benches = [r for r in resources if r.category != ResourceCategory.EQUIPMENT]
    today = context.today
    history = _history(units + benches[:2], companies, date(2021, 1, 1), date(2022, 1, 1), agency)
    recent = max(date(2022, 1, 1), today - timedelta(days=365))
    history += _history(units + benches[:2], companies, recent, today, agency)
    now = context.now
    history = [row for row in history if row.end <= now]
    made = bookings_bulk_record(actor=DEMO, bookings=history, label="demo")
    made += _upcoming(units, companies, today)
    return made + len(resources)


ACUBE = "청년공간 에이큐브(A-Cube)"
# A-Cube's rooms (name, English, where, seats): booked by the hour through the booking engine,
# linked from A-Cube's startup-space pages by its code (jiwon.core.places).
ACUBE_ROOMS = [
    ("에이큐브 회의실 A", "A-Cube meeting room A", "2층 (6인)"),
    ("에이큐브 회의실 B", "A-Cube meeting room B", "2층 (4인)"),
    ("에이큐브 세미나실", "A-Cube seminar room", "3층 (20인)"),
]


def load_acube_rooms(context: DemoContext) -> int:
    """A-Cube's meeting rooms and seminar room as resources of category meeting room, with the
    last three months of their use and a few bookings in the coming two weeks. Keyed by the
    site's place code: a second load adds nothing."""
    agency = Agency.objects.filter(code="ayventure").first()
    if agency is None or Site.objects.filter(place_code="acube").exists():
        return 0
    site = Site.objects.create(
        agency=agency,
        name_ko=ACUBE,
        name_en="A-Cube youth hub",
        address="경기도 안양시 만안구 안양로 (안양역 인근)",
        place_code="acube",
    )
    rooms = []
    for ko, en, where in ACUBE_ROOMS:
        data = _rules(ResourceCategory.MEETING_ROOM) | {
            "site": site,
            "category": ResourceCategory.MEETING_ROOM,
            "kind": None,
            "name_ko": ko,
            "name_en": en,
            "location": where,
            "needs_approval": "세미나실" in ko,
        }
        rooms.append(resource_save(actor=DEMO, resource=Resource(), data=data))
    # Young local companies and pre-founders meet there.
    companies = list(
        Company.objects.filter(is_local=True, founded_on__isnull=False).order_by(
            "-founded_on", "brn"
        )[:40]
    )
    if not companies:
        return len(rooms)
    today = context.today
    history = _history(rooms, companies, today - timedelta(days=91), today, agency)
    made = bookings_bulk_record(
        actor=DEMO, bookings=[row for row in history if row.end <= context.now], label="demo"
    )
    return len(rooms) + made + _upcoming(rooms, companies, today)
