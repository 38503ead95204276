from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jiwon.core.i18n import in_language
from jiwon.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_groups": menu_for(request),
        "agency_name": in_language(settings.JIWON_AGENCY_NAME, settings.JIWON_AGENCY_NAME_EN),
    }
