from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jiwon.accounts import services
from jiwon.accounts.backends import DEACTIVATED, THROTTLED_UNTIL
from jiwon.accounts.throttle import (
    client_ip,
    login_throttled_error,
    rate_limited_error,
    reset_address_rule,
    reset_email_rule,
    throttle_key,
)
from jiwon.accounts.two_factor import clean_token
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.throttle import throttles_take


class PlainPasswordHelpMixin:
    """Django's password help is an HTML list, which cannot sit inside the form hint
    paragraph of includes/field.html; say the same in plain sentences."""

    new_password_field = "new_password1"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        help_texts = password_validation.password_validators_help_texts()
        self.fields[self.new_password_field].help_text = " ".join(help_texts)


class LoginForm(KrdsFormMixin, auth_forms.AuthenticationForm):
    """Django's login form. The throttle sits in the authentication backend, which every login
    passes (jiwon/accounts/backends.py); this form says why a refusal happened."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "inactive": _("This account is deactivated. Contact the agency to reactivate it."),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError as exc:
            if exc.code != "invalid_login" or self.request is None:
                raise
            until = getattr(self.request, THROTTLED_UNTIL, None)
            if until is not None:
                raise login_throttled_error(until) from exc
            # Django's backend turns inactive users away as if the password were wrong; tell
            # the person who knows the password what is really the matter.
            if getattr(self.request, DEACTIVATED, False):
                raise ValidationError(self.error_messages["inactive"], code="inactive") from exc
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
    """Django's reset form, a few mails an hour per address asked and per client address:
    counted whether or not an account has that email, so the limit tells nothing about it."""

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        email = data.get("email")
        if email:
            until = throttles_take(
                checks=[
                    (reset_address_rule(), client_ip(self.request)),
                    (reset_email_rule(), throttle_key(email)),
                ]
            )
            if until is not None:
                raise rate_limited_error(until)
        return data


class ApiTokenForm(KrdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “accounting sync script”."),
    )


class TwoFactorTokenForm(KrdsFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        return clean_token(self.cleaned_data["token"])
