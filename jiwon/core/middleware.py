"""Django answers a request with the wrong method (GET on a form's address, say
/audit/verify/) with an empty 405: people who follow such a link see a blank page. This puts
the designed page in its place, keeping the status and the Allow header. Answers that already
have a body (the API's JSON errors) are left alone."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        allowed = response.get("Allow", "")
        page = render(
            request,
            "core/405.html",
            {"allowed": [m.strip() for m in allowed.split(",") if m.strip()]},
            status=405,
        )
        page["Allow"] = allowed
        return page
