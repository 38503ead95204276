"""/api/v1/equipment: resources, free slots of a kind and the caller's own bookings, through
the same services and access rules as the pages."""

import pytest

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.equipment import services
from jiwon.equipment.models import Booking
from jiwon.equipment.tests.conftest import at

pytestmark = pytest.mark.django_db
MONDAY = "2026-11-23"


def test_it_lists_resources_and_the_next_free_slots_of_a_kind(client, unit, member):
    client.force_login(member)

    listed = client.get("/api/v1/equipment/resources").json()
    slots = client.get(
        f"/api/v1/equipment/kinds/{unit.kind_id}/free-slots", {"minutes": 120, "limit": 2}
    )

    assert [r["id"] for r in listed["items"]] == [unit.pk]
    assert listed["items"][0]["max_minutes"] == 240
    # Friday 10:00 with an hour's notice: the first two free hours start at 11:00.
    assert slots.status_code == 200
    assert slots.json()[0]["start"].startswith("2026-11-20T11:00:00+09:00")
    assert len(slots.json()) == 2


def test_it_refuses_a_slot_length_out_of_bounds_with_the_limit(client, unit, member):
    client.force_login(member)

    response = client.get(
        f"/api/v1/equipment/kinds/{unit.kind_id}/free-slots",
        {"minutes": 100_000},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "minutes"
    assert "1440" in response.json()["detail"][0]["message"]


def test_a_member_books_sees_and_cancels_their_own_booking(client, unit, member, company):
    client.force_login(member)

    made = client.post(
        "/api/v1/equipment/bookings",
        {
            "resource_id": unit.pk,
            "start": at(MONDAY, "10:00").isoformat(),
            "end": at(MONDAY, "12:00").isoformat(),
            "purpose": "RF 측정",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    booking = Booking.objects.get(pk=made.json()["id"])
    assert booking.company == company
    mine = client.get("/api/v1/equipment/bookings").json()["items"]
    assert [b["id"] for b in mine] == [booking.pk]

    cancelled = client.post(
        f"/api/v1/equipment/bookings/{booking.pk}/cancel", {"reason": "일정 변경"}
    )
    assert cancelled.json()["status"] == "cancelled"


def test_an_overlapping_booking_is_refused_with_the_rule(client, unit, member, company):
    services.booking_create(
        actor=member, resource=unit, company=company,
        start=at(MONDAY, "10:00"), end=at(MONDAY, "12:00"), purpose="RF 측정",
    )  # fmt: skip
    client.force_login(member)

    response = client.post(
        "/api/v1/equipment/bookings",
        {
            "resource_id": unit.pk,
            "start": at(MONDAY, "11:00").isoformat(),
            "end": at(MONDAY, "13:00").isoformat(),
            "purpose": "중복",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert Booking.objects.count() == 1


def test_another_companys_booking_does_not_exist_for_a_member(client, unit, member):
    other = CompanyFactory()
    theirs = services.booking_create(
        actor=member_of(other), resource=unit, company=other,
        start=at(MONDAY, "10:00"), end=at(MONDAY, "12:00"), purpose="비밀 과제",
    )  # fmt: skip
    client.force_login(member)

    assert client.get(f"/api/v1/equipment/bookings/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/equipment/bookings").json()["items"] == []
    assert client.post(f"/api/v1/equipment/bookings/{theirs.pk}/cancel").status_code == 404
    booking_for_other = client.post(
        "/api/v1/equipment/bookings",
        {
            "resource_id": unit.pk,
            "company_id": other.pk,
            "start": at(MONDAY, "14:00").isoformat(),
            "end": at(MONDAY, "15:00").isoformat(),
            "purpose": "대리 예약",
        },
        content_type="application/json",
    )
    assert booking_for_other.status_code == 422


def test_the_api_needs_a_signed_in_caller(client, unit):
    assert client.get("/api/v1/equipment/resources").status_code == 401
