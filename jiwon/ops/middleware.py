"""Every request gets an id, one access-log line and, when it was slow, a warning.

The id is the proxy's X-Request-ID when it sends a sensible one (so the proxy's log and
Jiwon's share it), a fresh one otherwise; the response carries it back. Requests slower than
JIWON_SLOW_REQUEST_MS are logged at WARNING on `jiwon.slow`, so a slow-request log is the
WARNING lines of one logger.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from jiwon.ops.logging import request_id_var

access_log = logging.getLogger("jiwon.request")
slow_log = logging.getLogger("jiwon.slow")

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _request_id(request: HttpRequest) -> str:
    sent = request.headers.get("X-Request-ID", "")
    return sent if _VALID_ID.match(sent) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _request_id(request)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            fields = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": elapsed_ms,
                "user_id": getattr(getattr(request, "user", None), "pk", None),
            }
            access_log.info(
                "%s %s %s", request.method, request.path, response.status_code, extra=fields
            )
            if elapsed_ms >= settings.JIWON_SLOW_REQUEST_MS:
                slow_log.warning(
                    "slow request: %s %s took %s ms",
                    request.method,
                    request.path,
                    elapsed_ms,
                    extra=fields,
                )
            return response
        finally:
            request_id_var.reset(token)
