"""Setting the spaces up: a site's page with its floors and units, and the forms for sites,
floors, floor plans and units."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.agencies import scoped
from jiwon.core.models import Agency
from jiwon.core.permissions import has_perm
from jiwon.core.places import place_links
from jiwon.core.views_helpers import require, show_service_error
from jiwon.spaces import selectors
from jiwon.spaces.access import floor_for, site_for, unit_for
from jiwon.spaces.forms import DayForm, FloorForm, PlanForm, SiteForm, UnitForm
from jiwon.spaces.models import SpaceSite, Unit
from jiwon.spaces.services import setup
from jiwon.spaces.views.common import day_from


@require("spaces.view_all")
def site(request, pk):
    found = site_for(request.user, pk)
    on = day_from(request)
    return render(
        request,
        "spaces/site.html",
        {
            "site": found,
            "form": DayForm(initial={"on": on}),
            "on": on,
            "floors": selectors.floor_plan(found, on),
            "place_links": place_links(found.code),
            "can_manage": has_perm(request.user, "spaces.manage"),
            "floor_form": FloorForm(),
            "plan_form": PlanForm(),
        },
    )


SITE_FIELDS = SiteForm.Meta.fields


UNIT_FIELDS = [f for f in UnitForm.Meta.fields if f != "floor"]


@require("spaces.manage")
def site_new(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in SITE_FIELDS}
        # The user's own agency; the first one for a user not narrowed to one.
        agency = scoped(Agency.objects.all(), request.user, "pk").order_by("pk").first()
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
        messages.error(request, _("Choose a PNG, JPEG or SVG file."))
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


PLAN_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
# A plan opened on its own is a document of its own: nothing in it runs, loads or submits
# (an SVG is sanitised when uploaded; this is the second lock).
PLAN_POLICY = "default-src 'none'; sandbox"


@require("spaces.view_all")
def floor_plan_file(request, pk):
    """The floor's plan, to staff readers, with its own content type and a policy under which
    nothing in it can run."""
    floor = floor_for(request.user, pk)
    if not floor.plan:
        raise Http404("no plan")
    kind = PLAN_TYPES.get(PurePath(floor.plan.name).suffix.lower())
    if kind is None:
        raise Http404("not a plan")
    response = FileResponse(floor.plan.open("rb"), content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PLAN_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
