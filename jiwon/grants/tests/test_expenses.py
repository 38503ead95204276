"""Expenses: every limit at the won, the project period, the review."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.grants.models import EvidenceKind
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.services.expenses import (
    expense_accept,
    expense_ask_more,
    expense_record,
    expense_reject,
    expense_resubmit,
)
from jiwon.grants.tests.factories import evidence
from jiwon.grants.workflow import ExpenseStatus as E


def _record(agreement, member, won, line=(C.MATERIALS, F.NATIONAL), day=date(2026, 6, 1)):
    return expense_record(
        actor=member,
        agreement=agreement,
        category=line[0],
        source=line[1],
        amount_won=won,
        spent_on=day,
        description="센서 부품 구매",
        evidence_kind=EvidenceKind.TAX_INVOICE,
        evidence_number="20260601-4100-0001",
        uploads=[evidence()],
    )


def test_a_line_takes_expenses_up_to_its_budget_to_the_won(active, member):
    _record(active, member, 4_999_999)
    _record(active, member, 1)
    with pytest.raises(ValidationError) as exc:
        _record(active, member, 1)
    message = exc.value.message_dict["amount_won"][0]
    assert "over its budget of 5,000,000 won by 1 won" in message


def test_a_line_the_budget_does_not_have_is_refused_with_its_budget_of_nothing(active, member):
    with pytest.raises(ValidationError, match="budget of 0 won by 10 won"):
        _record(active, member, 10, line=(C.MARKETING, F.CITY))


def test_an_expense_outside_the_project_period_is_refused(active, member):
    _record(active, member, 10, day=active.starts_on)
    _record(active, member, 10, day=active.ends_on)
    with pytest.raises(ValidationError, match="outside the project period"):
        _record(active, member, 10, day=date(2027, 1, 1))


def test_a_rejected_expense_gives_its_amount_back_to_the_line(active, member, officer):
    expense = _record(active, member, 5_000_000)
    expense_reject(actor=officer, expense=expense, reason="목적 외 사용")
    _record(active, member, 5_000_000)


def test_staff_ask_for_more_and_the_company_resubmits(active, member, officer):
    expense = _record(active, member, 100_000)
    expense_ask_more(actor=officer, expense=expense, comment="거래명세서 추가")
    expense = expense_resubmit(actor=member, expense=expense, uploads=[evidence("명세서.pdf")])
    assert expense.status == E.SUBMITTED
    assert expense.files.count() == 2
    assert expense_accept(actor=officer, expense=expense).status == E.ACCEPTED


def test_a_tax_invoice_needs_its_number_and_evidence_a_file(active, member):
    with pytest.raises(ValidationError, match="approval number"):
        expense_record(
            actor=member,
            agreement=active,
            category=C.MATERIALS,
            source=F.CITY,
            amount_won=10,
            spent_on=date(2026, 6, 1),
            description="부품",
            evidence_kind=EvidenceKind.TAX_INVOICE,
            uploads=[evidence()],
        )
    with pytest.raises(ValidationError, match="Attach the evidence"):
        expense_record(
            actor=member,
            agreement=active,
            category=C.MATERIALS,
            source=F.CITY,
            amount_won=10,
            spent_on=date(2026, 6, 1),
            description="부품",
            evidence_kind=EvidenceKind.CONTRACT,
        )


def test_only_the_companys_own_members_record_expenses(active):
    with pytest.raises(PermissionDenied):
        _record(active, member_of(CompanyFactory()), 10)
