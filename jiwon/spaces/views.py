"""Pages of startup spaces: the public ladder of sites with what is free and the QR check-in,
the company's offers, contracts and charges, and the staff pages (occupancy, a site's floors,
contracts with their checklists, calls with their waiting list, charges, visits)."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.models import Agency
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.spaces import excel, selectors
from jiwon.spaces.access import (
    call_for,
    charge_for,
    contract_for,
    floor_for,
    offer_for,
    own_companies,
    site_for,
    unit_for,
)
from jiwon.spaces.forms import (
    CallForm,
    CheckInForm,
    ContractForm,
    DayForm,
    EvaluationForm,
    FloorForm,
    GraduateForm,
    MonthForm,
    MoveInForm,
    MoveOutForm,
    OffersForm,
    PaymentForm,
    PlanForm,
    ReasonForm,
    ReturnForm,
    SiteForm,
    UnitForm,
    VisitForm,
)
from jiwon.spaces.models import Charge, Contract, Offer, SpaceSite, TenancyCall, Unit
from jiwon.spaces.rules import month_start, next_month
from jiwon.spaces.services import billing, contracts, offers, setup, visits, waitlist
from jiwon.spaces.workflow import ContractStatus as C
from jiwon.spaces.workflow import OfferStatus as OS


def _day(request, name: str = "on") -> date:
    form = DayForm({"on": request.GET.get(name)})
    return form.cleaned_data["on"] if form.is_valid() else timezone.localdate()


def public(request):
    """The ladder of sites with the units free today, by kind (never who rents what)."""
    today = timezone.localdate()
    rows = []
    for site in SpaceSite.objects.all():
        free = selectors.free_today(today, site=site)
        rows.append(
            (site, selectors.free_counts(free), selectors.lettable_units(today, site=site).count())
        )
    return render(request, "spaces/public.html", {"rows": rows, "today": today})


def check_in(request, pk):
    """A visitor's own check-in (the site's QR code points here): one person, no name."""
    site = site_for(request.user, pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        visits.visit_check_in(site=site, purpose=form.cleaned_data["purpose"])
        messages.success(
            request, _("Welcome to %(site)s: your visit is counted.") % {"site": site.name_ko}
        )
        return redirect("spaces:check_in", pk=site.pk)
    return render(request, "spaces/check_in.html", {"site": site, "form": form})


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


# --- staff -----------------------------------------------------------------------------


@require("spaces.view_all")
def occupancy(request):
    on = _day(request)
    return render(
        request,
        "spaces/occupancy.html",
        {
            "form": DayForm(initial={"on": on}),
            "report": selectors.occupancy(on),
            "calls": TenancyCall.objects.select_related("program", "site").order_by(
                "-program__opens_at"
            )[:20],
            "call_form": CallForm(),
            "can_manage": has_perm(request.user, "spaces.manage"),
        },
    )


@require("spaces.view_all")
def site(request, pk):
    found = site_for(request.user, pk)
    on = _day(request)
    return render(
        request,
        "spaces/site.html",
        {
            "site": found,
            "form": DayForm(initial={"on": on}),
            "on": on,
            "floors": selectors.floor_plan(found, on),
            "can_manage": has_perm(request.user, "spaces.manage"),
            "floor_form": FloorForm(),
            "plan_form": PlanForm(),
        },
    )


@require("spaces.manage")
def contract_new(request, pk):
    found = site_for(request.user, pk, action="manage")
    form = ContractForm(request.POST or None, site=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = contracts.contract_sign(
                actor=request.user, company=data["company"], units=list(data["units"]),
                start=data["start"], end=data["end"], billing_day=data["billing_day"],
            )  # fmt: skip
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Contract signed."))
            return redirect("spaces:contract", pk=made.pk)
    return render(request, "spaces/contract_new.html", {"site": found, "form": form})


@require("spaces.view_all")
def contract_list(request):
    rows = (
        Contract.objects.exclude(status=C.CANCELLED)
        .select_related("company", "site")
        .prefetch_related("lines__unit")
        .order_by("-start", "-id")
    )
    status = request.GET.get("status")
    if status in dict(Contract.workflows.state_choices()):
        rows = rows.filter(status=status)
    page = paginate(
        rows, page=page_number_from(request.GET.get("page")), per_page=settings.JIWON_PAGE_SIZE
    )
    return render(request, "spaces/contracts.html", {"page": page, "status": status})


def contract(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    found = contract_for(request.user, pk)
    manage = has_perm(request.user, "spaces.manage")
    config = contracts.evaluation_config(found.site)
    criteria = [(c.key, c.label or c.key, c.maximum) for c in config.criteria]
    return render(
        request,
        "spaces/contract.html",
        {
            "contract": found,
            "lines": found.lines.select_related("unit__floor"),
            "history": found.status_history.all(),
            "evaluations": found.evaluations.all(),
            "charges": found.charges.order_by("month"),
            "can_manage": manage,
            "can_bill": has_perm(request.user, "spaces.bill"),
            "move_in_form": MoveInForm(
                initial={
                    "moved_in_on": found.start,
                    "agreement_signed_on": timezone.localdate(),
                    "deposit_received_on": timezone.localdate() if found.deposit_won else None,
                }
            ),
            "move_out_form": MoveOutForm(
                initial={
                    "keys_returned": found.keys_issued,
                    "cards_returned": found.cards_issued,
                    "moved_out_on": found.end,
                }
            ),
            "evaluation_form": EvaluationForm(
                initial={"held_on": timezone.localdate()}, criteria=criteria
            ),
            "graduate_form": GraduateForm(site=found.site.next_rung, initial={"start": found.end}),
            "reason_form": ReasonForm(),
            "return_form": ReturnForm(initial={"returned_on": timezone.localdate()}),
            "extendable": found.status in (C.SIGNED, C.OCCUPIED)
            and found.extensions < found.site.max_extensions,
        },
    )


def _contract_action(request, pk, action, run, form_class=None) -> HttpResponse:
    if request.method != "POST":
        raise Http404("actions are posted")
    found = contract_for(request.user, pk, action=action)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("spaces:contract", pk=found.pk)
    try:
        run(found, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("spaces:contract", pk=found.pk)


@require("spaces.manage")
def contract_move_in(request, pk):
    return _contract_action(
        request, pk, "manage",
        lambda c, d: contracts.contract_move_in(actor=request.user, contract=c, **d),
        MoveInForm,
    )  # fmt: skip


@require("spaces.manage")
def contract_move_out(request, pk):
    return _contract_action(
        request, pk, "manage",
        lambda c, d: contracts.contract_move_out(actor=request.user, contract=c, **d),
        MoveOutForm,
    )  # fmt: skip


@require("spaces.manage")
def contract_extend(request, pk):
    return _contract_action(
        request,
        pk,
        "manage",
        lambda c, d: contracts.contract_extend(actor=request.user, contract=c),
    )


@require("spaces.manage")
def contract_cancel(request, pk):
    return _contract_action(
        request, pk, "manage",
        lambda c, d: contracts.contract_cancel(actor=request.user, contract=c, reason=d["reason"]),
        ReasonForm,
    )  # fmt: skip


@require("spaces.bill")
def deposit_return(request, pk):
    return _contract_action(
        request, pk, "bill",
        lambda c, d: contracts.deposit_return(actor=request.user, contract=c, **d),
        ReturnForm,
    )  # fmt: skip


@require("spaces.manage")
@require_POST
def contract_evaluate(request, pk):
    found = contract_for(request.user, pk, action="manage")
    config = contracts.evaluation_config(found.site)
    criteria = [(c.key, c.label or c.key, c.maximum) for c in config.criteria]
    form = EvaluationForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            made = contracts.tenant_evaluation_record(
                actor=request.user, contract=found, held_on=form.cleaned_data["held_on"],
                sheets=form.cleaned_data["sheets"],
            )  # fmt: skip
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Evaluated: %(score)s points.") % {"score": made.score})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("spaces:contract", pk=found.pk)


@require("spaces.manage")
@require_POST
def contract_graduate(request, pk):
    found = contract_for(request.user, pk, action="manage")
    form = GraduateForm(request.POST, site=found.site.next_rung)
    if form.is_valid():
        try:
            following = contracts.contract_graduate(
                actor=request.user, contract=found, units=list(form.cleaned_data["units"]),
                start=form.cleaned_data["start"],
            )  # fmt: skip
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Graduated: the contract at the next site is signed."))
            return redirect("spaces:contract", pk=following.pk)
    else:
        messages.error(request, _("Choose the units at the next site and the start day."))
    return redirect("spaces:contract", pk=found.pk)


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


@require("spaces.view_all")
def charges(request):
    form = MonthForm(request.GET or None)
    month = (
        form.cleaned_data["month"]
        if form.is_bound and form.is_valid()
        else month_start(timezone.localdate())
    )
    today = timezone.localdate()
    return render(
        request,
        "spaces/charges.html",
        {
            "form": MonthForm(initial={"month": month}),
            "month": month,
            "previous": month_start(month - timedelta(days=1)),
            "following": next_month(month),
            "charges": selectors.charges_of_month(month),
            "arrears": selectors.arrears(today)[:200],
            "can_bill": has_perm(request.user, "spaces.bill"),
            "payment_form": PaymentForm(initial={"paid_on": today}),
        },
    )


@require("spaces.view_all")
def charges_export(request):
    form = MonthForm(request.GET or None)
    month = (
        form.cleaned_data["month"]
        if form.is_bound and form.is_valid()
        else month_start(timezone.localdate())
    )
    return excel.charges_response(selectors.charges_of_month(month), month)


@require("spaces.bill")
@require_POST
def charges_issue(request):
    form = MonthForm(request.POST)
    if form.is_valid():
        month = form.cleaned_data["month"]
        count = billing.charges_issue(actor=request.user, month=month)
        messages.success(request, _("%(n)d charges issued.") % {"n": count})
        return redirect(f"{_url('spaces:charges')}?month={month:%Y-%m}")
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
    return redirect(f"{_url('spaces:charges')}?month={found.month:%Y-%m}")


@require("spaces.view_all")
def visits_page(request):
    today = timezone.localdate()
    year = date(today.year, 1, 1)
    hubs = SpaceSite.objects.all()
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
                return redirect(f"{_url('spaces:visits')}?site={site.pk}")
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


def _url(name: str, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


SITE_FIELDS = SiteForm.Meta.fields
UNIT_FIELDS = [f for f in UnitForm.Meta.fields if f != "floor"]


@require("spaces.manage")
def site_new(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in SITE_FIELDS}
        agency = Agency.objects.order_by("pk").first()
        if agency is None:
            raise Http404("no agency")
        try:
            made = setup.site_create(actor=request.user, agency=agency, **data)
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect("spaces:site", pk=made.pk)
    return render(request, "spaces/form.html", {"form": form, "title": _("New site")})


@require("spaces.manage")
def site_edit(request, pk):
    found = site_for(request.user, pk, action="manage")
    form = SiteForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            setup.site_update(
                actor=request.user,
                site=SpaceSite.objects.get(pk=found.pk),
                **{k: form.cleaned_data[k] for k in SITE_FIELDS},
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect("spaces:site", pk=found.pk)
    return render(request, "spaces/form.html", {"form": form, "title": found.name_ko})


@require("spaces.manage")
@require_POST
def floor_new(request, pk):
    found = site_for(request.user, pk, action="manage")
    form = FloorForm(request.POST)
    if form.is_valid():
        try:
            setup.floor_create(actor=request.user, site=found, **form.cleaned_data)
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Enter the level and the label of the floor."))
    return redirect("spaces:site", pk=found.pk)


@require("spaces.manage")
@require_POST
def floor_plan(request, pk):
    floor = floor_for(request.user, pk, action="manage")
    form = PlanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            setup.floor_plan_upload(
                actor=request.user, floor=floor, upload=form.cleaned_data["plan"]
            )
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a PNG or JPEG file."))
    return redirect("spaces:site", pk=floor.site_id)


@require("spaces.manage")
def unit_new(request, pk):
    found = site_for(request.user, pk, action="manage")
    form = UnitForm(request.POST or None, site=found)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        floor = data.pop("floor")
        try:
            setup.unit_create(actor=request.user, floor=floor, **data)
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect("spaces:site", pk=found.pk)
    return render(request, "spaces/form.html", {"form": form, "title": _("New unit")})


@require("spaces.manage")
def unit_edit(request, pk):
    unit = unit_for(request.user, pk, action="manage")
    site = unit.floor.site
    form = UnitForm(request.POST or None, instance=unit, site=site)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in UNIT_FIELDS}
        try:
            setup.unit_update(actor=request.user, unit=Unit.objects.get(pk=unit.pk), **data)
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Saved."))
            return redirect("spaces:site", pk=site.pk)
    return render(request, "spaces/form.html", {"form": form, "title": str(unit)})


@require("spaces.manage")
@require_POST
def call_new(request):
    form = CallForm(request.POST)
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
