"""Visits: the visitor's own QR check-in and the staff's visit log."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.agencies import scoped
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.spaces import selectors
from jiwon.spaces.access import site_for
from jiwon.spaces.forms import CheckInForm, VisitForm
from jiwon.spaces.models import SpaceSite
from jiwon.spaces.services import visits
from jiwon.spaces.views.common import url_of


def check_in(request, pk):
    """A visitor's own check-in (the site's QR code points here): one person, no name."""
    site = site_for(request.user, pk, action="visit")
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        visits.visit_check_in(site=site, purpose=form.cleaned_data["purpose"])
        messages.success(
            request, _("Welcome to %(site)s: your visit is counted.") % {"site": site.name_ko}
        )
        return redirect("spaces:check_in", pk=site.pk)
    return render(request, "spaces/check_in.html", {"site": site, "form": form})


@require("spaces.view_all")
def visits_page(request):
    today = timezone.localdate()
    year = date(today.year, 1, 1)
    hubs = scoped(SpaceSite.objects.all(), request.user)
    form = VisitForm(request.POST or None)
    chosen = request.POST.get("site") or request.GET.get("site")
    site = (
        hubs.filter(pk=chosen).first()
        if (chosen or "").isdigit()
        else hubs.filter(kind="youth_hub").first()
    )
    if request.method == "POST":
        if not has_perm(request.user, "spaces.manage") or site is None:
            raise Http404("no site")
        if form.is_valid():
            try:
                visits.visit_record(actor=request.user, site=site, **form.cleaned_data)
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                messages.success(request, _("Visit recorded."))
                return redirect(f"{url_of('spaces:visits')}?site={site.pk}")
    return render(
        request,
        "spaces/visits.html",
        {
            "form": form,
            "sites": hubs,
            "site": site,
            "today_total": selectors.visits_between(today, today + timedelta(days=1), site=site)
            if site
            else 0,
            "year_total": selectors.visits_between(year, date(today.year + 1, 1, 1), site=site)
            if site
            else 0,
            "by_purpose": selectors.purpose_rows(year, date(today.year + 1, 1, 1), site=site),
            "year": today.year,
            "can_manage": has_perm(request.user, "spaces.manage"),
        },
    )
