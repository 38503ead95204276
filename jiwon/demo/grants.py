"""The demo's grants (`jiwon demo`): every grant row of the 2021 ledger comes from an agreement
and its paid tranches, and this year's grant call has agreements in every state.

- 2021: each grant row jiwon.demo.outcomes plans (the ladder's Blue100, G240 and ACE20, and the
  commercialisation, smart-factory and hiring programmes) becomes a closed agreement: a budget
  by category and source under the programme's grant terms, tranches (70/30, or 50/50 for the
  hiring subsidies; one tranche when the support came late in the year) paid so that they add
  up to the planned row to the won, on its day and within 2021, expenses accepted against every
  line, a final report in January 2022 and a settlement closed weeks to months later (the
  staff page's "time to settle"). The ledger rows are the paid tranches' own (source
  `grant_tranche`), so the 2021 report's 53억원 and 201 companies stay exactly as they were.
  Recorded in one batch through `grants.services.history.agreements_bulk_record`.
- This year: the hiring call decided this year (jiwon.demo.current) gets an agreement per
  selected company through the one-by-one services, in every state: draft, sent, accepted,
  active with tranches requested, approved by the programme officer, by the finance officer
  and paid (one for less than requested, with the reason), expenses accepted, awaiting review,
  sent back and rejected, two in settlement (one confirmed with grant to return) and one
  closed; the demo company has one waiting for its acceptance. The programme's report schedule
  (an interim report two months in, which the second tranche waits for, and the final report
  30 days after the end) gives the signed ones reports in every state, relative to the day of
  the load: overdue (a draft begun), submitted and due within days, returned for changes,
  accepted (the final one starting the settlement), and final reports due.

Keyed by programme and company: a second load adds nothing; a database loaded before grants
had agreements keeps its typed 2021 rows and gets no agreements for them.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiwon.accounts.models import User
from jiwon.applications.models import Application
from jiwon.companies.models import Company
from jiwon.core.actor import Actor
from jiwon.core.models import Agency
from jiwon.core.support import SupportKind
from jiwon.demo import programs as demo_programs
from jiwon.demo.actor import DEMO
from jiwon.demo.companies import SEED
from jiwon.demo.context import DemoContext
from jiwon.demo.outcomes import YEAR, LedgerRowSpec, apportion, plan_outcomes
from jiwon.demo.outcomes_load import SOURCE_TYPE, company_ids
from jiwon.grants.models import Agreement, EvidenceKind, GrantReport, GrantTerms, ReportKind
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.schedule import DueRule
from jiwon.grants.services.agreements import (
    agreement_accept,
    agreement_countersign,
    agreement_create,
    agreement_send,
    grant_terms_set,
)
from jiwon.grants.services.expenses import (
    expense_accept,
    expense_ask_more,
    expense_record,
    expense_reject,
)
from jiwon.grants.services.history import (
    PastAgreement,
    PastExpense,
    PastTranche,
    agreements_bulk_record,
)
from jiwon.grants.services.reports import (
    report_accept,
    report_return,
    report_save,
    report_submit,
    requirement_save,
)
from jiwon.grants.services.settlement import settlement_confirm
from jiwon.grants.services.tranches import (
    tranche_approve_finance,
    tranche_approve_program,
    tranche_pay,
    tranche_request,
)
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.programs.models import Program

CURRENT_SERIES = "WOMEN_REHIRE"
# How long ago this year's agreements in these states started (others: 18 days): with the
# interim report two months in, it is overdue, returned, or due within days.
STARTED_DAYS_AGO = {"program": 70, "active": 75, "finance": 55}
COMMERCIALISATION = {
    "category_caps": {
        C.PERSONNEL: 50,
        C.MATERIALS: None,
        C.OUTSOURCING: 50,
        C.MARKETING: 30,
        C.TRAVEL: 10,
    },  # fmt: skip
    "tranche_plan": [70, 30],
}
HIRING = {"category_caps": {C.PERSONNEL: None}, "tranche_plan": [50, 50]}
# series → grant terms; budget shares of the grant by category; the grant sources.
TERMS: dict[str, dict] = {
    "BLUE100": COMMERCIALISATION,
    "G240": COMMERCIALISATION,
    "ACE20": COMMERCIALISATION,
    "MIDCAREER_STARTUP": COMMERCIALISATION,
    "ACUBE_PRODUCE": COMMERCIALISATION,
    "SMART_FACTORY": {
        "category_caps": {C.EQUIPMENT: None, C.OUTSOURCING: 60, C.OTHER: 10},
        "tranche_plan": [70, 30],
        "own_share_min_pct": 30,
    },
    "WOMEN_REHIRE": HIRING,
    "YOUTH_JOBS": HIRING,
}
SHARES = {
    "commercialisation": (
        (C.PERSONNEL, 40),
        (C.MATERIALS, 25),
        (C.OUTSOURCING, 20),
        (C.MARKETING, 15),
    ),  # fmt: skip
    "SMART_FACTORY": ((C.EQUIPMENT, 60), (C.OUTSOURCING, 35), (C.OTHER, 5)),
    "hiring": ((C.PERSONNEL, 100),),
}
SOURCES = {"SMART_FACTORY": ((F.CITY, 50), (F.PROVINCE, 50)), "WOMEN_REHIRE": ((F.CITY, 60),
           (F.NATIONAL, 40))}  # fmt: skip
TITLES = {
    "commercialisation": "사업화 과제",
    "SMART_FACTORY": "스마트공장 구축",
    "hiring": "채용 연계 인건비 지원",
}
WHAT: dict[str, tuple[str, ...]] = {
    C.PERSONNEL: ("연구원 인건비", "신규 채용자 급여", "개발 인력 인건비"),
    C.MATERIALS: ("시제품 부품 구매", "원자재 구매", "시험용 소모품 구매"),
    C.OUTSOURCING: ("디자인 외주 용역", "시험 분석 의뢰", "앱 개발 외주 용역"),
    C.MARKETING: ("온라인 광고 집행", "전시회 부스 임차", "홍보 영상 제작"),
    C.TRAVEL: ("해외 전시회 출장",),
    C.EQUIPMENT: ("생산 설비 도입", "공정 모니터링 센서 설치"),
    C.OTHER: ("솔루션 유지보수",),
}
EVIDENCE: dict[str, str] = {C.PERSONNEL: EvidenceKind.PAYROLL, C.TRAVEL: EvidenceKind.CARD_SLIP}
# After the final report (January 2022): how long staff took to confirm, per programme.
CONFIRM_DAYS = {"SMART_FACTORY": (30, 75), "BLUE100": (8, 40), "hiring": (5, 20)}
LAST_PAYMENT = date(YEAR, 12, 22)
PDF = b"%PDF-1.7\n% demo evidence\n" + b"0" * 256


def _rng(label: str) -> random.Random:
    return random.Random(f"jiwon-demo-grants:{SEED}:{label}")


def _kind(series: str) -> str:
    if series in ("WOMEN_REHIRE", "YOUTH_JOBS"):
        return "hiring"
    return series if series == "SMART_FACTORY" else "commercialisation"


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def budget(series: str, grant: int) -> dict[tuple[str, str], int]:
    """The budget lines of a grant of `grant` won (a multiple of 1,000): the programme's shares
    by category, each split over its grant sources, in whole thousands of won; the own
    contribution (cash, on the first category) where the programme requires one."""
    shares = SHARES[_kind(series)]
    by_category = apportion(grant // 1000, [float(p) for _c, p in shares])
    sources = SOURCES.get(series, ((F.CITY, 100),))
    lines: dict[tuple[str, str], int] = {}
    for (category, _p), thousands in zip(shares, by_category, strict=True):
        parts = apportion(thousands, [float(p) for _s, p in sources])
        for (source, _q), part in zip(sources, parts, strict=True):
            if part:
                lines[(category, source)] = part * 1000
    own_pct = TERMS[series].get("own_share_min_pct", 0)
    if own_pct:
        # own ≥ pct% of (grant + own): own = grant × pct / (100 − pct), up to the next 10,000.
        own = -(-grant * own_pct // ((100 - own_pct) * 10_000)) * 10_000
        lines[(shares[0][0], F.OWN_CASH)] = own
    return lines


def _expenses(
    lines: dict[tuple[str, str], int], start: date, end: date, rng: random.Random
) -> list[PastExpense]:
    """Every line spent to the won, in one or two expenses with their evidence."""
    made = []
    for (category, source), amount in sorted(lines.items()):
        n = min(rng.randint(1, 2), amount // 10_000) or 1
        parts = apportion(amount // 1000, [rng.uniform(0.5, 1.5) for _ in range(n)])
        for part in parts:
            day = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
            kind = EVIDENCE.get(category, EvidenceKind.TAX_INVOICE)
            number = ""
            if kind == EvidenceKind.TAX_INVOICE:
                number = f"{day:%Y%m%d}-4100{rng.randint(0, 9999):04d}-{rng.randint(0, 10**8):08d}"
            elif kind == EvidenceKind.CARD_SLIP:
                number = f"{rng.randint(10**7, 10**8 - 1)}"
            made.append(
                PastExpense(
                    category=category,
                    source=source,
                    amount_won=part * 1000,
                    spent_on=day,
                    description=rng.choice(WHAT[category]),
                    evidence_kind=kind,
                    evidence_number=number,
                )
            )
    return made


def _ensure_terms(programs: list[Program]) -> None:
    have = set(GrantTerms.objects.filter(program__in=programs).values_list("program", flat=True))
    for program in programs:
        if program.pk not in have:
            grant_terms_set(actor=DEMO, program=program, **TERMS[program.series])


def grant_rows_2021(context: DemoContext) -> list[LedgerRowSpec]:
    """The 2021 grant rows the outcomes plan holds (written by paid tranches, not typed)."""
    outcomes = plan_outcomes(context.plan)
    if outcomes is None:
        return []
    return [row for row in outcomes.ledger if row.kind == SupportKind.GRANT]


def _past_2021(row: LedgerRowSpec, program: Program, company: Company) -> PastAgreement:
    rng = _rng(f"2021:{row.series}:{row.brn}")
    grant = row.amount_won
    first_day = row.supported_on
    countersigned = first_day - timedelta(days=rng.randint(8, 14))
    sent = countersigned - timedelta(days=rng.randint(4, 8))
    plan = TERMS[row.series]["tranche_plan"]
    if first_day > date(YEAR, 10, 31):
        parts, days = [grant], [first_day]
    else:
        first = grant * plan[0] // 100
        parts = [first, grant - first]
        days = [first_day, min(first_day + timedelta(days=rng.randint(50, 80)), LAST_PAYMENT)]
    tranches = [
        PastTranche(
            requested_won=part,
            requested_at=_at(day - timedelta(days=rng.randint(4, 7)), 11),
            paid_won=part,
            paid_on=day,
        )
        for part, day in zip(parts, days, strict=True)
    ]
    starts, ends = countersigned, date(YEAR, 12, 31)
    lines = budget(row.series, grant)
    final = _at(date(YEAR + 1, 1, rng.randint(5, 28)), 14)
    low, high = CONFIRM_DAYS.get(row.series, CONFIRM_DAYS.get(_kind(row.series), (10, 45)))
    confirmed = final + timedelta(days=rng.randint(low, high), hours=rng.randint(0, 3))
    closed = confirmed + timedelta(days=7 + rng.randint(1, 20))
    return PastAgreement(
        program=program,
        company=company,
        title=f"{company.name_ko} {TITLES[_kind(row.series)]}",
        starts_on=starts,
        ends_on=ends,
        lines=lines,
        sent_at=_at(sent, 15),
        accepted_at=_at(sent + timedelta(days=rng.randint(1, 3)), 11),
        countersigned_at=_at(countersigned, 16),
        final_report_at=final,
        confirmed_at=confirmed,
        closed_at=closed,
        tranches=tranches,
        expenses=_expenses(lines, starts, ends, rng),
        # The grant account's interest, returned with the settlement.
        interest_won=rng.randint(2_000, 40_000),
    )


def _load_2021(context: DemoContext, agency: Agency) -> int:
    rows = grant_rows_2021(context)
    if not rows:
        return 0
    programs = {
        p.series: p
        for p in Program.objects.filter(
            agency=agency, fiscal_year=YEAR, series__in={r.series for r in rows}
        )
    }
    _ensure_terms(list(programs.values()))
    ids = company_ids({r.brn for r in rows})
    done = set(
        Agreement.objects.filter(program__in=programs.values()).values_list(
            "program_id", "company_id"
        )
    )
    # Loaded before the grants step: those rows were typed, and stay.
    typed = set(
        SupportLedgerEntry.objects.filter(
            source_type=SOURCE_TYPE, source_id__startswith=f"{YEAR}:", kind=SupportKind.GRANT
        ).values_list("source_id", flat=True)
    )
    wanted = [
        r
        for r in rows
        if (programs[r.series].pk, ids[r.brn]) not in done and r.source_id not in typed
    ]
    companies = Company.objects.in_bulk([ids[r.brn] for r in wanted])
    records = [_past_2021(r, programs[r.series], companies[ids[r.brn]]) for r in wanted]
    return len(agreements_bulk_record(actor=DEMO, agency=agency, records=records))


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _spend(
    actor: Actor, agreement: Agreement, share_pct: int, day: date, reviewer: Actor, fates: str
) -> None:
    """Expenses for `share_pct`% of each grant line, reviewed as `fates` says per expense
    (a: accept, m: ask for more, r: reject, s: leave for review)."""
    lines = sorted(
        (line.category, line.source, line.amount_won)
        for line in agreement.budget_versions.get(number=1).lines.all()
    )
    n = 0
    for category, source, amount in lines:
        for part in apportion(amount * share_pct // 100_000, [1.0, 1.0]):
            fate = fates[n % len(fates)]
            n += 1
            expense = expense_record(
                actor=actor,
                agreement=agreement,
                category=category,
                source=source,
                amount_won=part * 1000,
                spent_on=day,
                description=WHAT[category][n % len(WHAT[category])],
                evidence_kind=EvidenceKind.PAYROLL,
                uploads=[_upload("급여대장.pdf")],
            )
            if fate == "a":
                expense_accept(actor=reviewer, expense=expense)
            elif fate == "m":
                expense_ask_more(
                    actor=reviewer,
                    expense=expense,
                    comment="근로계약서 사본을 추가로 제출해 주세요.",
                )
            elif fate == "r":
                expense_reject(
                    actor=reviewer,
                    expense=expense,
                    reason="사업 기간 전에 채용한 사람의 급여는 지원 대상이 아닙니다.",
                )


# The hiring programme's reports (staff-edited data): an interim report two months in, which the
# second tranche waits for, and the final report 30 days after the end.
REPORTS: tuple[dict[str, Any], ...] = (
    {
        "kind": ReportKind.INTERIM,
        "title_ko": "중간보고",
        "title_en": "Interim report",
        "rule": DueRule(months_after_start=2),
        "remind_days_before": 7,
        "releases_tranche": 2,
        "narrative": [
            {"key": "n1", "ko": "추진 실적", "en": "Progress", "required": True},
            {"key": "n2", "ko": "애로 사항", "en": "Difficulties", "required": False},
        ],
        "figures": [
            {"key": "f1", "ko": "신규 채용(명)", "en": "New hires (persons)", "required": True},
        ],
        "attachments": [
            {"key": "a1", "ko": "4대보험 가입자 명부", "en": "Social insurance roster",
             "required": True},
        ],
    },
    {
        "kind": ReportKind.FINAL,
        "title_ko": "최종보고",
        "title_en": "Final report",
        "rule": DueRule(days_after_end=30),
        "remind_days_before": 10,
        "releases_tranche": None,
        "narrative": [
            {"key": "n1", "ko": "사업 성과", "en": "Results", "required": True},
            {"key": "n2", "ko": "향후 계획", "en": "Next steps", "required": False},
        ],
        "figures": [
            {"key": "f1", "ko": "신규 채용(명)", "en": "New hires (persons)", "required": True},
            {"key": "f2", "ko": "고용 유지(명)", "en": "Jobs kept (persons)", "required": True},
        ],
        "attachments": [
            {"key": "a1", "ko": "결과보고서", "en": "Final report document", "required": True},
        ],
    },
)  # fmt: skip


def _ensure_reports(program: Program) -> None:
    terms = program.grant_terms
    if not terms.report_requirements.exists():
        for requirement in REPORTS:
            requirement_save(actor=DEMO, terms=terms, **requirement)


def _write(report: GrantReport, until: str, reviewer: Actor) -> None:
    """Take a report as far as `until` says: draft, submitted, returned or accepted."""
    text: str = {
        ReportKind.INTERIM.value: "신규 채용을 마쳤고 채용자 직무 교육을 진행하고 있습니다.",
        ReportKind.FINAL.value: "계획한 인원을 모두 채용해 사업 기간 동안 고용을 유지했습니다.",
    }[report.kind]
    report_save(
        actor=DEMO,
        report=report,
        narrative={"n1": text},
        figures={"f1": 2, "f2": 2} if report.kind == ReportKind.FINAL else {"f1": 2},
        uploads={
            "a1": [
                _upload("4대보험_가입자명부.pdf" if report.kind == "interim" else "결과보고서.pdf")
            ]
        },
    )
    if until == "draft":
        return
    report_submit(actor=DEMO, report=report)
    if until == "returned":
        report_return(
            actor=reviewer,
            report=report,
            reason="채용자별 4대보험 취득일이 보이도록 명부를 다시 첨부해 주세요.",
        )
    elif until == "accepted":
        report_accept(actor=reviewer, report=report)


def _report(agreement: Agreement, kind: str) -> GrantReport:
    return agreement.reports.get(kind=kind)


def _load_current(context: DemoContext, agency: Agency) -> int:
    program = Program.objects.filter(
        agency=agency, fiscal_year=context.today.year, series=CURRENT_SERIES
    ).first()
    if program is None:
        return 0
    _ensure_terms([program])
    _ensure_reports(program)
    made = 0
    if not Agreement.objects.filter(program=program).exists():
        made += _call_agreements(program, agency, context)
    owner = Company.objects.get(brn=context.plan.owner_company_brn)
    if not Agreement.objects.filter(program=program, company=owner).exists():
        agreement_send(actor=_staff()[0], agreement=_draw_up(program, owner, None, context))
        made += 1
    return made


def _staff() -> tuple[Actor, Actor]:
    """The demo's programme officer and finance officer: two people approve a tranche."""
    staff = {u.username: u for u in User.objects.filter(username__in=("officer", "finance"))}
    return staff.get("officer", DEMO), staff.get("finance", DEMO)


