from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jiwon.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    groups = menu_for(request)
    return {
        "nav_groups": groups,
        "nav_items": [entry for group in groups for entry in group.items],
        "agency_name": settings.JIWON_AGENCY_NAME,
    }
