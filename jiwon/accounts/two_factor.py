"""Two-factor sign-in (django-otp): an authenticator app's six-digit code (TOTP) and ten
single-use recovery codes for when the phone is lost.

- Every role that holds `accounts.two_factor` may turn it on from "My account"; the roles that
  hold `accounts.two_factor_required` (jiwon/core/permissions.py) must: after the password
  they are sent to the set-up page and reach nothing else until it is done.
- A password sign-in (the site's one login, jiwon/accounts/backends.py) marks the session as
  waiting for the second factor when the user has a device or needs one; until the code is
  given, TwoFactorMiddleware lets the session reach only the second-factor pages, logging out
  and static files.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiwon.core.normalize import ascii_digits
from jiwon.core.permissions import has_perm

PENDING = "jiwon_second_factor"  # "verify" or "setup"
_PAGES = {"verify": "accounts:two_factor_verify", "setup": "accounts:two_factor_setup"}
RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_due(user) -> str | None:
    """What a password sign-in of `user` still needs: "verify" (a code), "setup" (a device
    first) or None."""
    if has_second_factor(user):
        return "verify"
    if has_perm(user, "accounts.two_factor_required"):
        return "setup"
    return None


def clean_token(raw: str) -> str:
    """A code as people type it: full-width digits, spaces and hyphens are fine."""
    return "".join(ch for ch in ascii_digits(raw or "") if ch.isalnum()).lower()[:16]


def device_for_token(user, token: str):
    """The confirmed device of `user` that accepts `token` (a TOTP code or an unused recovery
    code, which is then used up), or None. django-otp throttles each device: wrong codes make
    it wait longer and longer."""
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    return device.token_set.count() if device else 0


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class TwoFactorMiddleware:
    """Holds a signed-in session that still owes its second factor to the pages that settle
    it (after django_otp's OTPMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(PENDING) if request.user.is_authenticated else None
        if pending and not self._allowed(request.path, pending):
            page = reverse(_PAGES[pending])
            return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str, pending: str) -> bool:
        free = [reverse(_PAGES[pending]), reverse("accounts:logout"), reverse("set_language")]
        free.append(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/")
        return any(path.startswith(prefix) for prefix in free)
