"""The demo's A-Cube: its meeting rooms are the booking engine's resources, used in the last
months and booked ahead, and linked from A-Cube's startup-space site by its code."""

import pytest
from django.utils import timezone

from jiwon.core.places import place_links
from jiwon.equipment.models import Booking, ResourceCategory
from jiwon.spaces.models import SpaceSite

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def test_a_cubes_meeting_rooms_are_booked_through_the_engine_and_linked_from_its_site():
    acube = SpaceSite.objects.get(code="acube")
    links = place_links(acube.code)
    assert sorted(link.label for link in links) == [
        "에이큐브 세미나실", "에이큐브 회의실 A", "에이큐브 회의실 B",
    ]  # fmt: skip
    rooms = Booking.objects.filter(
        resource__site__place_code="acube", resource__category=ResourceCategory.MEETING_ROOM
    )
    now = timezone.now()
    assert rooms.filter(start__lt=now).count() > 50
    assert rooms.filter(start__gt=now).exists()
