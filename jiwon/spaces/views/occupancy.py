"""Occupancy: the public ladder of sites with what is free today, and the staff page of
occupancy on any day with the tenancy calls."""

from django.shortcuts import render
from django.utils import timezone

from jiwon.core.agencies import scoped
from jiwon.core.permissions import has_perm
from jiwon.core.places import place_links
from jiwon.core.views_helpers import require
from jiwon.spaces import selectors
from jiwon.spaces.forms import CallForm, DayForm
from jiwon.spaces.models import SpaceSite, TenancyCall
from jiwon.spaces.views.common import day_from


def public(request):
    """The ladder of sites with the units free today, by kind (never who rents what), and
    what sibling apps offer there (e.g. the meeting rooms to book)."""
    today = timezone.localdate()
    rows = []
    for site in SpaceSite.objects.all():
        free = selectors.free_today(today, site=site)
        total = selectors.lettable_units(today, site=site).count()
        rows.append((site, selectors.free_counts(free), total, place_links(site.code)))
    return render(request, "spaces/public.html", {"rows": rows, "today": today})


@require("spaces.view_all")
def occupancy(request):
    on = day_from(request)
    return render(
        request,
        "spaces/occupancy.html",
        {
            "form": DayForm(initial={"on": on}),
            "report": selectors.occupancy(on, sites=scoped(SpaceSite.objects.all(), request.user)),
            "calls": scoped(
                TenancyCall.objects.select_related("program", "site"), request.user, "site__agency"
            ).order_by("-program__opens_at")[:20],
            "call_form": CallForm(user=request.user),
            "can_manage": has_perm(request.user, "spaces.manage"),
        },
    )
