"""The pages of shared equipment: who sees what, booking from the page, and the staff lists."""

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.equipment import services
from jiwon.equipment.models import Booking
from jiwon.equipment.tests.conftest import at
from jiwon.equipment.workflow import BookingStatus as S

MONDAY = "2026-11-23"


@pytest.fixture
def booked(unit, company, member):
    return services.booking_create(
        actor=member, resource=unit, company=company,
        start=at(MONDAY, "10:00"), end=at(MONDAY, "12:00"), purpose="RF 측정",
    )  # fmt: skip


def test_it_shows_visitors_the_resources_and_free_slots(client, unit):
    response = client.get(reverse("equipment:public"), {"kind": unit.kind.pk, "minutes": 120})
    assert response.status_code == 200
    slots = response.context["slots"]
    # Friday 10:00 with an hour's notice: the first two free hours start at 11:00.
    assert slots[0].start == at("2026-11-20", "11:00")
    assert unit.name_ko in response.content.decode()


def test_visitors_see_when_a_unit_is_taken_but_not_by_whom(client, booked):
    page = client.get(reverse("equipment:resource", args=[booked.resource.pk]), {"week": MONDAY})
    html = page.content.decode()
    assert "10:00–12:00" in html
    assert booked.company.name_ko not in html


def test_staff_see_who_booked(client, booked):
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    page = client.get(reverse("equipment:resource", args=[booked.resource.pk]), {"week": MONDAY})
    assert booked.company.name_ko in page.content.decode()


def test_a_member_books_from_the_page(client, unit, member):
    client.force_login(member)
    response = client.post(
        reverse("equipment:book", args=[unit.pk]),
        {"day": MONDAY, "start": "13:00", "end": "15:00", "purpose": "열충격 시험",
         "company": member.memberships.get().company_id},
    )  # fmt: skip
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("equipment:booking", args=[booking.pk])
    assert booking.status == S.CONFIRMED


def test_an_overlapping_booking_is_refused_with_the_clash_and_a_waiting_list(client, booked, unit):
    rival = member_of(CompanyFactory())
    client.force_login(rival)
    response = client.post(
        reverse("equipment:book", args=[unit.pk]),
        {"day": MONDAY, "start": "11:00", "end": "12:00", "purpose": "측정",
         "company": rival.memberships.get().company_id},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "This time is taken" in html
    assert 'id="join-waitlist"' in html
    assert Booking.objects.count() == 1


def test_another_companys_booking_does_not_exist_for_a_member(client, booked):
    client.force_login(member_of(CompanyFactory()))
    assert client.get(reverse("equipment:booking", args=[booked.pk])).status_code == 404


def test_a_member_cannot_approve_their_own_booking(client, booked, member):
    client.force_login(member)
    assert client.post(reverse("equipment:approve", args=[booked.pk])).status_code == 403


def test_the_staff_pages_are_for_the_back_office(client, booked, member):
    client.force_login(member)
    assert client.get(reverse("equipment:staff_bookings")).status_code == 403
    client.force_login(UserFactory(role=Role.AUDITOR))
    assert client.get(reverse("equipment:staff_bookings")).status_code == 200
    assert client.get(reverse("equipment:utilisation")).status_code == 200


def test_the_bookings_export_to_excel(client, booked):
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    response = client.get(reverse("equipment:staff_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == booked.resource.name_ko
    assert rows[1][4] == "2026-11-23 10:00"


def test_a_member_checks_in_and_out(client, booked, member, time_machine):
    time_machine.move_to(at(MONDAY, "09:50"), tick=False)
    # Signed in on the day: a session ends after its lifetime (JIWON_SESSION_MAX_AGE_SECONDS).
    client.force_login(member)
    client.post(reverse("equipment:check_in", args=[booked.pk]))
    booked.refresh_from_db()
    assert booked.status == S.CHECKED_IN
    client.post(
        reverse("equipment:check_out", args=[booked.pk]),
        {"started_at": "10:00", "ended_at": "11:30", "person": "김연구", "purpose": "S-파라미터"},
    )
    booked.refresh_from_db()
    assert booked.status == S.COMPLETED
    assert booked.usage.person == "김연구"


def test_a_member_asks_for_a_test_and_staff_accept_it_with_a_booking(client, unit, member):
    client.force_login(member)
    client.post(
        reverse("equipment:test_new"),
        {"company": member.memberships.get().company_id, "kind": unit.kind.pk,
         "description": "안테나 반사손실 측정"},
    )  # fmt: skip
    request = member.memberships.get().company.test_requests.get()
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    client.post(
        reverse("equipment:test", args=[request.pk]),
        {"resource": unit.pk, "day": MONDAY, "start": "14:00", "end": "16:00"},
    )
    request.refresh_from_db()
    assert request.status == "accepted"
    booking = request.bookings.get()
    assert booking.company_id == request.company_id
    assert booking.status == S.CONFIRMED
