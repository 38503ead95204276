"""Company portal pages for applications: apply from a notice, the multi-step form with
autosave, uploads, review and submission, the receipt, my applications, withdrawal and
supplements. Every page finds its application through access.application_for, and a file
through access.application_file_for."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications import selectors
from jiwon.applications.access import application_file_for, application_for
from jiwon.applications.forms import (
    CommentForm,
    SupplementResponseForm,
    raw_answers,
    step_form,
)
from jiwon.applications.services.applications import (
    AlreadySubmitted,
    application_save_draft,
    application_start,
    application_submit,
    application_supplement_respond,
    application_withdraw,
)
from jiwon.applications.services.files import application_file_add, application_file_remove
from jiwon.applications.workflow import WITHDRAWABLE_STATUSES, ApplicationStatus
from jiwon.companies.access import company_for
from jiwon.companies.selectors import companies_visible_to
from jiwon.core.arrival import arrived_at
from jiwon.core.pdf import render_pdf
from jiwon.core.views_helpers import require, show_service_error
from jiwon.programs.access import program_for


@require("applications.apply")
def my_applications(request):
    return render(
        request,
        "applications/mine.html",
        {"applications": list(selectors.applications_of(request.user))},
    )


@require("applications.apply")
def start(request, program_pk):
    """Apply to a programme: for each of the user's companies, its live application (continue
    it) or whether it may apply; POST starts a draft for the chosen company."""
    program = program_for(request.user, program_pk)
    if request.method == "POST":
        company = company_for(request.user, request.POST.get("company"), action="change")
        try:
            application = application_start(actor=request.user, program=program, company=company)
        except ValidationError as exc:
            show_service_error(request, exc)
            return redirect("applications:start", program.pk)
        messages.success(request, _("Your draft application was created."))
        return redirect("applications:step", application.pk, 1)
    now = timezone.now()
    today = timezone.localdate(now)
    choices = []
    for company in companies_visible_to(request.user):
        live = selectors.live_application(program, company)
        closed = "" if live else selectors.closed_problem(company, today)
        failures = [] if live or closed else selectors.eligibility_failures(company, program, today)
        choices.append({"company": company, "live": live, "closed": closed, "failures": failures})
    return render(
        request,
        "applications/start.html",
        {
            "program": program,
            "choices": choices,
            "window_problem": selectors.window_problem(program, now),
        },
    )


def _draft(request, pk):
    application = application_for(request.user, pk, action="change")
    if application.status != ApplicationStatus.DRAFT:
        return application, redirect("applications:detail", application.pk)
    return application, None


def _step_context(application, number, form):
    definition = selectors.definition_of(application)
    step = definition.steps[number - 1]
    registry = selectors.prefill_values(definition, application.company)
    files = selectors.files_by_field(application)
    return {
        "application": application,
        "program": application.program,
        "steps": definition.steps,
        "step": step,
        "number": number,
        "last": number == len(definition.steps),
        "form": form,
        "prefilled": [
            selectors.AnswerRow(f, registry.get(f.key), []) for f in step.fields if f.prefill
        ],
        "file_fields": [(f, files.get(f.key, [])) for f in step.fields if f.is_file],
        "deadline_problem": selectors.window_problem(application.program, timezone.now()),
    }


def _step_or_404(application, number):
    steps = selectors.definition_of(application).steps
    if not 1 <= number <= len(steps):
        raise Http404("no such step")
    return steps[number - 1]


@require("applications.apply")
def step(request, pk, number):
    application, elsewhere = _draft(request, pk)
    if elsewhere:
        return elsewhere
    current = _step_or_404(application, number)
    if request.method != "POST":
        form = step_form(current, answers=application.answers)
        return render(request, "applications/step.html", _step_context(application, number, form))
    result = application_save_draft(
        actor=request.user, application=application, answers=raw_answers(current, request.POST)
    )
    if result.errors:
        form = step_form(current, answers=application.answers, data=request.POST)
        form.is_valid()
        for key, message in result.errors.items():
            if key not in form.errors:
                form.add_error(key, message)
        return render(
            request, "applications/step.html", _step_context(result.application, number, form)
        )
    if "previous" in request.POST and number > 1:
        return redirect("applications:step", pk, number - 1)
    if "next" in request.POST:
        steps = len(selectors.definition_of(application).steps)
        if number < steps:
            return redirect("applications:step", pk, number + 1)
        return redirect("applications:review", pk)
    messages.success(request, _("Your answers were saved."))
    return redirect("applications:step", pk, number)


@require("applications.apply")
@require_POST
def autosave(request, pk):
    """htmx: save the step as the applicant types (on change); answers a status line."""
    application = application_for(request.user, pk, action="change")
    errors, saved = {}, False
    if application.status == ApplicationStatus.DRAFT:
        try:
            number = int(request.POST.get("step", ""))
        except ValueError as exc:
            raise Http404("no such step") from exc
        current = _step_or_404(application, number)
        result = application_save_draft(
            actor=request.user,
            application=application,
            answers=raw_answers(current, request.POST),
        )
        errors, saved = result.errors, True
        labels = {f.key: f.label for f in current.fields}
        errors = {labels.get(k, k): v for k, v in errors.items()}
    return render(
        request,
        "applications/_autosave.html",
        {"saved": saved, "errors": errors, "at": timezone.localtime()},
    )


@require("applications.apply")
@require_POST
def upload(request, pk):
    application = application_for(request.user, pk, action="change")
    key = request.POST.get("field_key", "")
    definition = selectors.definition_of(application)
    upload_file = request.FILES.get("file")
    back = _back_to(application, definition, key)
    if upload_file is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect(back)
    try:
        added = application_file_add(
            actor=request.user, application=application, field_key=key, upload=upload_file
        )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("“%(name)s” was uploaded.") % {"name": added.original_name})
    return redirect(back)


def _back_to(application, definition, key) -> str:
    if application.status != ApplicationStatus.DRAFT or definition.field(key) is None:
        return reverse("applications:detail", args=[application.pk])
    number = definition.step_of(key)
    return reverse("applications:step", args=[application.pk, number]) + f"#field-{key}"


@require("applications.apply")
@require_POST
def file_remove(request, pk, file_pk):
    file = application_file_for(request.user, pk, file_pk, action="change")
    application = file.application
    definition = selectors.definition_of(application)
    try:
        application_file_remove(actor=request.user, file=file)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": file.original_name})
    return redirect(_back_to(application, definition, file.field_key))


def file_download(request, pk, file_pk):
    """The only way to an uploaded file: whoever may read the application, nobody else (an
    application they may not read does not exist for them)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    file = application_file_for(request.user, pk, file_pk, action="view")
    try:
        handle = file.file.storage.open(file.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=file.original_name)