def _draw_up(
    program: Program,
    company: Company,
    application: Application | None,
    context: DemoContext,
    ends_on: date | None = None,
    starts_on: date | None = None,
) -> Agreement:
    starts = starts_on or context.today - timedelta(days=18)
    grant = _rng(f"current:{program.fiscal_year}:{company.brn}").randrange(
        6_000_000, 12_000_001, 500_000
    )
    return agreement_create(
        actor=_staff()[0],
        program=program,
        company=company,
        application=application,
        title=f"{company.name_ko} {TITLES['hiring']}",
        starts_on=starts,
        ends_on=ends_on or add_months(starts, 6),
        lines=budget(CURRENT_SERIES, grant),
    )


def _call_agreements(program: Program, agency: Agency, context: DemoContext) -> int:
    selected = list(
        Application.objects.filter(program=program, status="selected")
        .select_related("company")
        .order_by("pk")
    )
    officer, finance = _staff()
    today = context.today
    rng = _rng(f"current:{today.year}")
    made = 0

    def signed(agreement: Agreement) -> Agreement:
        agreement = agreement_send(actor=officer, agreement=agreement)
        agreement = agreement_accept(
            actor=DEMO, agreement=agreement, sha256=agreement.document_sha256
        )
        return agreement_countersign(actor=officer, agreement=agreement)

    def tranche(agreement: Agreement, pct: int, until: str, paid_pct: int | None = None):
        won = agreement.grant_won * pct // 100
        t = tranche_request(
            actor=DEMO, agreement=agreement, requested_won=won, uploads=[_upload("채용확인서.pdf")]
        )
        if until == "requested":
            return t
        t = tranche_approve_program(actor=officer, tranche=t)
        if until == "program":
            return t
        t = tranche_approve_finance(actor=finance, tranche=t)
        if until == "finance":
            return t
        paid = won if paid_pct is None else agreement.grant_won * paid_pct // 100
        reason = "" if paid == won else "4대보험 사업주 부담분 중복 신청 금액을 제외하고 지급"
        return tranche_pay(actor=finance, tranche=t, paid_won=paid, paid_on=today, reason=reason)

    # The states, the most telling first, so that a small call still shows them.
    # The states, the most telling first, so that a small call still shows them; the demo
    # company's agreement (below) is the one sent and waiting for acceptance. Few of them,
    # since each one signed renders its agreement document.
    states = ("active", "settlement_return", "closed", "draft", "accepted", "finance", "program")
    for application, state in zip(selected, states, strict=False):
        company = application.company
        if state == "closed":
            made += _closed_now(program, company, application, agency, context, rng)
            continue
        settles = state == "settlement_return"
        agreement = _draw_up(
            program,
            company,
            application,
            context,
            today - timedelta(days=1) if settles else None,
            # Started earlier, so that their interim reports are overdue, returned or due soon.
            today - timedelta(days=STARTED_DAYS_AGO.get(state, 18)),
        )
        made += 1
        if state == "draft":
            continue
        if state == "accepted":
            agreement = agreement_send(actor=officer, agreement=agreement)
            agreement_accept(actor=DEMO, agreement=agreement, sha256=agreement.document_sha256)
            continue
        agreement = signed(agreement)
        if state == "program":
            tranche(agreement, 50, state)
            # Its interim report is overdue, a draft begun and not submitted.
            _write(_report(agreement, ReportKind.INTERIM), "draft", officer)
        elif state == "finance":
            tranche(agreement, 50, state)
            # Due within days: submitted, awaiting review.
            _write(_report(agreement, ReportKind.INTERIM), "submitted", officer)
        elif state == "active":
            # Paid less than requested (with the reason), expenses in every state of review,
            # the second tranche requested and waiting for the interim report, which was
            # returned for changes.
            tranche(agreement, 50, "paid", paid_pct=45)
            _spend(DEMO, agreement, 40, today - timedelta(days=5), officer, "asmr")
            tranche(agreement, 50, "requested")
            _write(_report(agreement, ReportKind.INTERIM), "returned", officer)
        else:
            tranche(agreement, 50, "paid")
            _write(_report(agreement, ReportKind.INTERIM), "accepted", officer)
            tranche(agreement, 50, "paid")
            # A fifth of the grant unspent: the confirmed settlement asks it back. Accepting
            # the final report starts the settlement.
            _spend(DEMO, agreement, 80, today - timedelta(days=4), officer, "a")
            _write(_report(agreement, ReportKind.FINAL), "accepted", officer)
            agreement.refresh_from_db()
            settlement_confirm(actor=finance, agreement=agreement, interest_won=18_430)
    return made


