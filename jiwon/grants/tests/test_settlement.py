"""Settlement from the records, its return into the ledger as corrections, closing, clawback."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiwon.grants.models import EvidenceKind, GrantReturn
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.selectors import settlement_times
from jiwon.grants.services.expenses import expense_accept, expense_record
from jiwon.grants.services.reports import agreement_final_report
from jiwon.grants.services.settlement import (
    clawback_record,
    grant_return_paid,
    settlement_answer,
    settlement_close,
    settlement_confirm,
    settlement_object,
)
from jiwon.grants.services.tranches import (
    tranche_approve_finance,
    tranche_approve_program,
    tranche_pay,
    tranche_request,
)
from jiwon.grants.tests.factories import evidence
from jiwon.grants.workflow import AgreementStatus as S
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.selectors.ledger import ledger_total

ACCEPTED = {
    (C.PERSONNEL, F.CITY): 28_500_000,
    (C.PERSONNEL, F.PROVINCE): 10_000_000,
    (C.PERSONNEL, F.OWN_CASH): 5_000_000,
    (C.MATERIALS, F.CITY): 15_000_000,
    (C.MATERIALS, F.NATIONAL): 4_999_995,
}


def _pay(agreement, member, officer, finance, won, paid_won=None, reason=""):
    t = tranche_request(actor=member, agreement=agreement, requested_won=won)
    t = tranche_approve_finance(
        actor=finance, tranche=tranche_approve_program(actor=officer, tranche=t)
    )
    return tranche_pay(
        actor=finance, tranche=t, paid_won=paid_won or won, paid_on=date(2026, 11, 1), reason=reason
    )


@pytest.fixture
def in_settlement(active, member, officer, finance):
    _pay(active, member, officer, finance, 42_000_000)
    _pay(active, member, officer, finance, 18_000_000, 17_999_990, reason="송금 수수료 차감")
    for (category, source), won in ACCEPTED.items():
        expense = expense_record(
            actor=member,
            agreement=active,
            category=category,
            source=source,
            amount_won=won,
            spent_on=date(2026, 6, 1),
            description="집행",
            evidence_kind=EvidenceKind.CONTRACT,
            uploads=[evidence()],
        )
        expense_accept(actor=officer, expense=expense)
    return agreement_final_report(actor=member, agreement=active)


def _ledger(agreement):
    return ledger_total(SupportLedgerEntry.objects.filter(company=agreement.company))


def test_the_settlement_computes_the_return_and_the_return_comes_off_the_ledger(
    in_settlement, member, finance
):
    assert _ledger(in_settlement) == 59_999_990
    settlement = settlement_confirm(actor=finance, agreement=in_settlement, interest_won=12_345)
    assert settlement.return_won == 1_512_342
    grant_return = in_settlement.returns.get()
    assert (grant_return.principal_won, grant_return.interest_won) == (1_499_997, 12_345)
    with pytest.raises(ValidationError, match="may object until"):
        settlement_close(actor=finance, agreement=in_settlement)
    grant_return_paid(actor=finance, grant_return=grant_return, paid_on=timezone.localdate())
    # The grant part comes off as correction rows: the tranches' rows are kept as they were.
    assert _ledger(in_settlement) == 59_999_990 - 1_499_997
    corrections = SupportLedgerEntry.objects.filter(corrects__isnull=False)
    assert [c.amount_won for c in corrections] == [-1_499_997]
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        closed = settlement_close(actor=finance, agreement=in_settlement)
    assert closed.status == S.CLOSED
    [row] = settlement_times()
    assert row.settled == 1 and row.median_days == row.p90_days >= 8


def test_the_company_objects_in_time_and_staff_answer_before_closing(
    in_settlement, member, finance
):
    settlement = settlement_confirm(actor=finance, agreement=in_settlement, interest_won=0)
    settlement_object(actor=member, settlement=settlement, text="국비 집행액 재확인 요청")
    with pytest.raises(ValidationError, match="objection"):
        settlement_close(actor=finance, agreement=in_settlement)
    settlement_answer(actor=finance, settlement=settlement, answer="증빙 확인 결과 변동 없음")
    grant_return_paid(
        actor=finance, grant_return=in_settlement.returns.get(), paid_on=timezone.localdate()
    )
    assert settlement_close(actor=finance, agreement=in_settlement).status == S.CLOSED


def test_an_objection_after_the_window_is_refused(in_settlement, member, finance):
    settlement = settlement_confirm(actor=finance, agreement=in_settlement, interest_won=0)
    with (
        time_machine.travel(timezone.now() + timedelta(days=8), tick=False),
        pytest.raises(ValidationError, match="possible until"),
    ):
        settlement_object(actor=member, settlement=settlement, text="이의")


def test_a_settlement_waits_for_every_expense_review(active, member, officer, finance):
    expense_record(
        actor=member,
        agreement=active,
        category=C.MATERIALS,
        source=F.CITY,
        amount_won=10,
        spent_on=date(2026, 6, 1),
        description="부품",
        evidence_kind=EvidenceKind.CONTRACT,
        uploads=[evidence()],
    )
    agreement_final_report(actor=member, agreement=active)
    with pytest.raises(ValidationError, match="wait for a review"):
        settlement_confirm(actor=finance, agreement=active, interest_won=0)


def test_a_clawback_after_closing_is_a_correction_with_its_reason(in_settlement, member, finance):
    settlement_confirm(actor=finance, agreement=in_settlement, interest_won=0)
    grant_return_paid(
        actor=finance, grant_return=in_settlement.returns.get(), paid_on=timezone.localdate()
    )
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        settlement_close(actor=finance, agreement=in_settlement)
        left = _ledger(in_settlement)
        with pytest.raises(ValidationError, match="At most"):
            clawback_record(
                actor=finance,
                agreement=in_settlement,
                principal_won=left + 1,
                reason="감사 결과 목적 외 사용",
                due_on=timezone.localdate(),
            )
        clawback = clawback_record(
            actor=finance,
            agreement=in_settlement,
            principal_won=3_000_000,
            reason="감사 결과 목적 외 사용",
            due_on=timezone.localdate(),
        )
        assert clawback.kind == GrantReturn.Kind.CLAWBACK
        grant_return_paid(actor=finance, grant_return=clawback, paid_on=timezone.localdate())
    assert _ledger(in_settlement) == left - 3_000_000
    reasons = SupportLedgerEntry.objects.filter(corrects__isnull=False).values_list(
        "description", flat=True
    )
    assert any("감사 결과" in r for r in reasons)
