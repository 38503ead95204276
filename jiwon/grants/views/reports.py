"""The report pages: the company's reports and the report form (draft, autosave, attachments,
submit), one report page for every role with the staff's review (accept, or return with a
reason, behind the confirm modal), the staff list (due soon, overdue, awaiting review) with its
Excel export, the programmes' report schedules, and the change of an agreement's period."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.grants import selectors
from jiwon.grants.access import (
    agreement_for,
    report_file_for,
    report_for,
    report_requirement_for,
    report_schedule_for,
)
from jiwon.grants.excel import reports_xlsx
from jiwon.grants.forms import (
    PeriodForm,
    ReportFilterForm,
    ReportForm,
    RequirementForm,
    item_label,
)
from jiwon.grants.models import GrantReport, GrantTerms
from jiwon.grants.services import reports as services
from jiwon.grants.views.agreements import _done, _xlsx, agreement_url, signed_in
from jiwon.grants.workflow import OWED
from jiwon.grants.workflow import ReportStatus as R


def report_url(report: GrantReport) -> str:
    return reverse("grants:report", args=[report.pk])


@require("grants.act")
def mine_reports(request):
    reports = (
        selectors.reports_visible_to(request.user)
        .filter(agreement__status__in=services.WRITING + ("closed",))
        .order_by("due_on", "id")
    )
    return render(request, "grants/reports/mine.html", {"reports": reports[:500]})


def _files_by_slot(report: GrantReport) -> dict[str, list]:
    by_slot: dict[str, list] = {}
    for f in report.files.all():
        by_slot.setdefault(f.slot, []).append(f)
    return by_slot


def _last_return(report: GrantReport) -> str:
    last = report.status_history.filter(target=R.RETURNED).order_by("-at", "-id").first()
    return last.comment if last else ""


@signed_in
def report_detail(request, pk):
    """The report: the company writes and submits it here; staff read and review it."""
    report = report_for(request.user, pk)
    user = request.user
    can_write = (
        has_perm(user, "grants.act", report.agreement)
        and report.status in OWED
        and report.agreement.status in services.WRITING
    )
    form = ReportForm(request.POST or None, request.FILES or None, report=report)
    if request.method == "POST":
        if not can_write:
            raise Http404("not writable")
        if form.is_valid():
            try:
                services.report_save(
                    actor=user,
                    report=report,
                    narrative=form.narrative(),
                    figures=form.figures(),
                    uploads=form.uploads(),
                )
                if "submit" in request.POST:
                    services.report_submit(actor=user, report=report)
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                if "submit" in request.POST:
                    messages.success(request, _("The report was submitted for review."))
                else:
                    messages.success(request, _("The draft was saved."))
                return redirect(report_url(report))
    may_review = report.status == R.SUBMITTED and has_perm(user, "grants.review_reports")
    files = _files_by_slot(report)
    slots = [
        {
            "item": item,
            "label": item_label(item),
            "field": form[item["key"]] if can_write else None,
            "files": files.get(item["key"], []),
        }
        for item in report.spec.get("attachments", [])
    ]
    return render(
        request,
        "grants/reports/detail.html",
        {
            "report": report,
            "agreement": report.agreement,
            "form": form,
            "can_write": can_write,
            "may_review": may_review,
            "text_fields": [form[i["key"]] for i in report.spec.get("narrative", [])],
            "figure_fields": [form[i["key"]] for i in report.spec.get("figures", [])],
            "slots": slots,
            "narrative": [
                (item_label(i), report.narrative.get(i["key"], ""))
                for i in report.spec.get("narrative", [])
            ],
            "figures": [
                (item_label(i), report.figures.get(i["key"]))
                for i in report.spec.get("figures", [])
            ],
            "missing": services.missing_parts(report) if can_write else [],
            "returned_reason": _last_return(report) if report.status == R.RETURNED else "",
            "history": report.status_history.all(),
            "review_url": reverse("grants:report_review", args=[report.pk]),
        },
    )


@require_POST
@require("grants.act")
def report_autosave(request, pk):
    """htmx: keep the typed fields as a draft (files go with the form's save button)."""
    report = report_for(request.user, pk, "act")
    form = ReportForm(request.POST, report=report)
    errors, saved = {}, False
    if form.is_valid():
        try:
            report = services.report_save(
                actor=request.user,
                report=report,
                narrative=form.narrative(),
                figures=form.figures(),
            )
            saved = True
        except ValidationError as exc:
            errors = {"": exc.messages}
    else:
        errors = {form.fields[k].label: v for k, v in form.errors.items() if k in form.fields}
    return render(
        request,
        "grants/reports/_autosave.html",
        {
            "saved": saved,
            "errors": errors,
            "at": timezone.localtime(),
            # What a submission still lacks, as of this save (files count as last saved).
            "missing": services.missing_parts(report),
        },
    )


@require_POST
@require("grants.review_reports")
def report_review(request, pk):
    report = report_for(request.user, pk, "review_reports")
    to, comment = request.POST.get("to", ""), request.POST.get("comment", "")
    try:
        if to == R.ACCEPTED:
            services.report_accept(actor=request.user, report=report, comment=comment)
            messages.success(request, _("The report was accepted."))
        elif to == R.RETURNED:
            services.report_return(actor=request.user, report=report, reason=comment)
            messages.success(request, _("The report was returned to the company."))
        else:
            raise Http404("unknown decision")
    except ValidationError as exc:
        show_service_error(request, exc)
    return redirect(report_url(report))


@require_POST
@require("grants.act")
def report_file_remove(request, pk):
    report_file = report_file_for(request.user, pk, "act")
    try:
        services.report_file_remove(actor=request.user, report_file=report_file)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": report_file.name})
    return redirect(report_url(report_file.report))


@signed_in
def report_file(request, pk):
    found = report_file_for(request.user, pk)
    try:
        handle = found.file.storage.open(found.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=found.name)


def _search(request):
    form = ReportFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.report_search(
        request.user, view=data.get("view", ""), kind=data.get("kind", ""), q=data.get("q", "")
    )
    return form, qs


@require("grants.view_all")
def report_list(request):
    form, qs = _search(request)
    page = paginate(
        qs,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "grants/reports/list.html",
        {
            "form": form,
            "page": page,
            "query": request.GET.urlencode(),
            "counts": selectors.report_counts(request.user),
            "can_export": has_perm(request.user, "grants.export"),
            "schedules": GrantTerms.objects.select_related("program").order_by(
                "-program__fiscal_year", "program__title_ko"
            )[:200],
        },
    )


@require("grants.export")
def report_export(request):
    _form, qs = _search(request)
    return _xlsx(reports_xlsx(qs[:5000]), "grant-reports.xlsx")


def _requirement_input(form: RequirementForm) -> dict:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "title_ko": data["title_ko"],
        "title_en": data.get("title_en", ""),
        "rule": data["due_rule"],
        "remind_days_before": data["remind_days_before"],
        "releases_tranche": data.get("releases_tranche"),
        "narrative": data["narrative_items"],
        "figures": data["figures_items"],
        "attachments": data["attachments_items"],
    }


