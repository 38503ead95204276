"""The company's side: its offers, contracts and charges, and answering an offer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.spaces.access import offer_for, own_companies
from jiwon.spaces.models import Charge, Contract, Offer
from jiwon.spaces.services import offers, waitlist
from jiwon.spaces.workflow import ContractStatus as C
from jiwon.spaces.workflow import OfferStatus as OS


@require("spaces.act")
def mine(request):
    companies = own_companies(request.user)
    today = timezone.localdate()
    return render(
        request,
        "spaces/mine.html",
        {
            "offers": Offer.objects.filter(company__in=companies, status=OS.OFFERED).select_related(
                "unit__floor__site", "call__program"
            ),
            "contracts": Contract.objects.filter(company__in=companies)
            .exclude(status=C.CANCELLED)
            .select_related("site")
            .prefetch_related("lines__unit"),
            "charges": Charge.objects.filter(contract__company__in=companies)
            .select_related("contract__site")
            .order_by("-month")[:24],
            "today": today,
        },
    )


def offer(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    found = offer_for(request.user, pk)
    return render(
        request,
        "spaces/offer.html",
        {
            "offer": found,
            "may_answer": found.status == OS.OFFERED
            and has_perm(request.user, "spaces.act", found.company),
            "history": found.status_history.all(),
        },
    )


@require("spaces.act")
@require_POST
def offer_answer(request, pk):
    found = offer_for(request.user, pk, action="act")
    try:
        if request.POST.get("answer") == "accept":
            offers.offer_accept(actor=request.user, offer=found)
            messages.success(
                request, _("Accepted: your contract is signed. The staff will arrange the move-in.")
            )
            return redirect("spaces:mine")
        waitlist.offer_decline(actor=request.user, offer=found)
        messages.success(request, _("Declined. The unit goes to the next company in line."))
    except ValidationError as exc:
        show_service_error(request, exc)
    return redirect("spaces:offer", pk=found.pk)
