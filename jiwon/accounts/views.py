from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiwon.accounts import selectors, services
from jiwon.accounts.access import api_token_for
from jiwon.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from jiwon.accounts.sections import profile_sections_for
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
