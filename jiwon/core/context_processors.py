from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jiwon.core.permissions import has_perm

PUBLIC = "public"
# (url name, label, capability or None for everyone signed in[, PUBLIC: anonymous visitors too])
_NAV = [
    ("core:home", _("Home"), None),
    ("notices:list", _("Notices"), None, PUBLIC),
    ("companies:list", _("Companies"), "companies.view_all"),
    ("companies:mine", _("My company"), "portal.enter"),
    ("outcomes:survey_portal", _("Outcome survey"), "portal.enter"),
    ("recommendations:list", _("Recommended programmes"), "portal.enter"),
    ("applications:mine", _("My applications"), "portal.enter"),
    ("reviews:results_mine", _("Selection results"), "portal.enter"),
    ("reviews:mine", _("My evaluations"), "reviews.score"),
    ("programs:list", _("Programmes"), "programs.view_all"),
    ("applications:staff_index", _("Applications"), "programs.view_all"),
    ("reviews:staff_index", _("Evaluation"), "reviews.manage"),
    ("reviews:selection_index", _("Selection"), "reviews.manage"),
    ("outcomes:ledger", _("Outcomes"), "outcomes.view_all"),
    ("audit:list", _("Audit log"), "audit.view"),
    ("api-1.0.0:openapi-view", _("API"), "api.use"),
]


def navigation(request):
    user = request.user
    items = []
    for name, label, capability, *flags in _NAV:
        if not user.is_authenticated and PUBLIC not in flags:
            continue
        if capability and not has_perm(user, capability):
            continue
        url = reverse(name)
        current = request.path == url if name == "core:home" else request.path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return {"nav_items": items, "agency_name": settings.JIWON_AGENCY_NAME}
