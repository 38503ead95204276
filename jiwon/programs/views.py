"""The staff back office for support programmes."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.programs.access import attachment_for, program_for
from jiwon.programs.forms import AttachmentForm, ProgramFilterForm, ProgramForm, TransitionForm
from jiwon.programs.selectors import programs as selectors
from jiwon.programs.services import programs as services
from jiwon.programs.services.programs import EDITABLE_STATUSES


@require("programs.view_all")
def program_list(request):
    form = ProgramFilterForm(request.GET or None)
    filters = form.filters()
    qs = selectors.program_search(user=request.user, filters=filters)
    page = paginate(
        qs,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "programs/staff_list.html",
        {
            "form": form,
            "page": page,
            "total": qs.count(),
            "query": urlencode(filters.as_query()),
            "can_manage": has_perm(request.user, "programs.manage"),
        },
    )


@require("programs.manage")
def program_create(request):
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=request.user, data=form.to_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The programme was created as a draft."))
            return redirect("programs:detail", pk=program.pk)
    return render(request, "programs/staff_form.html", {"form": form, "program": None})


def _render_detail(request, program, *, status=200, **extra):
    can_manage = has_perm(request.user, "programs.manage")
    context = selectors.program_detail(program=program, viewer=request.user)
    context.update(
        {
            "can_manage": can_manage,
            "can_edit": can_manage and program.status in EDITABLE_STATUSES,
            "can_view_audit": has_perm(request.user, "audit.view"),
            "attachment_form": AttachmentForm(),
        }
    )
    context.update(extra)
    return render(request, "programs/staff_detail.html", context, status=status)


@require("programs.view_all")
def program_detail(request, pk):
    return _render_detail(request, program_for(request.user, pk, "view"))


@require("programs.manage")
def program_edit(request, pk):
    program = program_for(request.user, pk, "change")
    if program.status not in EDITABLE_STATUSES:
        messages.error(request, services.not_editable_message(program))
        return redirect("programs:detail", pk=program.pk)
    form = ProgramForm(request.POST or None, initial=ProgramForm.initial_from(program))
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=request.user, program=program, data=form.to_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("programs:detail", pk=program.pk)
    return render(request, "programs/staff_form.html", {"form": form, "program": program})


@require_POST
@require("programs.manage")
def program_transition(request, pk):
    program = program_for(request.user, pk, "change")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the status buttons."))
        return redirect("programs:detail", pk=program.pk)
    target, comment = form.cleaned_data["target"], form.cleaned_data["comment"]
    try:
        program = services.program_transition(
            actor=request.user, program=program, target=target, comment=comment
        )
    except ValidationError as exc:
        show_service_error(request, exc, form=form)
        return _render_detail(request, program, status=400, transition_form=form)
    messages.success(
        request,
        _("The programme is now “%(status)s”.") % {"status": program.get_status_display()},
    )
    return redirect("programs:detail", pk=program.pk)


@require_POST
@require("programs.manage")
def attachment_add(request, pk):
    program = program_for(request.user, pk, "change")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.program_attachment_add(
                actor=request.user, program=program, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.name})
            return redirect("programs:detail", pk=program.pk)
    return _render_detail(request, program, status=400, attachment_form=form)


@require_POST
@require("programs.manage")
def attachment_remove(request, pk, attachment_pk):
    attachment = attachment_for(request.user, pk, attachment_pk, "change")
    try:
        services.program_attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.name})
    return redirect("programs:detail", pk=attachment.program_id)


@require("programs.view_all")
def attachment_download(request, pk, attachment_pk):
    attachment = attachment_for(request.user, pk, attachment_pk, "view")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("attachment file missing") from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
