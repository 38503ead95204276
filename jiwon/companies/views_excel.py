"""Excel import, export and template download for the company registry."""

import io
import tempfile

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiwon.companies import excel, selectors
from jiwon.companies.access import personal_visibility
from jiwon.companies.forms import CompanyFilterForm
from jiwon.companies.personal import PERSONAL_FIELDS
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.imports.requests import import_request
from jiwon.core.views_helpers import require, show_service_error
from jiwon.privacy.exports import export_reason
from jiwon.privacy.models import AccessAction, SubjectKind
from jiwon.privacy.services import personal_access_record

# The companies import as core's background imports know it (registered in apps.py).
IMPORT_KIND = "companies"


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
    """Upload the file; it is imported in the background (jiwon/core/imports), and its page
    shows the progress, then the companies imported or every error per row."""
    form = CompanyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = import_request(
                actor=request.user, kind=IMPORT_KIND, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return redirect("core:import_status", pk=run.pk)
    return render(request, "companies/import.html", {"form": form})


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
