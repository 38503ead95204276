import math

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jiwon.accounts import selectors, services
from jiwon.core.forms import KrdsFormMixin


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


class PlainPasswordHelpMixin:
    """Django's password help is an HTML list, which cannot sit inside the form hint
    paragraph of includes/field.html; say the same in plain sentences."""

    new_password_field = "new_password1"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help_texts = password_validation.password_validators_help_texts()
        self.fields[self.new_password_field].help_text = " ".join(help_texts)


class LoginForm(KrdsFormMixin, auth_forms.AuthenticationForm):
    """Django's login form, refused while the username or address is throttled."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "inactive": _("This account is deactivated. Contact the agency to reactivate it."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        ip = client_ip(self.request)
        until = selectors.login_is_throttled(username=username, ip_address=ip)
        if until is not None:
            minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
            raise ValidationError(
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        # Django's backend turns inactive users away as if the password were wrong; tell the
        # person who knows the password what is really the matter.
        dormant = selectors.deactivated_user(username)
        if dormant is not None:
            if dormant.check_password(password):
                raise ValidationError(self.error_messages["inactive"], code="inactive")
            services.login_failure_record(username=username, ip_address=ip)
            raise self.get_invalid_login_error()
        try:
            return super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                services.login_failure_record(username=username, ip_address=ip)
            raise


class PasswordChangeForm(PlainPasswordHelpMixin, KrdsFormMixin, auth_forms.PasswordChangeForm):
    def save(self, commit=True):
        return services.user_password_set(
            actor=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            via="change",
        )


class SetPasswordForm(PlainPasswordHelpMixin, KrdsFormMixin, auth_forms.SetPasswordForm):
    """The new-password step of a reset."""

    def save(self, commit=True):
        return services.user_password_set(
            actor=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            via="reset",
        )


class PasswordResetForm(KrdsFormMixin, auth_forms.PasswordResetForm):
    pass


class ApiTokenForm(KrdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “accounting sync script”."),
    )
