"""The page of a background import (jiwon/core/imports): its progress while it runs (an htmx
fragment the page polls), then what it wrote or every error per row, and the errors as a
workbook."""

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation

from jiwon.core.access import import_run_for
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.core.excel.workbooks import RowError, write_errors
from jiwon.core.imports.registry import import_kind, step_label
from jiwon.core.models import ImportRun

# As many errors as the page lists; the workbook has every one kept.
ERRORS_SHOWN = 200


def _context(run: ImportRun) -> dict[str, Any]:
    language = translation.get_language() or "ko"
    korean = language.startswith("ko")
    spec = import_kind(run.kind)
    errors = [
        {
            "sheet": sheet,
            "row": row,
            "column": column,
            "message": ko if korean else en,
            "other": en if korean else ko,
        }
        for row, column, ko, en, sheet in run.errors[:ERRORS_SHOWN]
    ]
    return {
        "run": run,
        "label": spec.label,
        "step": step_label(run.message),
        "upload_url": spec.upload_url(run),
        "done_url": spec.done_url(run),
        "errors": errors,
        "sheets": any(error["sheet"] for error in errors),
        "truncated": run.error_count > len(errors),
        "other_language": "en" if korean else "ko",
    }


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    run = import_run_for(request.user, pk)
    fragment = bool(request.headers.get("HX-Request"))
    template = "core/import_progress.html" if fragment else "core/import_status.html"
    return render(request, template, _context(run))


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponseBase:
    run = import_run_for(request.user, pk)
    buffer = io.BytesIO()
    write_errors((RowError(*error) for error in run.errors), buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"jiwon-import-{run.pk}-errors.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
