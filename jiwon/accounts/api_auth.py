"""Who is calling /api/v1: a personal API token (`Authorization: Bearer <token>`) or, for the
docs page and scripts in the browser, the signed-in session with its CSRF token.

Both end in the same check, the capability "api.use" of jiwon.core.permissions."""

import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle
from ninja.utils import check_csrf

from jiwon.accounts.models import ApiToken
from jiwon.accounts.throttle import client_ip
from jiwon.core.models import RoleUser
from jiwon.core.permissions import has_perm
from jiwon.core.throttle import Rule, seconds_until, throttle_take

# Writing last_used_at on every call would turn each read into a write; a minute is precise
# enough to tell a token in use from a forgotten one.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _refuse_unless_allowed(user: RoleUser | AnonymousUser) -> None:
    if not has_perm(user, "api.use"):
        raise HttpError(403, _("Your account is not allowed to use the API."))


class TokenAuth(HttpBearer):
    """A personal API token. Only its SHA-256 is stored, so the lookup is by hash."""

    def authenticate(self, request: HttpRequest, token: str) -> RoleUser | None:
        if not token:
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.hash_of(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        # Code that reads request.user (logging, helpers shared with the UI) must see the
        # token's owner, not whoever the session cookie of the same client belongs to.
        request.user = api_token.user
        _refuse_unless_allowed(api_token.user)
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The browser session, as in the UI. Unsafe methods need the CSRF token, which the docs
    page sends; without it a page on another site could act as the signed-in user."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        # A request that names a token is judged by the token alone: a wrong or revoked token
        # must be refused even if the same client also carries a session cookie.
        if request.headers.get("Authorization"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF check failed. Reload the page and try again."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> RoleUser | AnonymousUser:
        _refuse_unless_allowed(request.user)
        return request.user


class CallerRateThrottle(BaseThrottle):
    """At most settings.JIWON_API_RATE_LIMIT calls per token; a signed-in browser session
    counts per user and an anonymous caller (the public notice board) per address. Counted by
    the site's one throttle (jiwon/core/throttle.py): check and count are one locked step, so
    simultaneous calls cannot slip past the limit, and every app server shares the count.
    Ninja answers 429 with Retry-After (`wait`) beyond it. The rate is read on every call, so
    a changed setting (or a test's) applies without building the API again."""

    def __init__(self) -> None:
        # One instance serves every request of every thread: the refusal's wait is the
        # thread's own, read by Ninja right after allow_request.
        self._refused = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        self._refused.until = None
        until = throttle_take(rule=api_rule(), key=self.caller_key(request))
        if until is None:
            return True
        self._refused.until = until
        return False

    def wait(self) -> float | None:
        until = getattr(self._refused, "until", None)
        return None if until is None else float(seconds_until(until))

    @staticmethod
    def caller_key(request: HttpRequest) -> str:
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        user = getattr(request, "auth", None)
        if scheme.lower() == "bearer" and token:
            return "token-" + ApiToken.hash_of(token)
        if user is not None and user.is_authenticated:
            return f"user-{user.pk}"
        return f"address-{client_ip(request)}"


_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def api_rule() -> Rule:
    """JIWON_API_RATE_LIMIT ("300/min") as a plain rate: the calls of one window, then none
    until it ends."""
    count, _sep, period = settings.JIWON_API_RATE_LIMIT.partition("/")
    return Rule("api", int(count), timedelta(seconds=_PERIODS[period.strip()]))
