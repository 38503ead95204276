"""Charges: the month's charges and arrears, the Excel export, issuing and payments."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.agencies import scoped
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.spaces import excel, selectors
from jiwon.spaces.access import charge_for
from jiwon.spaces.forms import MonthForm, PaymentForm
from jiwon.spaces.models import Charge
from jiwon.spaces.rules import month_start, next_month
from jiwon.spaces.services import billing
from jiwon.spaces.views.common import url_of


def _scoped(charges: QuerySet[Charge], request) -> QuerySet[Charge]:
    """The charges of the user's agency's sites (every one when the user is not narrowed)."""
    return scoped(charges, request.user, "contract__site__agency")


def _month(request) -> date:
    """The month of the `month` query parameter (YYYY-MM), this month when it is missing."""
    form = MonthForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["month"]
    return month_start(timezone.localdate())


@require("spaces.view_all")
def charges(request):
    month = _month(request)
    today = timezone.localdate()
    return render(
        request,
        "spaces/charges.html",
        {
            "form": MonthForm(initial={"month": month}),
            "month": month,
            "previous": month_start(month - timedelta(days=1)),
            "following": next_month(month),
            "charges": _scoped(selectors.charges_of_month(month), request),
            "arrears": _scoped(selectors.arrears(today), request)[:200],
            "can_bill": has_perm(request.user, "spaces.bill"),
            "payment_form": PaymentForm(initial={"paid_on": today}),
        },
    )


@require("spaces.view_all")
def charges_export(request):
    month = _month(request)
    return excel.charges_response(_scoped(selectors.charges_of_month(month), request), month)


@require("spaces.bill")
@require_POST
def charges_issue(request):
    form = MonthForm(request.POST)
    if form.is_valid():
        month = form.cleaned_data["month"]
        count = billing.charges_issue(actor=request.user, month=month)
        messages.success(request, _("%(n)d charges issued.") % {"n": count})
        return redirect(f"{url_of('spaces:charges')}?month={month:%Y-%m}")
    messages.error(request, _("Choose a month."))
    return redirect("spaces:charges")


@require("spaces.bill")
@require_POST
def charge_pay(request, pk):
    found = charge_for(request.user, pk, action="bill")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            billing.charge_pay(actor=request.user, charge=found, **form.cleaned_data)
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Payment recorded."))
    else:
        messages.error(request, _("Enter the amount and the day paid."))
    return redirect(f"{url_of('spaces:charges')}?month={found.month:%Y-%m}")