@require("grants.view_all")
def schedule(request, pk):
    """A programme's report schedule: its reports, and a form to add one."""
    terms = report_schedule_for(request.user, pk)
    may_edit = has_perm(request.user, "grants.review_reports")
    form = RequirementForm(request.POST or None)
    if request.method == "POST":
        terms = report_schedule_for(request.user, pk, "review_reports")
        if form.is_valid():
            try:
                services.requirement_save(
                    actor=request.user, terms=terms, **_requirement_input(form)
                )
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                messages.success(request, _("The report was added to the schedule."))
                return redirect(reverse("grants:schedule", args=[terms.program_id]))
    return render(
        request,
        "grants/reports/schedule.html",
        {
            "terms": terms,
            "requirements": terms.report_requirements.all(),
            "form": form,
            "may_edit": may_edit,
        },
    )


@require("grants.review_reports")
def requirement_edit(request, pk):
    requirement = report_requirement_for(request.user, pk, "review_reports")
    form = RequirementForm(request.POST or None, initial=RequirementForm.initial_for(requirement))
    back = reverse("grants:schedule", args=[requirement.terms.program_id])
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_save(
                actor=request.user,
                terms=requirement.terms,
                requirement=requirement,
                **_requirement_input(form),
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The report of the schedule was changed."))
            return redirect(back)
    return render(
        request,
        "grants/reports/requirement.html",
        {"requirement": requirement, "form": form, "back": back},
    )


@require_POST
@require("grants.review_reports")
def requirement_delete(request, pk):
    requirement = report_requirement_for(request.user, pk, "review_reports")
    program_id = requirement.terms.program_id
    services.requirement_delete(actor=request.user, requirement=requirement)
    messages.success(request, _("The report was taken off the schedule."))
    return redirect(reverse("grants:schedule", args=[program_id]))


@require_POST
@require("grants.manage")
def agreement_period(request, pk):
    agreement = agreement_for(request.user, pk, "manage")
    form = PeriodForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(agreement_url(agreement))
    try:
        services.agreement_period_change(
            actor=request.user,
            agreement=agreement,
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect(agreement_url(agreement))
    return _done(
        request, agreement, _("The project period was changed; the reports follow it."), "#reports"
    )
