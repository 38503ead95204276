"""Excel import, export and template download for the company registry."""

import io
import tempfile

from django import forms
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from jiwon.companies import excel, selectors
from jiwon.companies.access import personal_visibility
from jiwon.companies.excel.importer import MAX_ERRORS_KEPT
from jiwon.companies.forms import CompanyFilterForm
from jiwon.companies.privacy import PERSONAL_FIELDS
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.views_helpers import require
from jiwon.privacy.exports import export_reason
from jiwon.privacy.models import AccessAction, SubjectKind
from jiwon.privacy.services import personal_access_record

# The last failed import's errors, so they can be downloaded as a workbook.
_ERRORS_SESSION_KEY = "companies_import_errors"


class CompanyImportForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{excel.XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "The filled-in template: at most %(mb)s MB and %(rows)s companies."
        ) % {"mb": excel.MAX_BYTES // (1024 * 1024), "rows": f"{excel.MAX_ROWS:,}"}
        self.fields["file"].widget.attrs.setdefault("aria-describedby", "id_file-hint")


@require("companies.import")
def company_import(request):
    if request.GET.get("download") == "errors":
        return _errors_download(request)
    form = CompanyImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = excel.companies_import(
            actor=request.user, file=upload, name=upload.name, size=upload.size
        )
        if result.ok:
            request.session.pop(_ERRORS_SESSION_KEY, None)
            messages.success(
                request,
                ngettext(
                    "%(count)d company imported.", "%(count)d companies imported.", result.created
                )
                % {"count": result.created},
            )
            return redirect("companies:list")
        request.session[_ERRORS_SESSION_KEY] = [
            [e.row, e.column, e.message_ko, e.message_en] for e in result.errors
        ]
    language = translation.get_language() or "ko"
    errors = [
        {
            "row": e.row,
            "column": e.column,
            "message": e.message(language),
            "other": e.other_message(language),
        }
        for e in (result.errors if result else [])
    ]
    return render(
        request,
        "companies/import.html",
        {
            "form": form,
            "result": result,
            "errors": errors,
            "other_language": "en" if language.startswith("ko") else "ko",
            "truncated": result is not None and result.error_count > len(result.errors),
            "max_errors": MAX_ERRORS_KEPT,
        },
    )


def _errors_download(request):
    stored = request.session.get(_ERRORS_SESSION_KEY)
    if not stored:
        messages.info(request, _("There is no error list to download; upload a file first."))
        return redirect("companies:import")
    buffer = io.BytesIO()
    excel.write_errors((excel.RowError(*item) for item in stored), buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename="jiwon-company-import-errors.xlsx",
        content_type=excel.XLSX_CONTENT_TYPE,
    )


@require("companies.export")
def company_export(request):
    reason, ask = export_reason(request, what=gettext("representatives' names and birth dates"))
    if ask is not None:
        return ask
    filters = CompanyFilterForm(request.GET or None).filters()
    companies = selectors.company_search(user=request.user, filters=filters)
    personal_access_record(
        actor=request.user,
        request=request,
        action=AccessAction.EXPORT,
        kind=SubjectKind.REPRESENTATIVE,
        fields=list(PERSONAL_FIELDS),
        purpose=reason,
        count=companies.count() or 1,
    )
    # A file on disk rather than memory: the whole registry can be exported at once.
    # FileResponse closes it once sent, so no `with` here.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    excel.write_companies(companies, out, personal=personal_visibility(request.user))
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"jiwon-companies-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=excel.XLSX_CONTENT_TYPE,
    )


@require("companies.import")
def company_template(request):
    buffer = io.BytesIO()
    excel.write_template(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename="jiwon-companies-template.xlsx",
        content_type=excel.XLSX_CONTENT_TYPE,
    )
