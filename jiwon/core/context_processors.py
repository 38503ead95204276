from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.core.permissions import has_perm


@dataclass(frozen=True)
class _Link:
    url_name: str
    label: str | Promise
    # None: everyone signed in.
    capability: str | None
    # Shown to anonymous visitors too.
    public: bool = False


_NAV = [
    _Link("core:home", _("Home"), None),
    _Link("notices:list", _("Notices"), None, public=True),
    _Link("companies:list", _("Companies"), "companies.view_all"),
    _Link("companies:mine", _("My company"), "portal.enter"),
    _Link("outcomes:survey_portal", _("Outcome survey"), "portal.enter"),
    _Link("recommendations:list", _("Recommended programmes"), "portal.enter"),
    _Link("applications:mine", _("My applications"), "portal.enter"),
    _Link("reviews:results_mine", _("Selection results"), "portal.enter"),
    _Link("reviews:mine", _("My evaluations"), "reviews.score"),
    _Link("programs:list", _("Programmes"), "programs.view_all"),
    _Link("applications:staff_index", _("Applications"), "programs.view_all"),
    _Link("reviews:staff_index", _("Evaluation"), "reviews.manage"),
    _Link("reviews:selection_index", _("Selection"), "reviews.manage"),
    _Link("outcomes:ledger", _("Outcomes"), "outcomes.view_all"),
    _Link("audit:list", _("Audit log"), "audit.view"),
    _Link("api-1.0.0:openapi-view", _("API"), "api.use"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    items = []
    for link in _NAV:
        if not user.is_authenticated and not link.public:
            continue
        if link.capability and not has_perm(user, link.capability):
            continue
        url = reverse(link.url_name)
        current = (
            request.path == url if link.url_name == "core:home" else request.path.startswith(url)
        )
        items.append({"url": url, "label": link.label, "current": current})
    return {"nav_items": items, "agency_name": settings.JIWON_AGENCY_NAME}