@require("applications.apply")
def review(request, pk):
    """Every answer on one page with what is still missing; POST is the final submission."""
    application, elsewhere = _draft(request, pk)
    if elsewhere:
        return elsewhere
    if request.method == "POST":
        try:
            submitted = application_submit(
                actor=request.user, application=application, now=arrived_at(request)
            )
        except AlreadySubmitted as exc:
            # Not a failure: the first submission stands (a second click, another tab), so the
            # receipt it leads to says so as news, not as an error.
            messages.info(request, exc.messages[0])
            return redirect("applications:receipt", exc.application.pk)
        except ValidationError as exc:
            # What is missing, field by field, is the page's own list below (each item links
            # to its field); anything else (the deadline, eligibility) is the service's word.
            if not hasattr(exc, "error_dict"):
                show_service_error(request, exc)
        else:
            return redirect("applications:receipt", submitted.pk)
        application.refresh_from_db()
    problems = selectors.answer_problems(application)
    return render(
        request,
        "applications/review.html",
        {
            "application": application,
            "program": application.program,
            "answer_steps": selectors.answer_steps(application, problems),
            "problems": problems,
            "deadline_problem": selectors.window_problem(application.program, timezone.now()),
        },
    )


@require("applications.apply")
def receipt(request, pk):
    application = application_for(request.user, pk, action="change")
    if not application.receipt_number:
        return redirect("applications:detail", pk)
    return render(request, "applications/receipt.html", {"application": application})


def receipt_pdf(request, pk):
    """The printable receipt (접수증) of a submitted application, for whoever may read it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = application_for(request.user, pk)
    if not application.receipt_number:
        raise Http404("no receipt before submission")
    document = render_pdf(
        "applications/documents/receipt.html",
        {"application": application, "issued_at": timezone.now()},
        language=get_language() or "ko",
    )
    return HttpResponse(
        document,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{application.receipt_number}.pdf"'},
    )


def _detail_context(request, application, **extra):
    program = application.program
    now = timezone.now()
    context = {
        "application": application,
        "program": program,
        "answer_steps": selectors.answer_steps(application),
        "history": selectors.history(application, for_staff=False),
        "supplements": selectors.supplement_requests(application),
        "open_supplement": selectors.open_supplement(application),
        "can_withdraw": application.status in WITHDRAWABLE_STATUSES and now < program.closes_at,
        "withdraw_form": CommentForm(),
        "supplement_form": SupplementResponseForm(),
    }
    context.update(extra)
    return context


@require("applications.apply")
def detail(request, pk):
    application = application_for(request.user, pk, action="change")
    return render(request, "applications/detail.html", _detail_context(request, application))


@require("applications.apply")
@require_POST
def withdraw(request, pk):
    application = application_for(request.user, pk, action="change")
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        application_withdraw(
            actor=request.user,
            application=application,
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("applications:detail", pk)


@require("applications.apply")
@require_POST
def supplement(request, pk):
    application = application_for(request.user, pk, action="change")
    form = SupplementResponseForm(request.POST)
    if form.is_valid():
        try:
            application_supplement_respond(
                actor=request.user,
                application=application,
                response=form.cleaned_data["response"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Your supplement was sent."))
            return redirect("applications:detail", pk)
    return render(
        request,
        "applications/detail.html",
        _detail_context(request, application, supplement_form=form),
    )
