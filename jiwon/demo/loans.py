"""The demo's SME development-fund loans (중소기업육성자금 이차보전), from the second seed article:
the city's 2017 fund of 1,000억원, 1.5%p interest subsidy, a working-capital limit raised from
5억 (2016) to 6억원 and the eligible industries from 517 to 524 types; 142 companies received
530억원 that year, and 470억원 remained for timely support.

What it loads, through the loans app's services:
- four partner banks; the demo login "bank" works for 기업은행;
- fund rounds from 2016 to the year of the load (each 1,000억원 of volume), each with its
  programme's eligibility rule (관내 and the industry list of jiwon/loans/industries.py: 517
  types in 2016, 524 from 2017; the city's 2021 and current SME-fund notices of
  jiwon/demo/programs.py are reused where they exist);
- 2017: exactly 142 companies with one loan each, 530억원 in all (working capital and
  facilities, each within its limit), with repayments, prepayments, a few defaults and
  relocations, and every quarter's subsidy claimed by the banks and paid;
- the years after it, smaller years of loans with their claims, so the fund looks alive up
  to the load day; none in 2021, whose report keeps the first article's figures (201
  companies and 53억원 of the agency's programmes: a loan's ledger row would add to them);
- the year of the load: loans made so far, letters standing (some at 기업은행), applications
  waiting for review, one letter that expired, and 기업은행's claim for the last quarter
  waiting for the finance officer (one line differs from Jiwon's figure by a won).

Keyed by the fund year: a second load adds nothing; a load in a later year adds that year.
The demo company user's own company never borrows, so that restoring it (a second load) gives
back its whole history.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from jiwon.accounts.models import User
from jiwon.companies.models import Company, CompanyKind
from jiwon.core.models import Agency
from jiwon.demo.actor import DEMO
from jiwon.demo.context import DemoContext
from jiwon.demo.programs import CITY, FUND_SERIES
from jiwon.loans.industries import INDUSTRIES_2016, INDUSTRIES_2017, fund_rule, industry_codes
from jiwon.loans.models import EventKind, FundRound, Loan, PurposeKind, RepaymentMethod, StopReason
from jiwon.loans.schedule import add_months
from jiwon.loans.selectors import loan_facts
from jiwon.loans.services.applications import loan_application_submit
from jiwon.loans.services.claims import ClaimLineInput, computed_line, subsidy_claim_submit
from jiwon.loans.services.funds import (
    FundInput,
    PurposeInput,
    bank_member_add,
    fund_round_create,
    partner_bank_ensure,
)
from jiwon.loans.services.history import PastLoan, claims_bulk_record, loans_bulk_record
from jiwon.loans.subsidy import accrue
from jiwon.programs.models import Category, Program
from jiwon.programs.services.bulk import ProgramRecord, programs_bulk_create
from jiwon.programs.services.programs import ProgramInput
from jiwon.programs.workflow import ProgramStatus

SEOUL = ZoneInfo("Asia/Seoul")
EOK = 100_000_000
UNIT = 10_000_000  # loans are made in steps of 1,000만원
VOLUME = 1_000 * EOK
FIRST_YEAR = 2016
ARTICLE_YEAR = 2017
ARTICLE_COMPANIES = 142
ARTICLE_WON = 530 * EOK
KEPT_EMPTY = 2021
LATER_LOANS = 45  # loans a later full year
BANKS = (
    ("ibk", "IBK기업은행", "Industrial Bank of Korea"),
    ("shinhan", "신한은행", "Shinhan Bank"),
    ("kb", "KB국민은행", "KB Kookmin Bank"),
    ("nh", "NH농협은행", "NH NongHyup Bank"),
)
BANK_LOGIN = "bank"
# Anyang's 2016 terms (DOMAIN.md): 1.5%p on working capital and technology, 1.0%p on
# facilities, +0.5%p for preferred companies; 3 years working capital, 5 years facilities.
# Limits: working capital 5억 until 2016, 6억 from 2017; facilities 5억; special 8억 (2023).
SUBSIDY = {
    PurposeKind.WORKING: Decimal("1.500"),
    PurposeKind.TECHNOLOGY: Decimal("1.500"),
    PurposeKind.FACILITY: Decimal("1.000"),
    PurposeKind.SPECIAL: Decimal("1.500"),
}
USES = ("원자재 구매", "인건비 및 운영자금", "생산설비 도입", "연구개발 운영", "공장 증설")


def _purposes(year: int) -> list[PurposeInput]:
    working = 5 * EOK if year < ARTICLE_YEAR else 6 * EOK
    purposes = [
        PurposeInput(PurposeKind.WORKING, working, 36, 12, SUBSIDY[PurposeKind.WORKING]),
        PurposeInput(PurposeKind.TECHNOLOGY, 6 * EOK, 36, 12, SUBSIDY[PurposeKind.TECHNOLOGY]),
        PurposeInput(PurposeKind.FACILITY, 5 * EOK, 60, 24, SUBSIDY[PurposeKind.FACILITY]),
    ]
    if year >= 2023:
        purposes.append(
            PurposeInput(PurposeKind.SPECIAL, 8 * EOK, 36, 12, SUBSIDY[PurposeKind.SPECIAL])
        )
    return purposes


def _program(year: int, today: date) -> Program:
    """The city's SME-fund programme of `year`: the demo's notice where it has one, otherwise
    one with the fund's rule (517 types in 2016, 524 after)."""
    found = Program.objects.filter(series=FUND_SERIES, fiscal_year=year).first()
    if found is not None:
        return found
    agency = Agency.objects.get(code=CITY["code"])
    notice = date(year, 1, 10)
    industries = INDUSTRIES_2016 if year < ARTICLE_YEAR else INDUSTRIES_2017
    status = ProgramStatus.COMPLETED if year < today.year else ProgramStatus.PUBLISHED
    record = ProgramRecord(
        data=ProgramInput(
            agency=agency,
            fiscal_year=year,
            series=FUND_SERIES,
            title_ko=f"{year}년 중소기업육성자금 융자지원 계획 공고",
            title_en=f"{year} SME development fund loans",
            category=Category.FINANCE,
            notice_date=notice,
            opens_at=datetime.combine(notice, time(9), SEOUL),
            closes_at=datetime.combine(date(year, 12, 15), time(18), SEOUL),
            summary="1,000억원 규모 저리 융자, 시가 이자 1.5%p 보전(이차보전)",
            target_text="관내 제조업 및 지식·정보서비스업 영위 중소기업",
            budget_won=VOLUME,
        ),
        status=status,
        rule=fund_rule(industries),
        rule_effective_from=notice,
        published_at=datetime.combine(notice, time(9), SEOUL),
    )
    return programs_bulk_create(actor=DEMO, records=[record])[0]


