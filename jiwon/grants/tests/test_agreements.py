"""Agreements: budget limits at the won, the document and its acceptance, amendments."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.grants.documents import sha256_of
from jiwon.grants.models import BudgetVersion
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.services.agreements import (
    agreement_accept,
    agreement_create,
    agreement_send,
    agreement_terminate,
    amendment_decide,
    amendment_propose,
)
from jiwon.grants.tests.factories import BUDGET, END, START, draft_agreement, grant_program
from jiwon.grants.workflow import AgreementStatus as S


def test_a_draft_carries_its_budget_totals_and_version_one(company):
    agreement = draft_agreement(company)
    assert agreement.status == S.DRAFT
    assert (agreement.grant_won, agreement.own_cash_won) == (60_000_000, 5_000_000)
    assert agreement.budget_versions.get().number == 1
    assert AuditEntry.objects.filter(action="grants.agreement_create").count() == 1


def test_a_category_may_take_its_cap_of_the_grant_to_the_won_and_not_one_won_more(company, officer):
    program = grant_program(category_caps={C.PERSONNEL: 70, C.MATERIALS: None})
    # 70% of a 60,000,000 grant is 42,000,000.
    at_cap = {(C.PERSONNEL, F.CITY): 42_000_000, (C.MATERIALS, F.CITY): 18_000_000}
    create = dict(program=program, company=company, title="과제", starts_on=START, ends_on=END)
    assert agreement_create(actor=officer, lines=at_cap, **create).grant_won == 60_000_000
    over = {(C.PERSONNEL, F.CITY): 42_000_001, (C.MATERIALS, F.CITY): 17_999_999}
    with pytest.raises(ValidationError) as exc:
        agreement_create(actor=officer, lines=over, **create)
    assert "1 won too much" in str(exc.value)


def test_a_category_the_programme_does_not_allow_is_refused(company):
    with pytest.raises(ValidationError, match="does not allow"):
        draft_agreement(company, lines={(C.TRAVEL, F.CITY): 1_000_000})


def test_the_own_contribution_the_programme_requires_is_checked(company):
    program = grant_program(own_share_min_pct=10)
    # 5,000,000 of 65,000,000 is 7.7% < 10%.
    with pytest.raises(ValidationError, match="own contribution of at least 10%"):
        draft_agreement(company, program=program)


def test_only_managers_draw_up_agreements(company):
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    with pytest.raises(PermissionDenied):
        agreement_create(
            actor=finance,
            program=grant_program(),
            company=company,
            title="과제",
            starts_on=START,
            ends_on=END,
            lines=BUDGET,
        )


def test_the_company_accepts_the_document_it_was_shown_and_the_hash_is_kept(company, member):
    agreement = agreement_send(actor=SYSTEM, agreement=draft_agreement(company))
    with agreement.document.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    assert agreement.document_sha256 == sha256_of(pdf)
    with pytest.raises(ValidationError, match="document changed"):
        agreement_accept(actor=member, agreement=agreement, sha256="0" * 64)
    accepted = agreement_accept(actor=member, agreement=agreement, sha256=agreement.document_sha256)
    assert accepted.status == S.ACCEPTED
    assert accepted.accepted_by == member
    assert accepted.accepted_sha256 == sha256_of(pdf)
    assert accepted.accepted_at is not None


def test_a_member_of_another_company_cannot_accept(company):
    agreement = agreement_send(actor=SYSTEM, agreement=draft_agreement(company))
    stranger = member_of(CompanyFactory())
    with pytest.raises(PermissionDenied):
        agreement_accept(actor=stranger, agreement=agreement, sha256=agreement.document_sha256)


def test_termination_needs_a_reason(company, officer):
    agreement = draft_agreement(company)
    with pytest.raises(ValidationError):
        agreement_terminate(actor=officer, agreement=agreement, reason=" ")
    done = agreement_terminate(actor=officer, agreement=agreement, reason="사업 포기")
    assert done.status == S.TERMINATED
    assert done.status_history.last().comment == "사업 포기"


def test_an_amendment_is_approved_by_another_person_and_every_version_is_kept(
    active, member, officer
):
    changed = dict(BUDGET)
    changed[(C.PERSONNEL, F.CITY)] = 25_000_000
    changed[(C.MATERIALS, F.CITY)] = 20_000_000
    version = amendment_propose(
        actor=officer, agreement=active, lines=changed, reason="재료비 증액"
    )
    with pytest.raises(ValidationError, match="Someone other"):
        amendment_decide(actor=officer, version=version, approve=True)
    other = UserFactory(role=Role.PROGRAM_OFFICER)
    amendment_decide(actor=other, version=version, approve=True)
    active.refresh_from_db()
    assert active.budget_version == 2
    assert active.grant_won == 60_000_000
    versions = list(active.budget_versions.order_by("number"))
    assert [v.status for v in versions] == [BudgetVersion.Status.APPROVED] * 2
    first = {(x.category, x.source): x.amount_won for x in versions[0].lines.all()}
    assert first[(C.PERSONNEL, F.CITY)] == 30_000_000
    # A rejected proposal is kept too, with its reason.
    third = amendment_propose(actor=member, agreement=active, lines=BUDGET, reason="원복")
    with pytest.raises(ValidationError):
        amendment_decide(actor=other, version=third, approve=False)
    amendment_decide(actor=other, version=third, approve=False, comment="근거 부족")
    assert active.budget_versions.count() == 3
    active.refresh_from_db()
    assert active.budget_version == 2


def test_a_draft_cannot_be_amended(company, officer):
    with pytest.raises(ValidationError, match="signed agreement"):
        amendment_propose(
            actor=officer, agreement=draft_agreement(company), lines=BUDGET, reason="x"
        )
