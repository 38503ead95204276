"""Tenancy calls: a call's waiting list and offers, and making a space programme a call."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.spaces.access import call_for
from jiwon.spaces.forms import CallForm, OffersForm
from jiwon.spaces.services import waitlist


@require("spaces.view_all")
def call(request, pk):
    found = call_for(request.user, pk)
    return render(
        request,
        "spaces/call.html",
        {
            "call": found,
            "waitlist": found.waitlist.select_related("company"),
            "offers": found.offers.select_related("company", "unit"),
            "offers_form": OffersForm(
                initial={"starts_on": timezone.localdate() + timedelta(days=14)}
            ),
            "can_manage": has_perm(request.user, "spaces.manage"),
        },
    )


@require("spaces.manage")
@require_POST
def call_waitlist(request, pk):
    found = call_for(request.user, pk, action="manage")
    try:
        added = waitlist.waitlist_from_selection(actor=request.user, call=found)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("%(n)d companies added to the waiting list.") % {"n": added})
    return redirect("spaces:call", pk=found.pk)


@require("spaces.manage")
@require_POST
def call_offers(request, pk):
    found = call_for(request.user, pk, action="manage")
    form = OffersForm(request.POST)
    if form.is_valid():
        try:
            made = waitlist.offers_make(
                actor=request.user, call=found, starts_on=form.cleaned_data["starts_on"]
            )
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("%(n)d units offered.") % {"n": len(made)})
    return redirect("spaces:call", pk=found.pk)


@require("spaces.manage")
@require_POST
def call_new(request):
    form = CallForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            made = waitlist.tenancy_call_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("spaces:call", pk=made.pk)
    else:
        messages.error(request, _("Choose a space programme and the site it lets."))
    return redirect("spaces:occupancy")