def _eligible(program: Program, day: date, exclude: set[int]) -> list[Company]:
    version = program.rule_versions.order_by("-version").first()
    codes = tuple(industry_codes(version.rule)) if version else ()
    sections = {c for c in codes if c.isalpha()}
    numeric = tuple(c for c in codes if c.isdigit())
    chosen = []
    for company in (
        Company.objects.filter(kind=CompanyKind.COMPANY, is_local=True, founded_on__lt=day)
        .exclude(closed_on__lte=day)
        .select_related("ksic")
        .order_by("brn")
    ):
        if company.pk in exclude or company.ksic is None:
            continue
        code = company.ksic.code
        division = int(code[:2]) if code[:2].isdigit() else -1
        manufacturing = "C" in sections and 10 <= division <= 34
        if manufacturing or code.startswith(numeric):
            chosen.append(company)
    return chosen


def _amounts(rng: random.Random, count: int, total: int, cap_units: list[int]) -> list[int]:
    """`count` amounts in steps of 1,000만원 adding up to `total`, each within its cap."""
    units = total // UNIT
    values = [min(cap, units // count) for cap in cap_units]
    left = units - sum(values)
    while left:
        i = rng.randrange(count)
        if values[i] < cap_units[i]:
            values[i] += 1
            left -= 1
    for _ in range(count * 4):  # spread them out: move units between loans, within the caps
        a, b = rng.randrange(count), rng.randrange(count)
        step = rng.randint(1, 12)
        if values[a] - step >= 10 and values[b] + step <= cap_units[b]:
            values[a] -= step
            values[b] += step
    return [v * UNIT for v in values]


def _business_day(rng: random.Random, start: date, end: date) -> date:
    day = start + timedelta(days=rng.randrange(max((end - start).days, 1)))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _life(rng: random.Random, made: date, amount: int, purpose: PurposeInput, today: date):
    """Repayments, prepayments, rate changes and the end of one loan, up to `today`."""
    matures = add_months(made, purpose.term_months)
    events: list[tuple[date, str, int, Decimal | None]] = []
    method = RepaymentMethod.BULLET
    stopped: tuple[date, str] | None = None
    roll = rng.random()
    if roll < 0.4:
        method = RepaymentMethod.EQUAL_PRINCIPAL
        start = add_months(made, purpose.grace_months)
        count = (purpose.term_months - purpose.grace_months) // 3
        part = amount // count
        for k in range(count):
            day = add_months(start, 3 * k)
            paid = part if k < count - 1 else amount - part * (count - 1)
            events.append((day, EventKind.REPAYMENT, paid, None))
        stopped = (events[-1][0], StopReason.REPAID)
    elif roll < 0.55:
        day = add_months(made, rng.randint(5, 20))
        events.append((day, EventKind.PREPAYMENT, amount * 3 // 10 // UNIT * UNIT, None))
    elif roll < 0.6:
        stopped = (add_months(made, rng.randint(4, 30)), StopReason.DEFAULT)
    elif roll < 0.63:
        stopped = (add_months(made, rng.randint(4, 30)), StopReason.RELOCATION)
    if rng.random() < 0.2:
        events.append(
            (
                add_months(made, rng.randint(3, 12)),
                EventKind.RATE_CHANGE,
                0,
                Decimal(rng.randint(280, 520)) / 100,
            )
        )
    if stopped is None:
        stopped = (matures, StopReason.MATURITY)
    events = [e for e in events if e[0] < stopped[0] or e[2] and stopped[1] == StopReason.REPAID]
    if stopped[0] > today:
        stopped = None
    return method, sorted(events, key=lambda e: e[0]), stopped


def _past_loans(rng, fund, banks, companies, count, total, start, end, today, references):
    purposes = {p.kind: p for p in fund.purposes.all()}
    inputs = {p.kind: p for p in _purposes(fund.year)}
    kinds = [
        PurposeKind.FACILITY if rng.random() < 0.15 else PurposeKind.WORKING for _ in range(count)
    ]
    caps = [purposes[k].limit_won // UNIT for k in kinds]
    amounts = _amounts(rng, count, total, caps)
    loans = []
    for company, kind, amount in zip(companies, kinds, amounts, strict=False):
        made = _business_day(rng, start, end)
        method, events, stopped = _life(rng, made, amount, inputs[kind], today)
        references[0] += 1
        bank = banks[rng.randrange(len(banks))]
        loans.append(
            PastLoan(
                company=company,
                purpose=purposes[kind],
                bank=bank,
                amount_won=amount,
                applied_on=made - timedelta(days=rng.randint(15, 30)),
                issued_on=made - timedelta(days=rng.randint(3, 12)),
                executed_on=made,
                bank_rate_pct=Decimal(rng.randint(300, 480)) / 100,
                repayment_method=method,
                bank_reference=f"{bank.code.upper()}-{fund.year}-{references[0]:05d}",
                preferred=rng.choice(["", "", "", "", "social", "family_friendly", "women"]),
                use_of_funds=rng.choice(USES),
                events=tuple(events),
                stopped=stopped,
            )
        )
    return loans


def _quarters(first: date, last_end: date) -> list[tuple[date, date]]:
    periods = []
    start = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while add_months(start, 3) <= last_end:
        periods.append((start, add_months(start, 3)))
        start = add_months(start, 3)
    return periods


def load_loans(context: DemoContext) -> int:
    today = context.today
    if Agency.objects.filter(code=CITY["code"]).first() is None:
        return 0
    banks = [
        partner_bank_ensure(actor=DEMO, code=code, name_ko=ko, name_en=en) for code, ko, en in BANKS
    ]
    login = User.objects.filter(username=BANK_LOGIN).first()
    if login is not None:
        bank_member_add(actor=DEMO, bank=banks[0], user=login)
    added = 0
    # A company borrows one loan at a time: company → the day its last loan ends.
    borrowed: dict[int, date] = {}
    for loan in Loan.objects.all():
        end = loan.stopped_on or loan.matures_on
        borrowed[loan.company_id] = max(end, borrowed.get(loan.company_id, end))
    for year in range(FIRST_YEAR, today.year + 1):
        if FundRound.objects.filter(year=year).exists():
            continue
        added += _load_year(year, banks, today, borrowed, context)
    return added


def _load_year(year, banks, today, borrowed, context) -> int:
    rng = random.Random(f"jiwon-demo:loans:{year}")
    program = _program(year, today)
    current = year == today.year
    fund = fund_round_create(
        actor=DEMO,
        data=FundInput(
            year=year,
            name_ko=f"{year}년 중소기업육성자금",
            name_en=f"{year} SME development fund",
            program=program,
            loan_volume_won=VOLUME,
            subsidy_budget_won=20 * EOK,
            opens_on=date(year, 1, 2),
            closes_on=date(year, 12, 31),
            purposes=_purposes(year),
            banks=banks,
        ),
    )
    if year < ARTICLE_YEAR or year == KEPT_EMPTY:
        return 1
    start = date(year, 1, 16)
    end = min(date(year, 12, 15), today - timedelta(days=20)) if current else date(year, 12, 15)
    if end <= start:
        return 1
    free = [c for c in _eligible(program, start, set()) if borrowed.get(c.pk, start) <= start]
    rng.shuffle(free)
    # The demo company user's own company borrows nothing: a fund year is loaded once, so a
    # restore of that company (a second load) could not bring its loans back.
    free = [c for c in free if c.brn != context.plan.owner_company_brn]
    if year == ARTICLE_YEAR:
        count, total = ARTICLE_COMPANIES, ARTICLE_WON
    else:
        share = (end - start).days / 333
        count = max(int(LATER_LOANS * share), 3)
        total = count * rng.randint(30, 40) * UNIT
    if len(free) < count + 12:
        raise ValidationError(f"{year}: only {len(free)} eligible companies for {count} loans")
    references = [0]
    past = _past_loans(rng, fund, banks, free[:count], count, total, start, end, today, references)
    made = loans_bulk_record(actor=DEMO, fund=fund, loans=past, label="demo", ledger=False)
    for loan in made:
        borrowed[loan.company_id] = loan.stopped_on or loan.matures_on
    lines = _claims(fund, made, today)
    added = 1 + len(made) + lines
    if current:
        added += _this_year(fund, banks, free[count:], today, rng, made)
    return added


def _claims(fund, made, today) -> int:
    """Every complete quarter claimed and paid 25 days after it (the current round's last
    quarter left out: 기업은행's claim for it waits for the finance officer); this writes each
    loan's ledger row once, with the subsidy paid."""
    if not made:
        return 0
    first = min(loan.executed_on for loan in made)
    last_complete = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    periods = [p for p in _quarters(first, last_complete) if p[1] + timedelta(days=25) <= today]
    # The last complete quarter at 기업은행 is left for its claim waiting for approval.
    skip = max((p for p in periods), default=None, key=lambda p: p[0])
    paid = [p for p in periods if p != skip] if fund.year == today.year else periods
    differences = {(loan.pk, period[0]): 1 for loan in made[::23] for period in paid[:1]}
    lines = claims_bulk_record(
        actor=DEMO, fund=fund, periods=paid, paid_after_days=25, differences=differences
    )
    return lines


def _this_year(fund, banks, companies, today, rng, made) -> int:
    """Letters standing and expired, applications waiting, and the waiting claim."""
    added = 0
    purposes = {p.kind: p for p in fund.purposes.all()}
    standing = []
    for i, company in enumerate(companies[:6]):
        issued = today - timedelta(days=5 + 9 * i)
        standing.append(
            PastLoan(
                company=company,
                purpose=purposes[PurposeKind.WORKING],
                bank=banks[i % 2],
                amount_won=rng.randint(10, 50) * UNIT,
                applied_on=issued - timedelta(days=7),
                issued_on=issued,
                executed_on=None,
                bank_rate_pct=Decimal("4.200"),
                repayment_method=RepaymentMethod.BULLET,
                bank_reference=f"LETTER-{fund.year}-{i}",
                use_of_funds=rng.choice(USES),
            )
        )
    # One letter was never used: it expired and its amount went back to the volume.
    old = today - timedelta(days=fund.letter_valid_days + 20)
    if old.year == fund.year:
        standing.append(
            PastLoan(
                company=companies[6],
                purpose=purposes[PurposeKind.WORKING],
                bank=banks[2],
                amount_won=3 * EOK,
                applied_on=old - timedelta(days=7),
                issued_on=old,
                executed_on=None,
                bank_rate_pct=Decimal("4.200"),
                repayment_method=RepaymentMethod.BULLET,
                bank_reference=f"LETTER-{fund.year}-expired",
            )
        )
    loans_bulk_record(actor=DEMO, fund=fund, loans=standing, label="demo letters")
    added += len(standing)
    for company in companies[7:12]:
        try:
            loan_application_submit(
                actor=DEMO,
                fund=fund,
                company=company,
                purpose=purposes[PurposeKind.WORKING],
                bank=banks[rng.randrange(len(banks))],
                amount_won=rng.randint(10, 60) * UNIT,
                use_of_funds=rng.choice(USES),
                declares_good_standing=True,
            )
        except ValidationError:
            continue
        added += 1
    added += _waiting_claim(fund, banks[0], made, today)
    return added


def _waiting_claim(fund, bank, made, today) -> int:
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = add_months(start, -3)
    end = add_months(start, 3)
    if start.year != fund.year:
        return 0
    ours = [
        loan
        for loan in made
        if loan.bank_id == bank.pk and accrue(loan_facts(loan), start, end).days
    ]
    if not ours:
        return 0
    lines = []
    for i, loan in enumerate(ours):
        computed = computed_line(loan, start, end, fund.rounding)
        interest = accrue(loan_facts(loan), start, end).interest_won(fund.rounding)
        lines.append(
            ClaimLineInput(
                loan=loan,
                claimed_won=computed + (1 if i == 0 else 0),
                interest_charged_won=interest,
            )
        )
    subsidy_claim_submit(actor=DEMO, fund=fund, bank=bank, period_start=start, lines=lines)
    return 1
