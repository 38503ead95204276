"""Closed agreements recorded in bulk (a previous system's, the demo's past years)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SYSTEM
from jiwon.grants.models import Agreement, EvidenceKind, GrantReturn
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.selectors import settlement_times, statement_for
from jiwon.grants.services.history import (
    PastAgreement,
    PastExpense,
    PastTranche,
    agreements_bulk_record,
)
from jiwon.grants.services.tranches import LEDGER_SOURCE
from jiwon.grants.tests.factories import grant_program
from jiwon.outcomes.models import SupportLedgerEntry

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
LINES = {(C.PERSONNEL, F.CITY): 7_000_000, (C.MATERIALS, F.PROVINCE): 3_000_000}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def record(program, company, **changes) -> PastAgreement:
    values = {
        "program": program,
        "company": company,
        "title": "시제품 사업화",
        "starts_on": date(2021, 3, 1),
        "ends_on": date(2021, 12, 31),
        "lines": LINES,
        "sent_at": at(date(2021, 2, 20)),
        "accepted_at": at(date(2021, 2, 22)),
        "countersigned_at": at(date(2021, 2, 25)),
        "final_report_at": at(date(2022, 1, 10)),
        "confirmed_at": at(date(2022, 1, 30)),
        "closed_at": at(date(2022, 2, 14)),
        "tranches": [
            PastTranche(7_000_000, at(date(2021, 3, 2)), 7_000_000, date(2021, 3, 10)),
            PastTranche(3_000_000, at(date(2021, 7, 1)), 3_000_000, date(2021, 7, 9)),
        ],
        "expenses": [
            PastExpense(
                C.PERSONNEL, F.CITY, 7_000_000, date(2021, 6, 30), "인건비", EvidenceKind.PAYROLL
            ),  # fmt: skip
            PastExpense(
                C.MATERIALS,
                F.PROVINCE,
                3_000_000,
                date(2021, 9, 1),
                "부품",
                EvidenceKind.TAX_INVOICE,
                "20210901-41000000-00000001",
            ),  # fmt: skip
        ],
        "interest_won": 12_345,
    }
    values.update(changes)
    return PastAgreement(**values)


def test_it_writes_the_paid_tranches_ledger_rows_and_the_closed_settlement(company):
    program = grant_program(category_caps={C.PERSONNEL: 70, C.MATERIALS: None})

    [agreement] = agreements_bulk_record(
        actor=SYSTEM, agency=program.agency, records=[record(program, company)]
    )

    rows = SupportLedgerEntry.objects.filter(source_type=LEDGER_SOURCE).order_by("supported_on")
    assert [(r.amount_won, r.supported_on) for r in rows] == [
        (7_000_000, date(2021, 3, 10)),
        (3_000_000, date(2021, 7, 9)),
    ]
    assert {r.source_id for r in rows} == {str(t.pk) for t in agreement.tranches.all()}
    assert agreement.status == "closed" and agreement.number.startswith(f"{program.fiscal_year}-")
    assert statement_for(agreement).return_principal_won == 0
    # Only the account's interest goes back, paid before the closing; the ledger is untouched.
    interest = GrantReturn.objects.get(agreement=agreement)
    assert (interest.principal_won, interest.interest_won) == (0, 12_345)
    assert interest.paid_on == date(2022, 2, 14)
    assert agreement.settlement.return_won == 12_345
    [time] = settlement_times()
    assert time.median_days == time.p90_days == 35.0
    assert AuditEntry.objects.filter(action="grants.agreements_bulk_record").count() == 1
    assert list(agreement.status_history.values_list("target", flat=True)) == [
        "draft", "sent", "accepted", "active", "settlement", "closed"
    ]  # fmt: skip


def test_it_refuses_the_whole_batch_for_one_expense_over_its_line(company):
    program = grant_program(category_caps={C.PERSONNEL: 70, C.MATERIALS: None})
    over = PastExpense(C.MATERIALS, F.PROVINCE, 1, date(2021, 9, 2), "부품", EvidenceKind.OTHER)
    broken = record(program, company, expenses=[*record(program, company).expenses, over])

    with pytest.raises(ValidationError, match="pass the line"):
        agreements_bulk_record(
            actor=SYSTEM, agency=program.agency, records=[record(program, company), broken]
        )
    assert not Agreement.objects.exists() and not SupportLedgerEntry.objects.exists()


def test_it_leaves_unspent_grant_to_the_settlement_services(company):
    program = grant_program(category_caps={C.PERSONNEL: 70, C.MATERIALS: None})
    unspent = record(program, company, expenses=record(program, company).expenses[:1])

    with pytest.raises(ValidationError, match="returned through the services"):
        agreements_bulk_record(actor=SYSTEM, agency=program.agency, records=[unspent])


def test_it_refuses_a_payment_that_differs_from_the_request_without_a_reason(company):
    program = grant_program(category_caps={C.PERSONNEL: 70, C.MATERIALS: None})
    short = PastTranche(7_000_000, at(date(2021, 3, 2)), 6_999_990, date(2021, 3, 10))

    with pytest.raises(ValidationError, match="say why"):
        agreements_bulk_record(
            actor=SYSTEM,
            agency=program.agency,
            records=[record(program, company, tranches=[short])],
        )
