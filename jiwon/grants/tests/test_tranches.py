"""Tranches: two people approve, the amount paid may differ, a paid tranche writes the ledger."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.grants.services.tranches import (
    tranche_approve_finance,
    tranche_approve_program,
    tranche_pay,
    tranche_reject,
    tranche_request,
)
from jiwon.grants.tests.factories import evidence
from jiwon.grants.workflow import TrancheStatus as T
from jiwon.outcomes.models import SupportLedgerEntry

PAID_ON = date(2026, 11, 19)


def _approved(active, member, officer, finance, won=42_000_000):
    tranche = tranche_request(
        actor=member, agreement=active, requested_won=won, uploads=[evidence()]
    )
    tranche = tranche_approve_program(actor=officer, tranche=tranche)
    return tranche_approve_finance(actor=finance, tranche=tranche)


def test_a_tranche_goes_through_two_approvals_and_payment_into_the_ledger(
    active, member, officer, finance
):
    tranche = _approved(active, member, officer, finance)
    assert tranche.files.get().sha256
    paid = tranche_pay(actor=finance, tranche=tranche, paid_won=42_000_000, paid_on=PAID_ON)
    assert paid.status == T.PAID
    row = SupportLedgerEntry.objects.get(source_type="grant_tranche", source_id=str(paid.pk))
    assert (row.company, row.program, row.kind) == (active.company, active.program, "grant")
    assert (row.amount_won, row.supported_on) == (42_000_000, PAID_ON)


def test_the_same_person_cannot_give_both_approvals(active, member, admin_user):
    # The agency admin holds both capabilities: the service still wants two people.
    tranche = tranche_request(actor=member, agreement=active, requested_won=1_000_000)
    tranche = tranche_approve_program(actor=admin_user, tranche=tranche)
    with pytest.raises(ValidationError, match="another person"):
        tranche_approve_finance(actor=admin_user, tranche=tranche)
    tranche.refresh_from_db()
    assert tranche.status == T.PROGRAM_APPROVED
    assert tranche.finance_approved_by is None
    tranche_approve_finance(actor=UserFactory(role=Role.FINANCE_OFFICER), tranche=tranche)


def test_a_programme_officer_cannot_give_the_finance_approval(active, member, officer):
    tranche = tranche_approve_program(
        actor=officer, tranche=tranche_request(actor=member, agreement=active, requested_won=10)
    )
    with pytest.raises(PermissionDenied):
        tranche_approve_finance(actor=UserFactory(role=Role.PROGRAM_OFFICER), tranche=tranche)


def test_paying_another_amount_than_requested_needs_a_reason(active, member, officer, finance):
    tranche = _approved(active, member, officer, finance)
    with pytest.raises(ValidationError, match="say why"):
        tranche_pay(actor=finance, tranche=tranche, paid_won=41_999_990, paid_on=PAID_ON)
    paid = tranche_pay(
        actor=finance, tranche=tranche, paid_won=41_999_990, paid_on=PAID_ON, reason="이체 수수료"
    )
    assert (paid.requested_won, paid.paid_won, paid.paid_reason) == (
        42_000_000,
        41_999_990,
        "이체 수수료",
    )
    row = SupportLedgerEntry.objects.get(source_type="grant_tranche", source_id=str(paid.pk))
    assert row.amount_won == 41_999_990


def test_requests_may_reach_the_grant_to_the_won_but_not_pass_it(active, member):
    tranche_request(actor=member, agreement=active, requested_won=59_999_999)
    with pytest.raises(ValidationError, match="by 1 won"):
        tranche_request(actor=member, agreement=active, requested_won=2)
    tranche_request(actor=member, agreement=active, requested_won=1)


def test_a_rejected_tranche_frees_its_amount_and_keeps_the_reason(active, member, officer):
    tranche = tranche_request(actor=member, agreement=active, requested_won=60_000_000)
    with pytest.raises(ValidationError):
        tranche_reject(actor=officer, tranche=tranche, reason="")
    tranche_reject(actor=officer, tranche=tranche, reason="서류 미비")
    assert tranche_request(actor=member, agreement=active, requested_won=60_000_000).number == 2


def test_a_renamed_executable_is_refused_as_evidence(active, member):
    with pytest.raises(ValidationError, match="not a PDF"):
        tranche_request(
            actor=member,
            agreement=active,
            requested_won=10,
            uploads=[evidence(content=b"MZ\x90\x00" + b"0" * 100)],
        )
