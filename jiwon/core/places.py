"""What sibling apps offer on each other's pages about one place.

One building can be a startup-space site (spaces: offices and desks let by contract) and a
site with bookable resources (equipment: meeting rooms booked by the hour), as A-Cube is.
The two apps stand side by side in the layers and cannot import each other, so they meet
here, by the place's code (a slug both keep: the spaces site's `code`, the equipment site's
`place_code`). An app registers a provider in its AppConfig.ready():

    register_place_links("equipment", meeting_rooms_at)

and a page about a place asks `place_links("acube")`: each provider returns the links it has
for that code (none when it knows no such place), in the page's language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class PlaceLink:
    group: str | Promise  # what the links are, e.g. "Meeting rooms (booked by the hour)"
    label: str
    url: str
    note: str = ""


PlaceLinks = Callable[[str], list[PlaceLink]]
_PROVIDERS: dict[str, PlaceLinks] = {}


def register_place_links(key: str, provider: PlaceLinks) -> PlaceLinks:
    """Ask `provider(code)` for the links about a place (the same key again replaces it:
    ready() may run more than once)."""
    _PROVIDERS[key] = provider
    return provider


def place_links(code: str) -> list[PlaceLink]:
    """Every registered app's links about the place `code`, by provider key."""
    if not code:
        return []
    return [link for key in sorted(_PROVIDERS) for link in _PROVIDERS[key](code)]
