"""The staff pages of a company's yearly figures and outcome records, and their imports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.companies.access import company_for
from jiwon.core.pagination import int_param
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.outcomes import excel
from jiwon.outcomes.access import outcome_record_for
from jiwon.outcomes.forms_figures import YearFiguresForm, record_form_class
from jiwon.outcomes.models import Provenance
from jiwon.outcomes.selectors import figures as selectors
from jiwon.outcomes.selectors.ledger import ledger_for_company
from jiwon.outcomes.services import figures as services
from jiwon.outcomes.views_ledger import import_page, xlsx_download


@require("outcomes.view_all")
def company_figures(request, pk):
    company = company_for(request.user, pk)
    return render(
        request,
        "outcomes/figures_company.html",
        {
            "company": company,
            "figures": selectors.figures_table(company),
            "sections": selectors.outcome_records(company),
            "ledger": ledger_for_company(company),
            "can_manage": has_perm(request.user, "outcomes.manage"),
        },
    )


@require("outcomes.manage")
def figures_edit(request, pk):
    company = company_for(request.user, pk)
    last_year = timezone.localdate().year - 1
    year = int_param(
        request.GET.get("year"), default=last_year, minimum=1900, maximum=last_year + 1
    )
    form = YearFiguresForm(request.POST or None, initial=YearFiguresForm.initial_for(company, year))
    if request.method == "POST" and form.is_valid():
        try:
            services.year_figures_set(
                actor=request.user,
                company=company,
                year=form.cleaned_data["year"],
                values=form.figures(),
                provenance=form.cleaned_data["provenance"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(
                request,
                _("The figures of %(year)s were saved.") % {"year": form.cleaned_data["year"]},
            )
            return redirect("outcomes:figures", pk=company.pk)
    return render(request, "outcomes/figures_form.html", {"form": form, "company": company})


def _kind(slug: str) -> services.RecordKind:
    kind = services.RECORD_KINDS.get(slug)
    if kind is None:
        raise Http404("unknown kind of outcome record")
    return kind


def _record_form(request, *, kind, company, record):
    form_class = record_form_class(kind)
    initial = {"provenance": Provenance.STAFF}
    if record is not None:
        initial = {f: getattr(record, f) for f in kind.fields}
        initial["provenance"] = record.provenance
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in kind.fields}
        try:
            kind.save(
                actor=request.user,
                record=record,
                company=company,
                provenance=form.cleaned_data["provenance"],
                values=values,
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The record was saved."))
            return redirect("outcomes:figures", pk=company.pk)
    return render(
        request,
        "outcomes/figures_record_form.html",
        {
            "form": form,
            "company": company,
            "record": record,
            "label": kind.model._meta.verbose_name,
        },
    )


@require("outcomes.manage")
def record_add(request, pk, kind):
    company = company_for(request.user, pk)
    return _record_form(request, kind=_kind(kind), company=company, record=None)


@require("outcomes.manage")
def record_edit(request, kind, pk):
    record = outcome_record_for(request.user, pk, kind=kind, action="change")
    company = company_for(request.user, record.company_id)
    return _record_form(request, kind=_kind(kind), company=company, record=record)


@require("outcomes.manage")
def figures_import(request):
    return import_page(
        request,
        kind="figures",
        title=_("Import yearly figures from Excel"),
        template_url=reverse("outcomes:figures_template"),
    )


@require("outcomes.manage")
def figures_template(request):
    return xlsx_download(excel.write_figures_template, "jiwon-figures-template.xlsx")


@require("outcomes.manage")
def records_import(request):
    return import_page(
        request,
        kind="records",
        title=_("Import outcome records from Excel"),
        template_url=reverse("outcomes:records_template"),
    )


@require("outcomes.manage")
def records_template(request):
    return xlsx_download(excel.write_records_template, "jiwon-outcome-records-template.xlsx")
