"""What accounts' throttles count and how hard they push back. The mechanism (locked rows,
atomic check-and-count, back-off) is the site's one throttle, jiwon/core/throttle.py; these
are its rules for signing in.

- Logins: failures count per account (any address) and per address (any account), each with
  its own limit. Past the limit each further attempt waits for a back-off that doubles with
  every failure, up to the window, instead of a lock: a guesser gets a handful of tries an
  hour, the real user waits seconds or finishes a password reset, which clears the account's
  count. The address limit is far higher than the account's, so five wrong passwords on one
  account do not shut out everyone behind the same proxy.
- Second-factor codes on the set-up page: per account, with the login's limit and back-off.
- Password-reset mail and sign-ups: a plain number per hour (per address, and per email for
  resets), so nobody can mail-bomb an inbox or fill the registry from one machine.
- The API: calls per token, per signed-in user or per anonymous address
  (`api_auth.CallerRateThrottle`, JIWON_API_RATE_LIMIT).
"""

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from jiwon.core.throttle import Rule


def login_account_rule() -> Rule:
    return Rule(
        "login.account",
        settings.LOGIN_FAILURE_LIMIT,
        timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS),
        timedelta(seconds=settings.LOGIN_BACKOFF_SECONDS),
    )


def login_address_rule() -> Rule:
    return Rule(
        "login.address",
        settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS),
        timedelta(seconds=settings.LOGIN_BACKOFF_SECONDS),
    )


def two_factor_rule() -> Rule:
    """Wrong codes while confirming a new authenticator, per account."""
    return Rule(
        "two_factor.account",
        settings.LOGIN_FAILURE_LIMIT,
        timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS),
        timedelta(seconds=settings.LOGIN_BACKOFF_SECONDS),
    )


HOUR = timedelta(hours=1)


def reset_email_rule() -> Rule:
    return Rule("reset.email", settings.PASSWORD_RESET_EMAIL_LIMIT, HOUR)


def reset_address_rule() -> Rule:
    return Rule("reset.address", settings.PASSWORD_RESET_ADDRESS_LIMIT, HOUR)


def signup_address_rule() -> Rule:
    return Rule("signup.address", settings.SIGNUP_ADDRESS_LIMIT, HOUR)


def throttle_key(value: str) -> str:
    """A username or email counts in any case and spacing."""
    return value.strip().casefold()[:255]


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. X-Forwarded-For is read only behind JIWON_TRUSTED_PROXIES proxies:
    otherwise any client could write it, and behind a proxy REMOTE_ADDR is the proxy for all."""
    if request is None:
        return None
    proxies = settings.JIWON_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _minutes_until(until: datetime) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def login_throttled_error(until: datetime) -> ValidationError:
    minutes = _minutes_until(until)
    return ValidationError(
        ngettext(
            "Too many failed attempts. Try again in %(minutes)d minute.",
            "Too many failed attempts. Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
        code="throttled",
    )


def rate_limited_error(until: datetime) -> ValidationError:
    minutes = _minutes_until(until)
    return ValidationError(
        ngettext(
            "Too many requests. Try again in %(minutes)d minute.",
            "Too many requests. Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
        code="rate_limited",
    )