def _closed_now(
    program: Program,
    company: Company,
    application: Application,
    agency: Agency,
    context: DemoContext,
    rng: random.Random,
) -> int:
    """A short agreement of this year's call, already settled and closed."""
    today = context.today
    grant = rng.randrange(3_000_000, 6_000_001, 500_000)
    lines = budget(CURRENT_SERIES, grant)
    starts, ends = today - timedelta(days=17), today - timedelta(days=12)
    record = PastAgreement(
        program=program,
        company=company,
        application=application,
        title=f"{company.name_ko} {TITLES['hiring']}",
        starts_on=starts,
        ends_on=ends,
        lines=lines,
        sent_at=_at(starts - timedelta(days=2), 15),
        accepted_at=_at(starts - timedelta(days=1), 11),
        countersigned_at=_at(starts, 9),
        final_report_at=_at(ends + timedelta(days=1), 14),
        confirmed_at=_at(ends + timedelta(days=2), 15),
        closed_at=_at(today - timedelta(days=1), 11),
        tranches=[
            PastTranche(
                requested_won=grant, requested_at=_at(starts, 11), paid_won=grant, paid_on=starts
            )
        ],
        expenses=_expenses(lines, starts, ends, rng),
    )
    return len(agreements_bulk_record(actor=DEMO, agency=agency, records=[record]))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def load_grants(context: DemoContext) -> int:
    agency = Agency.objects.filter(code=demo_programs.AGENCY["code"]).first()
    if agency is None:
        return 0
    return _load_2021(context, agency) + _load_current(context, agency)
