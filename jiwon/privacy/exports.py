"""Asking for the reason of an export that contains personal data (a view helper for every app
whose exports carry personal fields)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiwon.privacy.services import REASON_MAX, export_reason_clean


def export_reason(
    request: HttpRequest, *, what: str
) -> tuple[str, None] | tuple[None, HttpResponse]:
    """(reason, None) when the request carries a valid `reason`; otherwise (None, a page that
    asks for it and repeats the request with it, the other query parameters kept)."""
    error = ""
    if "reason" in request.GET:
        try:
            return export_reason_clean(request.GET.get("reason")), None
        except ValidationError as exc:
            error = exc.messages[0]
    kept = [(k, v) for k, values in request.GET.lists() if k != "reason" for v in values]
    page = render(
        request,
        "privacy/export_reason.html",
        {
            "what": what,
            "kept": kept,
            "error": error,
            "reason": request.GET.get("reason", "")[:REASON_MAX],
            "max": REASON_MAX,
        },
        status=400 if error else 200,
    )
    return None, page
