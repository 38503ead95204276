"""Fifty people ask for the same slot at the same moment: exactly one booking is made, the
others are told the time is taken, on SQLite and on PostgreSQL."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.equipment import services
from jiwon.equipment.models import Booking
from jiwon.equipment.tests.conftest import at
from jiwon.equipment.tests.factories import ResourceFactory
from jiwon.equipment.workflow import BookingStatus

REQUESTS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_requests_for_one_slot_make_exactly_one_booking():
    unit = ResourceFactory()
    people = [(company, member_of(company)) for company in CompanyFactory.create_batch(REQUESTS)]
    start, end = at("2026-11-23", "10:00"), at("2026-11-23", "12:00")
    barrier = threading.Barrier(REQUESTS)
    outcomes: list[str] = []

    def ask(company, person):
        barrier.wait()
        try:
            services.booking_create(
                actor=person, resource=unit, company=company, start=start, end=end, purpose="측정"
            )
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append("taken" if "taken" in exc.messages[0] else exc.messages[0])
        except OperationalError:
            # SQLite's writer lock timed out under the pile-up: nothing was written.
            outcomes.append("busy")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=ask, args=pair) for pair in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("booked") == 1
    assert set(outcomes) <= {"booked", "taken", "busy"}
    assert Booking.objects.filter(status__in=BookingStatus.HOLDING).count() == 1
