"""The staff pages of the support ledger, and the Excel import flow shared with the figures."""

import io
import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.companies.access import company_for
from jiwon.core.actor import Actor
from jiwon.core.imports.requests import import_request
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.outcomes import excel
from jiwon.outcomes.access import ledger_entry_for
from jiwon.outcomes.forms_ledger import (
    LedgerCorrectForm,
    LedgerEditForm,
    LedgerEntryForm,
    LedgerFilterForm,
    UploadForm,
)
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.selectors import ledger as selectors
from jiwon.outcomes.services import ledger as services


@require("outcomes.view_all")
def ledger_list(request):
    form = LedgerFilterForm(request.GET or None)
    filters = form.filters()
    qs = selectors.ledger_search(filters=filters)
    page = paginate(
        qs,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "outcomes/ledger_list.html",
        {
            "form": form,
            "page": page,
            "row_count": qs.count(),
            "total_won": selectors.ledger_total(qs),
            "query": urlencode(filters.as_query()),
            "can_manage": has_perm(request.user, "outcomes.manage"),
        },
    )


@require("outcomes.manage")
def ledger_add(request):
    company = None
    if request.GET.get("company"):
        company = company_for(request.user, request.GET["company"])
    form = LedgerEntryForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.ledger_entry_add(actor=request.user, **data)
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The support was added to the ledger."))
            if company is not None:
                return redirect("companies:detail", pk=company.pk)
            return redirect(
                f"{reverse('outcomes:ledger')}?{urlencode({'year': entry.supported_on.year})}"
            )
    return render(request, "outcomes/ledger_form.html", {"form": form, "company": company})


@require("outcomes.manage")
def ledger_edit(request, pk):
    entry = ledger_entry_for(request.user, pk, action="change")
    if entry.corrects_id is not None:
        messages.info(request, _("A correction row cannot be edited; edit the row it corrects."))
        return redirect("outcomes:ledger_edit", pk=entry.corrects_id)
    form = LedgerEditForm(
        request.POST or None, initial=LedgerEditForm.initial_from(entry), entry=entry
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ledger_entry_update(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The row was saved."))
            return redirect(_list_of(entry))
    context = selectors.entry_with_corrections(entry)
    context["form"] = form
    return render(request, "outcomes/ledger_form.html", context)


def _list_of(entry: SupportLedgerEntry) -> str:
    return f"{reverse('outcomes:ledger')}?{urlencode({'year': entry.supported_on.year})}"


def _correct(actor: Actor, entry: SupportLedgerEntry, form: LedgerCorrectForm) -> None:
    """Record the correction the form asks for, through the service for what is wrong."""
    data = form.cleaned_data
    reason = data["reason"]
    if data["action"] == LedgerCorrectForm.CANCEL:
        services.ledger_entry_void(actor=actor, entry=entry, reason=reason)
        return
    amount = data["amount_won"]
    if data["action"] == LedgerCorrectForm.MOVE:
        company = data["company"] or entry.company
        supported_on = data["supported_on"] or entry.supported_on
        moved = company.pk != entry.company_id or supported_on != entry.supported_on
        # The right company and date as recorded, with another amount: the amount was wrong.
        if moved or amount is None:
            services.ledger_entry_replace(
                actor=actor,
                entry=entry,
                reason=reason,
                company=company,
                supported_on=supported_on,
                period_end=entry.period_end,
                amount_won=amount,
            )
            return
    services.ledger_entry_adjust(actor=actor, entry=entry, reason=reason, amount_won=amount)


@require("outcomes.manage")
def ledger_correct(request, pk):
    entry = ledger_entry_for(request.user, pk, action="change")
    if entry.corrects_id is not None:
        return redirect("outcomes:ledger_correct", pk=entry.corrects_id)
    form = LedgerCorrectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _correct(request.user, entry, form)
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The correction was recorded."))
            return redirect(_list_of(entry))
    context = selectors.entry_with_corrections(entry)
    context["form"] = form
    return render(request, "outcomes/ledger_correct.html", context)


@require("outcomes.view_all")
def ledger_export(request):
    filters = LedgerFilterForm(request.GET or None).filters()
    rows = selectors.ledger_search(filters=filters)
    # A file on disk rather than memory: the whole ledger can be exported at once.
    # FileResponse closes it once sent, so no `with` here.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    excel.write_ledger(rows, out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"jiwon-ledger-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=excel.XLSX_CONTENT_TYPE,
    )


def xlsx_download(writer, filename: str) -> FileResponse:
    buffer = io.BytesIO()
    writer(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=filename, content_type=excel.XLSX_CONTENT_TYPE
    )


@require("outcomes.manage")
def ledger_template(request):
    return xlsx_download(excel.write_ledger_template, "jiwon-ledger-template.xlsx")


def import_page(request, *, kind: str, title: str, template_url: str):
    """The upload page of one import. The file is imported in the background
    (jiwon/core/imports, registered in apps.py as "outcomes.<kind>"); its page shows the
    progress, then the rows imported or every error by sheet, row and column."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = import_request(
                actor=request.user, kind=f"outcomes.{kind}", upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return redirect("core:import_status", pk=run.pk)
    return render(
        request,
        "outcomes/ledger_import.html",
        {
            "form": form,
            "title": title,
            "kind": kind,
            "template_url": template_url,
            "cancel_url": reverse("outcomes:ledger"),
        },
    )


@require("outcomes.manage")
def ledger_import(request):
    return import_page(
        request,
        kind="ledger",
        title=_("Import support ledger rows from Excel"),
        template_url=reverse("outcomes:ledger_template"),
    )
