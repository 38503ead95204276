from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiwon.accounts import selectors, services
from jiwon.accounts.access import api_token_for
from jiwon.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    TwoFactorTokenForm,
)
from jiwon.accounts.sections import profile_sections_for
from jiwon.accounts.two_factor import (
    PENDING,
    device_for_token,
    has_second_factor,
    recovery_codes_left,
    safe_next,
    second_factor_due,
)
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        due = second_factor_due(form.get_user())
        if due is not None:
            # Signed in with the password only: the session reaches nothing but the second
            # factor's page until it is settled (jiwon/accounts/two_factor.py).
            self.request.session[PENDING] = due
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset_body.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    @property
    def extra_email_context(self):
        return {"agency_name": settings.JIWON_AGENCY_NAME}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


def _profile(request, *, token_form=None, new_token=None, new_token_raw=""):
    user = request.user
    can_use_api = has_perm(user, "api.use")
    return render(
        request,
        "accounts/profile.html",
        {
            "sections": profile_sections_for(request, user),
            "can_use_api": can_use_api,
            "tokens": selectors.api_tokens_of(user) if can_use_api else [],
            "token_form": token_form or ApiTokenForm(),
            "new_token": new_token,
            "new_token_raw": new_token_raw,
            "can_two_factor": has_perm(user, "accounts.two_factor"),
            "two_factor_required": has_perm(user, "accounts.two_factor_required"),
            "two_factor_on": has_second_factor(user),
            "recovery_codes_left": recovery_codes_left(user),
        },
    )


@login_required
def profile(request):
    return _profile(request)


# The raw token is rendered straight into this response rather than redirected through the
# session, so it is never written anywhere on the server; never_cache keeps it out of caches.
@never_cache
@require_POST
@require("api.use")
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.api_token_create(
                actor=request.user, user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            return _profile(request, new_token=token, new_token_raw=raw)
    return _profile(request, token_form=form)


@require_POST
@require("api.use")
def api_token_revoke(request, pk):
    token = api_token_for(request.user, pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request,
        _("The token “%(name)s” is revoked; anything using it can no longer call the API.")
        % {"name": token.name},
    )
    return redirect("accounts:profile")


def _settled(request):
    request.session.pop(PENDING, None)


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    form = TwoFactorTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = device_for_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            _settled(request)
            return redirect(safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL)))
        form.add_error("token", _("This code is not right, or was used already. Try again."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request, "")}
    )


def _qr_svg(device) -> str:
    # Rendered here as inline SVG markup (no script, no style): the CSP allows it.
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)


@never_cache
@require("accounts.two_factor")
def two_factor_setup(request):
    """Turn on two-factor sign-in: scan the key, confirm with a code, keep the recovery
    codes (shown once, in this response only)."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = TwoFactorTokenForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            codes = services.two_factor_enable(
                actor=user, user=user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            otp_login(request, device)
            _settled(request)
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": safe_next(request, "")},
            )
    if device is None:
        device = services.two_factor_setup_start(actor=user, user=user)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(device)),  # noqa: S308 (segno's own SVG of our own URL)
            "secret": b32encode(device.bin_key).decode(),
            "next": safe_next(request, ""),
            "required": has_perm(user, "accounts.two_factor_required"),
        },
    )


@never_cache
@require_POST
@require("accounts.two_factor")
def two_factor_recovery_codes(request):
    try:
        codes = services.two_factor_recovery_codes_renew(actor=request.user, user=request.user)
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect("accounts:profile")
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": ""})


@require_POST
@require("accounts.two_factor")
def two_factor_disable(request):
    try:
        services.two_factor_disable(actor=request.user, user=request.user)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:profile")
