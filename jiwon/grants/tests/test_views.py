"""The grant pages for every role: what each sees and may do."""

from datetime import date

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.services.agreements import agreement_send
from jiwon.grants.services.tranches import tranche_request
from jiwon.grants.tests.factories import draft_agreement, evidence
from jiwon.grants.workflow import AgreementStatus as S
from jiwon.grants.workflow import TrancheStatus as T


def _detail(agreement):
    return reverse("grants:detail", args=[agreement.pk])


def test_a_member_sees_only_their_own_agreements(client, company, member, active):
    other = draft_agreement(CompanyFactory())
    client.force_login(member)
    page = client.get(reverse("grants:mine")).content.decode()
    assert active.number in page and other.number not in page
    assert client.get(_detail(active)).status_code == 200
    assert client.get(_detail(other)).status_code == 404
    stranger = member_of(CompanyFactory())
    client.force_login(stranger)
    assert client.get(_detail(active)).status_code == 404


def test_the_company_accepts_the_agreement_on_its_page(client, company, member):
    agreement = agreement_send(actor=SYSTEM, agreement=draft_agreement(company))
    client.force_login(member)
    page = client.get(_detail(agreement)).content.decode()
    assert agreement.document_sha256 in page
    assert client.get(reverse("grants:document", args=[agreement.pk]))["Content-Type"] == (
        "application/pdf"
    )
    response = client.post(
        reverse("grants:move", args=[agreement.pk]),
        {"to": S.ACCEPTED, "sha256": agreement.document_sha256},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.ACCEPTED and agreement.accepted_by == member


def test_the_company_requests_a_tranche_and_records_an_expense(client, member, active):
    client.force_login(member)
    client.post(
        reverse("grants:tranche_new", args=[active.pk]),
        {"requested_won": "42,000,000", "attachments": [evidence("교부신청서.pdf")]},
    )
    tranche = active.tranches.get()
    assert (tranche.requested_won, tranche.files.get().name) == (42_000_000, "교부신청서.pdf")
    url = reverse("grants:expense_new", args=[active.pk])
    assert client.get(url).status_code == 200
    over = client.post(
        url,
        {
            "line": f"{C.MATERIALS}|{F.NATIONAL}",
            "amount_won": "5,000,001",
            "spent_on": "2026-06-01",
            "description": "센서",
            "evidence_kind": "contract",
            "attachments": [evidence()],
        },
    )
    assert "by 1 won" in over.content.decode()
    client.post(
        url,
        {
            "line": f"{C.MATERIALS}|{F.NATIONAL}",
            "amount_won": "５,000,000",
            "spent_on": "2026-06-01",
            "description": "센서",
            "evidence_kind": "contract",
            "attachments": [evidence()],
        },
    )
    assert active.expenses.get().amount_won == 5_000_000


def test_staff_approve_and_pay_and_the_auditor_only_reads(client, member, active, officer, finance):
    tranche = tranche_request(actor=member, agreement=active, requested_won=1_000_000)
    decide = reverse("grants:tranche_decide", args=[tranche.pk])
    auditor = UserFactory(role=Role.AUDITOR)
    client.force_login(auditor)
    assert client.get(_detail(active)).status_code == 200
    assert client.get(reverse("grants:list")).status_code == 200
    assert client.post(decide, {"to": T.PROGRAM_APPROVED}).status_code == 403
    client.force_login(officer)
    client.post(decide, {"to": T.PROGRAM_APPROVED})
    client.force_login(finance)
    client.post(decide, {"to": T.FINANCE_APPROVED})
    client.post(
        decide,
        {"to": T.PAID, "paid_won": "999,000", "paid_on": "2026-11-19", "reason": "선급금 정산"},
    )
    tranche.refresh_from_db()
    assert (tranche.status, tranche.paid_won) == (T.PAID, 999_000)


def test_the_list_exports_to_excel_and_evaluators_are_refused(client, active, officer):
    client.force_login(officer)
    response = client.get(reverse("grants:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(UserFactory(role=Role.EVALUATOR))
    assert client.get(reverse("grants:list")).status_code == 403
    assert client.get(_detail(active)).status_code == 404


def test_the_statement_page_pdf_and_workbook(client, member, active, finance):
    client.force_login(member)
    assert (
        "statement-sources"
        in client.get(reverse("grants:statement", args=[active.pk])).content.decode()
    )
    client.force_login(finance)
    assert client.get(reverse("grants:statement_pdf", args=[active.pk])).content.startswith(b"%PDF")
    assert client.get(reverse("grants:statement_xlsx", args=[active.pk])).content[:2] == b"PK"


@pytest.mark.parametrize("when", [date(2026, 6, 1)])
def test_the_api_lists_and_requests_through_the_services(client, member, active, when):
    client.force_login(member)
    listed = client.get("/api/v1/grants/agreements").json()
    assert [a["number"] for a in listed["items"]] == [active.number]
    made = client.post(
        f"/api/v1/grants/agreements/{active.pk}/tranches",
        {"requested_won": 60_000_001},
        content_type="application/json",
    )
    assert made.status_code == 422
    made = client.post(
        f"/api/v1/grants/agreements/{active.pk}/tranches",
        {"requested_won": 1_000},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == T.REQUESTED
    spent = client.post(
        f"/api/v1/grants/agreements/{active.pk}/expenses",
        {
            "category": C.MATERIALS,
            "source": F.CITY,
            "amount_won": 10,
            "spent_on": when.isoformat(),
            "description": "부품",
            "evidence_kind": "contract",
            "files": [evidence()],
        },
    )
    assert spent.status_code == 201, spent.content
    assert len(spent.json()["files"]) == 1
    other = member_of(CompanyFactory())
    client.force_login(other)
    assert client.get(f"/api/v1/grants/agreements/{active.pk}").status_code == 404


def test_the_api_takes_the_two_approvals_from_two_people(client, member, active, admin_user):
    tranche = tranche_request(actor=member, agreement=active, requested_won=1_000)
    url = f"/api/v1/grants/tranches/{tranche.pk}"
    client.force_login(admin_user)
    first = client.post(url, {"to": T.PROGRAM_APPROVED}, content_type="application/json")
    assert first.json()["status"] == T.PROGRAM_APPROVED
    second = client.post(url, {"to": T.FINANCE_APPROVED}, content_type="application/json")
    assert second.status_code == 422
    assert "another person" in second.json()["detail"][0]["message"]
    assert client.get(url).json()["status"] == T.PROGRAM_APPROVED
