from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jiwon.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_groups": menu_for(request),
        "agency_name": settings.JIWON_AGENCY_NAME,
    }
