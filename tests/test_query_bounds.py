"""Every numeric query parameter is bounded: a huge or odd value gives a page, never a 500
(issue 10 item 10: page numbers of 10^18 overflowed SQLite's integers and PostgreSQL's
bigint)."""

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db

HUGE = "9" * 25
ODD_NUMBERS = [HUGE, "-" + HUGE, "１２", "²", "1_000", "1e9", "9" * 5000]

STAFF_LISTS = [
    "companies:list",
    "programs:list",
    "audit:list",
    "grants:list",
    "outcomes:ledger",
    "outcomes:report_list",
    "outcomes:survey_list",
    "applications:staff_index",
    "reviews:evaluators",
    "equipment:staff_bookings",
]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.AGENCY_ADMIN))
    return client


@pytest.mark.parametrize("name", STAFF_LISTS)
def test_it_shows_a_staff_list_for_any_page_number(admin_client, name):
    for raw in ODD_NUMBERS:
        response = admin_client.get(reverse(name), {"page": raw})
        assert response.status_code == 200, (name, raw[:30])


def test_it_shows_the_public_notice_board_for_any_page_number(client):
    for raw in ODD_NUMBERS:
        assert client.get(reverse("notices:list"), {"page": raw}).status_code == 200


def test_it_answers_the_programs_api_with_422_for_a_page_beyond_the_bound(client):
    response = client.get("/api/v1/programs", {"page": HUGE})
    assert response.status_code == 422
    assert client.get("/api/v1/programs", {"page": "10000"}).status_code == 200


def test_it_shows_the_bookings_of_any_resource_filter(admin_client):
    for raw in ["²²", HUGE, "-3"]:
        response = admin_client.get(reverse("equipment:staff_bookings"), {"resource": raw})
        assert response.status_code == 200


def test_it_opens_the_yearly_figures_for_any_year(admin_client):
    company = CompanyFactory()
    url = reverse("outcomes:figures_edit", args=[company.pk])
    for raw in ["²", HUGE, "-5", "0"]:
        assert admin_client.get(url, {"year": raw}).status_code == 200, raw
