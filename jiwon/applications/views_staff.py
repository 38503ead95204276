"""Back-office pages for applications: per programme lists with status counts, one
application with its answers, files and history, screening decisions (서류 검토), and the
programme's form definition."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiwon.applications import selectors
from jiwon.applications.access import application_for, can_screen_application
from jiwon.applications.definition import (
    FIELD_TYPES,
    PREFILL_SOURCES,
    default_definition,
    parse_definition,
)
from jiwon.applications.forms import DefinitionForm, ScreenForm
from jiwon.applications.services.applications import application_screen
from jiwon.applications.services.forms import application_form_save
from jiwon.applications.workflow import APPLICATION_WORKFLOWS, ApplicationStatus
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.programs.access import program_for

S = ApplicationStatus
SCREENABLE = (S.SUBMITTED, S.SCREENING, S.SUPPLEMENT_REQUESTED)


@require("applications.view_all")
def program_index(request):
    """Every programme with how many applications it has."""
    page = paginate(
        selectors.programs_with_application_counts(),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(request, "applications/staff_index.html", {"page": page, "query": ""})


@require("applications.view_all")
def program_applications(request, program_pk):
    program = program_for(request.user, program_pk)
    known = dict(APPLICATION_WORKFLOWS.state_choices())
    status = request.GET.get("status", "")
    if status not in known:
        status = ""
    page = paginate(
        selectors.program_applications(program, status),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    counts = selectors.status_counts(program)
    return render(
        request,
        "applications/staff_list.html",
        {
            "program": program,
            "page": page,
            "counts": counts,
            "total": sum(c.count for c in counts),
            "status": status,
            "status_label": known.get(status, ""),
            "query": f"status={status}" if status else "",
            "can_edit_form": has_perm(request.user, "programs.manage"),
        },
    )


def _detail(request, application, form=None, status=200):
    can_screen = can_screen_application(request.user, application)
    return render(
        request,
        "applications/staff_detail.html",
        {
            "application": application,
            "program": application.program,
            "answer_steps": selectors.answer_steps(application),
            "history": selectors.history(application, for_staff=True),
            "supplements": selectors.supplement_requests(application),
            "can_screen": can_screen and application.status in SCREENABLE,
            "screen_form": form or ScreenForm(),
        },
        status=status,
    )


@require("applications.view_all")
def application_detail(request, pk):
    return _detail(request, application_for(request.user, pk, action="view"))


@require("applications.screen")
def screen(request, pk):
    application = application_for(request.user, pk, action="screen")
    if request.method != "POST":
        return redirect("applications:staff_detail", pk)
    form = ScreenForm(request.POST)
    if form.is_valid():
        try:
            application_screen(
                actor=request.user,
                application=application,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                due_at=form.cleaned_data["due_at"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("applications:staff_detail", pk)
    application.refresh_from_db()
    return _detail(request, application, form=form, status=400)


@require("programs.manage")
def form_edit(request, program_pk):
    """The programme's application form as JSON with a preview; saving adds a version."""
    program = program_for(request.user, program_pk, action="change")
    current = selectors.current_form(program)
    initial = current.definition if current else default_definition()
    preview = None
    if request.method == "POST":
        form = DefinitionForm(request.POST)
        if form.is_valid():
            if "save" in request.POST:
                try:
                    saved = application_form_save(
                        actor=request.user,
                        program=program,
                        definition=form.cleaned_data["definition"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as exc:
                    show_service_error(request, exc, form=form)
                else:
                    messages.success(
                        request,
                        _("Version %(version)d of the application form was saved.")
                        % {"version": saved.version},
                    )
                    return redirect("applications:form_edit", program.pk)
            preview = parse_definition(form.cleaned_data["definition"])
    else:
        form = DefinitionForm(
            initial={"definition": json.dumps(initial, ensure_ascii=False, indent=2)}
        )
        preview = parse_definition(initial)
    return render(
        request,
        "applications/staff_form.html",
        {
            "program": program,
            "form": form,
            "current": current,
            "preview": preview,
            "field_types": FIELD_TYPES,
            "prefill_sources": list(PREFILL_SOURCES),
        },
    )
