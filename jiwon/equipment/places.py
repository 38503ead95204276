"""The meeting rooms of a place, for the pages of its startup-space site (jiwon.core.places):
the bookable meeting rooms of the equipment sites whose `place_code` names it, each linked to
its page here, where companies book it through the booking engine."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jiwon.core.places import PlaceLink, register_place_links
from jiwon.equipment.models import Resource, ResourceCategory


def meeting_rooms_at(code: str) -> list[PlaceLink]:
    rooms = Resource.objects.filter(
        site__place_code=code, category=ResourceCategory.MEETING_ROOM, active=True
    ).order_by("name_ko", "pk")
    return [
        PlaceLink(
            group=_("Meeting rooms (booked by the hour)"),
            label=room.name_ko,
            url=reverse("equipment:resource", args=[room.pk]),
            note=room.location,
        )
        for room in rooms
    ]


def register() -> None:
    register_place_links("equipment", meeting_rooms_at)
