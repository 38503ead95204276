"""When a request reached the server, stamped before it waits for anything (a database lock,
a busy worker, the session): deadlines are judged on that moment, not on when a request
happened to be processed. ArrivalTimeMiddleware is the first entry of MIDDLEWARE."""

from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

ATTRIBUTE = "jiwon_arrived_at"


class ArrivalTimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, ATTRIBUTE, timezone.now())
        return self.get_response(request)


def arrived_at(request: HttpRequest) -> datetime:
    """The moment `request` reached the server (now, for a request the middleware never saw,
    e.g. one built in a test)."""
    return getattr(request, ATTRIBUTE, None) or timezone.now()
