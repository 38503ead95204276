"""The printable receipt (접수증): a PDF of a submitted application for those who may read it."""

import io

import pytest
from pypdf import PdfReader

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db


def receipt_url(application):
    return f"/applications/{application.pk}/receipt.pdf"


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_company_prints_the_receipt_of_its_submitted_application(client, member, submitted):
    client.force_login(member)
    response = client.get(receipt_url(submitted))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert submitted.receipt_number in response["Content-Disposition"]
    text = pdf_text(response)
    assert submitted.receipt_number in text
    assert submitted.company.brn_display in text


def test_the_receipt_page_links_the_pdf(client, member, submitted):
    client.force_login(member)
    page = client.get(f"/applications/{submitted.pk}/receipt/").content.decode()
    assert f'href="{receipt_url(submitted)}"' in page


def test_another_company_cannot_print_it(client, submitted):
    client.force_login(member_of(CompanyFactory()))
    assert client.get(receipt_url(submitted)).status_code == 404


def test_staff_who_read_the_application_may_print_it(client, submitted):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    assert client.get(receipt_url(submitted)).status_code == 200


def test_a_draft_has_no_receipt(client, member, draft):
    client.force_login(member)
    assert client.get(receipt_url(draft)).status_code == 404
