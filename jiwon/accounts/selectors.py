"""Reads of accounts: the login throttle and a user's API tokens."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone

from jiwon.accounts.models import ApiToken, LoginFailure, User
from jiwon.core.models import RoleUser


def throttle_key(username: str) -> str:
    """Failures count against a username in any case and spacing."""
    return username.strip().lower()


def failure_window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_is_throttled(*, username: str, ip_address: str | None) -> datetime | None:
    """When further login attempts for `username` or from `ip_address` are allowed again, or
    None if they are allowed now. Attempts are refused while the window holds at least
    LOGIN_FAILURE_LIMIT failures for the username (any case) or for the address."""
    window = failure_window()
    recent = LoginFailure.objects.filter(at__gte=timezone.now() - window)
    limit = settings.LOGIN_FAILURE_LIMIT
    scopes = [recent.filter(username=throttle_key(username))]
    if ip_address:
        scopes.append(recent.filter(ip_address=ip_address))
    until = None
    for failures in scopes:
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) == limit:
            # Allowed again once the oldest of the last `limit` failures leaves the window.
            free_at = times[-1] + window
            until = free_at if until is None else max(until, free_at)
    return until


def deactivated_user(username: str) -> User | None:
    """The deactivated account with exactly this username, if there is one."""
    return User._default_manager.filter(username=username, is_active=False).first()


def api_tokens_of(user: RoleUser) -> QuerySet[ApiToken]:
    """Active tokens first, newest first within each group."""
    return ApiToken.objects.filter(user_id=user.pk).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )
