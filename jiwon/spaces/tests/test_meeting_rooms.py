"""A site's meeting rooms are resources of the equipment booking engine (category meeting
room) at an equipment site whose `place_code` is the spaces site's code; the site's staff page
and the public ladder link to each room's booking page (jiwon.core.places)."""

import pytest
from django.urls import reverse

from jiwon.core.places import place_links
from jiwon.equipment.models import ResourceCategory
from jiwon.equipment.tests.factories import ResourceFactory
from jiwon.equipment.tests.factories import SiteFactory as EquipmentSiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rooms(unit):
    site = unit.floor.site
    site.code = "acube"
    site.save()
    place = EquipmentSiteFactory(name_ko="청년공간 에이큐브", place_code="acube")
    room = dict(site=place, category=ResourceCategory.MEETING_ROOM, kind=None)
    return [
        ResourceFactory(name_ko="에이큐브 회의실 A", location="2층", **room),
        ResourceFactory(name_ko="에이큐브 세미나실", **room),
        # Neither a room there nor bookable: not linked.
        ResourceFactory(site=place, name_ko="3D 프린터"),
        ResourceFactory(name_ko="에이큐브 회의실 C", active=False, **room),
        # A meeting room of another place.
        ResourceFactory(
            name_ko="소공인센터 회의실",
            category=ResourceCategory.MEETING_ROOM,
            kind=None,
            site=EquipmentSiteFactory(place_code="sogongin"),
        ),
    ]


def test_it_links_the_bookable_meeting_rooms_of_the_place(rooms):
    links = place_links("acube")
    assert [link.label for link in links] == ["에이큐브 세미나실", "에이큐브 회의실 A"]
    assert links[1].url == reverse("equipment:resource", args=[rooms[0].pk])
    assert links[1].note == "2층"
    assert place_links("nowhere") == [] and place_links("") == []


def test_the_site_page_links_to_booking_its_rooms(client, officer, rooms, unit):
    client.force_login(officer)
    page = client.get(reverse("spaces:site", args=[unit.floor.site.pk])).content.decode()
    assert f'href="{reverse("equipment:resource", args=[rooms[0].pk])}"' in page
    assert "소공인센터 회의실" not in page and "3D 프린터" not in page


def test_the_public_ladder_names_the_rooms_to_book(client, rooms):
    page = client.get(reverse("spaces:public")).content.decode()
    assert "에이큐브 회의실 A" in page and "에이큐브 회의실 C" not in page
    # The room's page is the booking engine's, open to everyone.
    assert client.get(reverse("equipment:resource", args=[rooms[0].pk])).status_code == 200
