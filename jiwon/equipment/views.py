"""Pages of shared equipment: the public list and calendars, the finder, booking and the
company's bookings, requested tests, and the staff pages (bookings, trainings, utilisation)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.pagination import int_param, page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.equipment import excel, selectors, services
from jiwon.equipment.access import (
    bookable_companies,
    booking_for,
    kind_for,
    resource_for,
    test_request_for,
)
from jiwon.equipment.forms import (
    AcceptTestForm,
    BookingForm,
    CheckOutForm,
    FinderForm,
    MoveForm,
    ReasonForm,
    ResourceForm,
    ResultForm,
    TestRequestForm,
    TrainingForm,
    UtilisationForm,
)
from jiwon.equipment.models import Booking, Resource, Site, TestRequest, TrainingRecord
from jiwon.equipment.rules import SEOUL
from jiwon.equipment.workflow import BookingStatus

S = BookingStatus


def _parse_moment(raw: str | None) -> datetime | None:
    try:
        # A "+09:00" offset arrives as " 09:00" when a link did not encode it.
        moment = datetime.fromisoformat((raw or "").replace(" ", "+"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)


def public(request):
    """Every site with its resources, and the finder of free slots by kind."""
    form = FinderForm(request.GET or None)
    slots = None
    if form.is_bound and form.is_valid():
        units = selectors.units_of(form.cleaned_data["kind"])
        slots = selectors.free_slots(
            resources=units, minutes=form.cleaned_data["minutes"], now=timezone.now()
        )
    sites = Site.objects.prefetch_related("resources__kind").order_by("name_ko")
    return render(
        request,
        "equipment/public.html",
        {
            "form": form,
            "slots": slots,
            "sites": [(site, [r for r in site.resources.all() if r.active]) for site in sites],
            "can_book": has_perm(request.user, "equipment.book"),
        },
    )


def _monday(raw: str | None) -> date:
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


def resource(request, pk):
    """A resource with its week calendar: free/busy for everyone, details for staff."""
    unit = resource_for(request.user, pk)
    monday = _monday(request.GET.get("week"))
    return render(
        request,
        "equipment/resource.html",
        {
            "resource": unit,
            "days": selectors.week_calendar(unit, monday),
            "previous_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7),
            "monday": monday,
            "show_details": has_perm(request.user, "equipment.view_all"),
            "can_book": has_perm(request.user, "equipment.book"),
            "can_manage": has_perm(request.user, "equipment.manage"),
        },
    )


def kind(request, pk):
    """The units of one kind of equipment."""
    found = kind_for(request.user, pk)
    return redirect(f"{_url('equipment:public')}?kind={found.pk}&minutes=120")


def _url(name: str, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@require("equipment.book")
def book(request, pk):
    unit = resource_for(request.user, pk)
    companies = bookable_companies(request.user)
    if not companies:
        messages.error(request, _("Your account belongs to no company: ask the staff."))
        return redirect("equipment:resource", pk=unit.pk)
    initial = {}
    start, end = _parse_moment(request.GET.get("start")), _parse_moment(request.GET.get("end"))
    if start and end:
        initial = {
            "day": start.astimezone(SEOUL).date(),
            "start": start.astimezone(SEOUL).time(),
            "end": end.astimezone(SEOUL).time(),
        }
    form = BookingForm(request.POST or None, initial=initial, companies=companies)
    waitable = None
    if request.method == "POST" and form.is_valid():
        start, end = form.moments()
        try:
            booking = services.booking_create(
                actor=request.user,
                resource=unit,
                company=form.cleaned_data["company"],
                start=start,
                end=end,
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
            if selectors.conflicting_bookings(
                resource=unit, start=start, hold_end=end + unit.buffer
            ).exists():
                waitable = {"start": start.isoformat(), "end": end.isoformat()}
        else:
            if booking.status == S.PENDING:
                messages.success(request, _("Booked: the staff will confirm it."))
            else:
                messages.success(request, _("Booked and confirmed."))
            return redirect("equipment:booking", pk=booking.pk)
    return render(
        request,
        "equipment/book.html",
        {"resource": unit, "form": form, "waitable": waitable},
    )


@require("equipment.book")
@require_POST
def wait(request, pk):
    unit = resource_for(request.user, pk)
    companies = bookable_companies(request.user)
    start, end = _parse_moment(request.POST.get("start")), _parse_moment(request.POST.get("end"))
    if not companies or not start or not end:
        messages.error(request, _("Choose the time you want to wait for."))
        return redirect("equipment:resource", pk=unit.pk)
    try:
        services.waitlist_join(
            actor=request.user, resource=unit, company=companies[0], start=start, end=end
        )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("You are on the waiting list: we email you if it frees."))
    return redirect("equipment:mine")


@require("equipment.book")
def mine(request):
    companies = bookable_companies(request.user)
    bookings = Booking.objects.filter(company__in=companies).select_related("resource", "company")
    tests = TestRequest.objects.filter(company__in=companies).select_related("kind")
    now = timezone.now()
    return render(
        request,
        "equipment/mine.html",
        {
            "upcoming": bookings.filter(end__gte=now).order_by("start"),
            "past": bookings.filter(end__lt=now).order_by("-start")[:50],
            "tests": tests,
        },
    )


def booking(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    found = booking_for(request.user, pk)
    now = timezone.now()
    opens, closes = services.checkin_window(found)
    may_change = has_perm(request.user, "equipment.book", found.company) or has_perm(
        request.user, "equipment.manage"
    )
    return render(
        request,
        "equipment/booking.html",
        {
            "booking": found,
            "history": found.status_history.all(),
            "may_change": may_change,
            "can_manage": has_perm(request.user, "equipment.manage"),
            "checkin_open": found.status == S.CONFIRMED and opens <= now < closes,
            "checkin_opens": opens,
            "cancellable": found.status in (S.PENDING, S.CONFIRMED) and found.start > now,
            "move_form": MoveForm(
                initial={
                    "day": found.start.astimezone(SEOUL).date(),
                    "start": found.start.astimezone(SEOUL).time(),
                    "end": found.end.astimezone(SEOUL).time(),
                }
            ),
            "checkout_form": CheckOutForm(
                initial={
                    "started_at": (found.checked_in_at or found.start).astimezone(SEOUL).time(),
                    "ended_at": found.end.astimezone(SEOUL).time(),
                    "purpose": found.purpose,
                }
            ),
            "reason_form": ReasonForm(),
        },
    )


def _act(request, pk, action: str, run) -> HttpResponse:
    if request.method != "POST":
        raise Http404("actions are posted")
    found = booking_for(request.user, pk, action=action)
    try:
        run(found)
    except ValidationError as exc:
        show_service_error(request, exc)
    return redirect("equipment:booking", pk=found.pk)


@require_POST
def cancel(request, pk):
    def run(found: Booking) -> None:
        services.booking_cancel(
            actor=request.user, booking=found, reason=request.POST.get("reason", "")[:500]
        )
        messages.success(request, _("The booking is cancelled."))

    return _act(request, pk, "change", run)


@require_POST
def move(request, pk):
    def run(found: Booking) -> None:
        form = MoveForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        start, end = form.moments()
        services.booking_change(actor=request.user, booking=found, start=start, end=end)
        messages.success(request, _("The booking is moved."))

    return _act(request, pk, "change", run)


@require_POST
def check_in(request, pk):
    def run(found: Booking) -> None:
        services.booking_check_in(actor=request.user, booking=found)
        messages.success(request, _("Checked in. Check out when you are done."))

    return _act(request, pk, "change", run)


@require_POST
def check_out(request, pk):
    def run(found: Booking) -> None:
        form = CheckOutForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        started, ended = form.moments(found.start.astimezone(SEOUL).date())
        services.booking_check_out(
            actor=request.user,
            booking=found,
            started_at=started,
            ended_at=ended,
            person=form.cleaned_data["person"],
            purpose=form.cleaned_data["purpose"],
            counter_value=form.cleaned_data["counter_value"],
        )
        messages.success(request, _("Checked out: thank you."))

    return _act(request, pk, "change", run)


@require_POST
def approve(request, pk):
    def run(found: Booking) -> None:
        services.booking_approve(actor=request.user, booking=found)
        messages.success(request, _("The booking is confirmed; the company is told."))

    return _act(request, pk, "manage", run)


@require_POST
def refuse(request, pk):
    def run(found: Booking) -> None:
        services.booking_refuse(
            actor=request.user, booking=found, reason=request.POST.get("reason", "")[:500]
        )
        messages.success(request, _("The booking is refused; the company is told."))

    return _act(request, pk, "manage", run)


# --- requested tests ----------------------------------------------------------------------


@require("equipment.request_test")
def test_new(request):
    companies = bookable_companies(request.user)
    if not companies:
        messages.error(request, _("Your account belongs to no company: ask the staff."))
        return redirect("equipment:mine")
    form = TestRequestForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            found = services.test_request_submit(
                actor=request.user,
                company=form.cleaned_data["company"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Your request is sent to the staff."))
            return redirect("equipment:test", pk=found.pk)
    return render(request, "equipment/test_new.html", {"form": form})


def test(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    found = test_request_for(request.user, pk)
    manage = has_perm(request.user, "equipment.manage")
    accept_form = AcceptTestForm(request.POST or None, kind=found.kind) if manage else None
    if request.method == "POST":
        found = test_request_for(request.user, pk, action="manage")
        if accept_form is not None and accept_form.is_valid():
            start, end = accept_form.moments()
            try:
                services.test_request_accept(
                    actor=request.user,
                    request=found,
                    resource=accept_form.cleaned_data["resource"],
                    start=start,
                    end=end,
                )
            except ValidationError as exc:
                show_service_error(request, exc, form=accept_form)
            else:
                messages.success(request, _("Accepted and booked in the company's name."))
                return redirect("equipment:test", pk=found.pk)
    return render(
        request,
        "equipment/test.html",
        {
            "request_": found,
            "history": found.status_history.all(),
            "can_manage": manage,
            "may_withdraw": has_perm(request.user, "equipment.request_test", found.company),
            "accept_form": accept_form,
            "result_form": ResultForm(),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def test_refuse(request, pk):
    found = test_request_for(request.user, pk, action="manage")
    try:
        services.test_request_refuse(
            actor=request.user, request=found, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as exc:
        show_service_error(request, exc)
    return redirect("equipment:test", pk=found.pk)


@require_POST
def test_withdraw(request, pk):
    found = test_request_for(request.user, pk, action="change")
    try:
        services.test_request_withdraw(actor=request.user, request=found)
    except ValidationError as exc:
        show_service_error(request, exc)
    return redirect("equipment:test", pk=found.pk)


@require_POST
def test_result(request, pk):
    found = test_request_for(request.user, pk, action="manage")
    form = ResultForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the result file."))
        return redirect("equipment:test", pk=found.pk)
    try:
        services.test_request_complete(
            actor=request.user, request=found, result=form.cleaned_data["result"]
        )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The result is recorded; the company is told."))
    return redirect("equipment:test", pk=found.pk)


def test_download(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    found = test_request_for(request.user, pk)
    if not found.result_file:
        raise Http404("no result yet")
    response = FileResponse(found.result_file.open("rb"), as_attachment=True)
    response["Cache-Control"] = "no-store"
    return response


# --- staff --------------------------------------------------------------------------------


@require("equipment.view_all")
def staff_bookings(request):
    status = request.GET.get("status", "")
    if status not in dict(Booking.workflows.state_choices()):
        status = ""
    resource_pk = (
        int_param(request.GET.get("resource"), default=0, minimum=0, maximum=2**31) or None
    )
    qs = selectors.bookings_for_staff(status=status, resource_id=resource_pk)
    page = paginate(
        qs,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "equipment/staff_bookings.html",
        {
            "page": page,
            "status": status,
            "resource_pk": resource_pk,
            "statuses": Booking.workflows.state_choices(),
            "resources": Resource.objects.order_by("name_ko"),
            "query": f"status={status}&resource={resource_pk or ''}",
            "pending": Booking.objects.filter(status=S.PENDING).count(),
            "tests": TestRequest.objects.filter(status="submitted").count(),
            "can_manage": has_perm(request.user, "equipment.manage"),
        },
    )


@require("equipment.view_all")
def staff_export(request):
    return excel.bookings_response(selectors.bookings_for_staff())


@require("equipment.view_all")
def staff_tests(request):
    return render(
        request,
        "equipment/staff_tests.html",
        {"tests": TestRequest.objects.select_related("company", "kind")[:200]},
    )


def _period(form: UtilisationForm) -> tuple[str, date, date]:
    today = timezone.localdate()
    period = form.cleaned_data.get("period") or "month" if form.is_valid() else "month"
    day = (form.cleaned_data.get("day") if form.is_valid() else None) or today
    if period == "week":
        first = day - timedelta(days=day.weekday())
        return period, first, first + timedelta(days=7)
    if period == "year":
        return period, date(day.year, 1, 1), date(day.year + 1, 1, 1)
    first = day.replace(day=1)
    return "month", first, (first + timedelta(days=32)).replace(day=1)


@require("equipment.view_all")
def utilisation(request):
    form = UtilisationForm(request.GET or None)
    period, first, last = _period(form)
    rows = selectors.utilisation(start=first, end=last)
    return render(
        request,
        "equipment/utilisation.html",
        {
            "form": form,
            "period": period,
            "first": first,
            "last": last - timedelta(days=1),
            "rows": rows,
            "overall": selectors.overall_utilisation(rows),
            "national": selectors.NATIONAL_UTILISATION_RANGE,
            "companies": selectors.usage_by_company(start=first, end=last),
        },
    )


@require("equipment.view_all")
def trainings(request):
    form = TrainingForm(request.POST or None)
    if request.method == "POST":
        if not has_perm(request.user, "equipment.manage"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("equipment.manage")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.training_record_add(
                    actor=request.user,
                    person_id=data["person"].pk,
                    kind=data["kind"],
                    resource=data["resource"],
                    trained_on=data["trained_on"],
                    expires_on=form.expires_on(),
                    note=data["note"],
                )
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                messages.success(request, _("The training is recorded."))
                return redirect("equipment:trainings")
    records = TrainingRecord.objects.select_related("person", "kind", "resource")[:200]
    return render(
        request,
        "equipment/trainings.html",
        {
            "form": form,
            "records": records,
            "today": timezone.localdate(),
            "can_manage": has_perm(request.user, "equipment.manage"),
        },
    )


@require("equipment.manage")
def resource_new(request):
    return _resource_form(request, Resource())


@require("equipment.manage")
def resource_edit(request, pk):
    return _resource_form(request, resource_for(request.user, pk, action="manage"))


def _resource_form(request, unit: Resource):
    form = ResourceForm(request.POST or None, request.FILES or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = services.resource_save(
                actor=request.user, resource=unit, data=form.resource_data()
            )
            services.resource_files_set(
                actor=request.user,
                resource=saved,
                photo=form.cleaned_data["photo_file"],
                manual=form.cleaned_data["manual_file"],
                remove_photo=form.cleaned_data["remove_photo"],
                remove_manual=form.cleaned_data["remove_manual"],
            )
        messages.success(request, _("Saved."))
        return redirect("equipment:resource", pk=saved.pk)
    return render(request, "equipment/resource_form.html", {"form": form, "resource": unit})


def resource_photo(request, pk):
    """The resource's photo, to whoever may see the resource (its public page shows it)."""
    unit = resource_for(request.user, pk)
    if not unit.photo:
        raise Http404("no photo")
    response = FileResponse(unit.photo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def resource_manual(request, pk):
    """The resource's manual, to signed-in users who may see the resource."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    unit = resource_for(request.user, pk)
    if not unit.manual:
        raise Http404("no manual")
    response = FileResponse(unit.manual.open("rb"), as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response
