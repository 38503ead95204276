from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.loans.models import EventKind
from jiwon.loans.services.claims import (
    ClaimLineInput,
    subsidy_claim_approve,
    subsidy_claim_pay,
    subsidy_claim_submit,
)
from jiwon.loans.services.loans import loan_event_record
from jiwon.loans.tests.factories import bank, bank_user, executed, fund_round, letter
from jiwon.loans.workflow import ClaimStatus
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.selectors.ledger import effective_amount


def at(day: str) -> str:
    return f"{day}T10:00:00+09:00"


@pytest.fixture
def quarter_loan(db, company, member, time_machine):
    """The hand-worked loan: 100,000,000 won made on 1 February 2020 at 4%, 40,000,000 won
    prepaid on 1 March 2020; the first quarter is claimed on 2 April."""
    time_machine.move_to(at("2020-02-01"), tick=False)
    fund = fund_round(year=2020, subsidy_budget_won=1_000_000)
    loan = executed(letter(fund, company, member, amount=100_000_000), rate="4.000")
    time_machine.move_to(at("2020-03-01"), tick=False)
    loan_event_record(
        actor=SYSTEM,
        loan=loan,
        on=date(2020, 3, 1),
        kind=EventKind.PREPAYMENT,
        amount_won=40_000_000,
    )
    time_machine.move_to(at("2020-04-02"), tick=False)
    return loan


def claim(loan, actor, claimed=195_617, interest=521_643):
    return subsidy_claim_submit(
        actor=actor,
        fund=loan.fund,
        bank=loan.bank,
        period_start=date(2020, 1, 1),
        lines=[ClaimLineInput(loan=loan, claimed_won=claimed, interest_charged_won=interest)],
    )


def test_it_compares_the_banks_claim_with_jiwons_figure_to_the_won(quarter_loan):
    banker = bank_user(quarter_loan.bank)
    submitted = claim(quarter_loan, banker)
    line = submitted.lines.get()
    assert submitted.period_end == date(2020, 4, 1)
    assert (line.claimed_won, line.computed_won, line.payable_won) == (195_617, 195_616, 195_616)
    assert line.difference_won == 1


def test_it_caps_the_subsidy_at_the_interest_the_bank_charged(quarter_loan):
    line = claim(quarter_loan, SYSTEM, claimed=195_616, interest=100_000).lines.get()
    assert (line.computed_won, line.payable_won, line.difference_won) == (195_616, 100_000, 95_616)


def test_it_pays_an_approved_claim_and_writes_the_ledger(quarter_loan, user_with_role):
    finance = user_with_role(Role.FINANCE_OFFICER)
    submitted = claim(quarter_loan, SYSTEM)
    with pytest.raises(PermissionDenied):
        subsidy_claim_approve(actor=bank_user(quarter_loan.bank), claim=submitted)
    approved = subsidy_claim_approve(actor=finance, claim=submitted)
    assert approved.status == ClaimStatus.APPROVED
    paid = subsidy_claim_pay(actor=finance, claim=approved, paid_on=date(2020, 4, 2))
    assert paid.status == ClaimStatus.PAID
    row = SupportLedgerEntry.objects.get(source_type="fund_loan", source_id=str(quarter_loan.pk))
    assert (row.kind, effective_amount(row)) == ("loan", 195_616)


def test_it_refuses_an_approval_over_the_subsidy_budget(quarter_loan, user_with_role):
    fund = quarter_loan.fund
    fund.subsidy_budget_won = 195_615
    fund.save()
    with pytest.raises(ValidationError) as excinfo:
        subsidy_claim_approve(
            actor=user_with_role(Role.FINANCE_OFFICER), claim=claim(quarter_loan, SYSTEM)
        )
    assert "budget of 195,615 won by 1 won" in " ".join(excinfo.value.messages)


def test_it_refuses_a_period_not_over_or_not_a_quarter(quarter_loan):
    for start in (date(2020, 4, 1), date(2020, 2, 1)):
        with pytest.raises(ValidationError):
            subsidy_claim_submit(
                actor=SYSTEM,
                fund=quarter_loan.fund,
                bank=quarter_loan.bank,
                period_start=start,
                lines=[ClaimLineInput(loan=quarter_loan, claimed_won=1, interest_charged_won=1)],
            )


def test_it_refuses_another_banks_claim_and_a_second_claim(quarter_loan):
    other = bank("kb", "국민은행")
    with pytest.raises(PermissionDenied):
        subsidy_claim_submit(
            actor=bank_user(other),
            fund=quarter_loan.fund,
            bank=quarter_loan.bank,
            period_start=date(2020, 1, 1),
            lines=[ClaimLineInput(loan=quarter_loan, claimed_won=1, interest_charged_won=1)],
        )
    claim(quarter_loan, SYSTEM)
    with pytest.raises(ValidationError):
        claim(quarter_loan, SYSTEM)
