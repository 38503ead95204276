from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jiwon.core.actor import SYSTEM
from jiwon.loans.access import letter_for, loan_for
from jiwon.loans.models import EventKind, StopReason
from jiwon.loans.selectors import outstanding, volume_of
from jiwon.loans.services.loans import Execution, loan_event_record, loan_execute, loan_stop
from jiwon.loans.tests.factories import EOK, bank, bank_user, executed, letter
from jiwon.loans.workflow import LetterStatus, LoanStatus
from jiwon.outcomes.models import SupportLedgerEntry


def messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_it_records_the_bank_execution_report(fund, company, member, banker, today):
    issued = letter(fund, company, member, amount=3 * EOK)
    loan = loan_execute(
        actor=banker,
        letter=letter_for(banker, issued.pk, "bank"),
        execution=Execution(
            bank_reference="IBK-2026-001",
            principal_won=2 * EOK + 50_000_000,
            executed_on=today,
            bank_rate_pct=Decimal("4.250"),
            term_months=36,
            grace_months=12,
            repayment_method="equal_principal",
        ),
    )
    assert loan.status == LoanStatus.ACTIVE
    assert loan.matures_on == today.replace(year=today.year + 3)
    assert loan.subsidy_terms == {"bonus": "0", "flat": "1.500"}
    issued.refresh_from_db()
    assert issued.status == LetterStatus.EXECUTED
    volume = volume_of(fund)
    # The unused 50,000,000 won of the letter goes back to the volume.
    assert (volume.reserved_won, volume.executed_won) == (0, 2 * EOK + 50_000_000)
    row = SupportLedgerEntry.objects.get(source_type="fund_loan", source_id=str(loan.pk))
    assert (row.kind, row.amount_won, row.period_end) == ("loan", 0, loan.matures_on)
    assert "250,000,000" in row.description


def test_it_refuses_a_loan_over_the_letter(fund, company, member):
    with pytest.raises(ValidationError) as excinfo:
        executed(letter(fund, company, member, amount=3 * EOK), principal=3 * EOK + 1)
    assert "1 won more than the 300,000,000 won recommended" in messages(excinfo)


def test_it_checks_the_limit_again_at_execution(fund, company, member, time_machine, today):
    first = letter(fund, company, member, amount=3 * EOK)
    second = letter(fund, company, member, amount=3 * EOK, kind="working")
    executed(first)
    # Both letters fit the 6억 limit; the second loan fits too, its own letter not counted twice.
    assert executed(second, reference="B").principal_won == 3 * EOK


def test_it_refuses_an_execution_outside_the_letters_validity(fund, company, member, time_machine):
    issued = letter(fund, company, member)
    late = issued.valid_until + timedelta(days=1)
    time_machine.move_to(f"{late.isoformat()}T09:00:00+09:00")
    with pytest.raises(ValidationError) as excinfo:
        executed(issued, on=late)
    assert "valid from" in messages(excinfo)


def test_it_shows_a_bank_its_own_loans_only(fund, company, member, banker):
    loan = executed(letter(fund, company, member))
    assert loan_for(banker, loan.pk) == loan
    other = bank_user(bank("kb", "국민은행"))
    with pytest.raises(Http404):
        loan_for(other, loan.pk)
    with pytest.raises(Http404):
        letter_for(other, loan.recommendation.pk)
    with pytest.raises(PermissionDenied):
        loan_event_record(
            actor=other, loan=loan, on=loan.executed_on, kind="prepayment", amount_won=1
        )


def test_it_shows_the_company_its_loan_but_lets_it_report_nothing(fund, company, member):
    loan = executed(letter(fund, company, member))
    assert loan_for(member, loan.pk) == loan
    with pytest.raises(PermissionDenied):
        loan_for(member, loan.pk, "bank")


def test_it_ends_the_loan_when_it_is_repaid_in_full(fund, company, member, time_machine, today):
    loan = executed(letter(fund, company, member, amount=1 * EOK))
    later = today + timedelta(days=40)
    time_machine.move_to(f"{later.isoformat()}T10:00:00+09:00")
    loan_event_record(
        actor=SYSTEM, loan=loan, on=later, kind=EventKind.PREPAYMENT, amount_won=EOK - 1
    )
    with pytest.raises(ValidationError) as excinfo:
        loan_event_record(
            actor=SYSTEM, loan=loan, on=later, kind=EventKind.PREPAYMENT, amount_won=2
        )
    assert "1 won more than the 1 won outstanding" in messages(excinfo)
    loan_event_record(actor=SYSTEM, loan=loan, on=later, kind=EventKind.PREPAYMENT, amount_won=1)
    loan.refresh_from_db()
    assert (loan.status, loan.stopped_on, loan.stop_reason) == ("ended", later, "repaid")
    assert outstanding(loan) == 0


def test_it_ends_the_loan_on_a_stop_event(fund, company, member, time_machine, today):
    loan = executed(letter(fund, company, member))
    later = today + timedelta(days=5)
    time_machine.move_to(f"{later.isoformat()}T10:00:00+09:00")
    with pytest.raises(ValidationError):
        loan_stop(actor=SYSTEM, loan=loan, on=later + timedelta(days=1), reason=StopReason.DEFAULT)
    ended = loan_stop(actor=SYSTEM, loan=loan, on=later, reason=StopReason.RELOCATION)
    assert (ended.status, ended.stopped_on) == ("ended", later)
    with pytest.raises(ValidationError):
        loan_event_record(actor=SYSTEM, loan=loan, on=later, kind="prepayment", amount_won=1)
