import math

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jiwon.accounts import services
from jiwon.accounts.models import User
from jiwon.companies.forms import DATE, CompanyForm
from jiwon.companies.models import CompanyKind, LegalForm
from jiwon.companies.services import CompanyInput
from jiwon.companies.validators import validate_brn
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.reference import current_regions


def client_ip(request) -> str | None:
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
        until = services.login_is_throttled(username=username, ip_address=ip)
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
        dormant = User._default_manager.filter(username=username, is_active=False).first()
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


class SignupForm(PlainPasswordHelpMixin, KrdsFormMixin, auth_forms.SetPasswordMixin, forms.Form):
    """A new company member and the company (or pre-founder record) they own."""

    new_password_field = "password1"

    COMPANY_ONLY = ("brn", "legal_form", "representative_name", "founded_on")

    username = auth_forms.UsernameField(
        label=_("Username"),
        max_length=150,
        help_text=_("You log in with it. Letters, digits and @ . + - _ only."),
    )
    display_name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"), help_text=_("Password reset links are sent to this address.")
    )
    password1, password2 = auth_forms.SetPasswordMixin.create_password_fields()
    kind = forms.ChoiceField(
        label=_("I am registering"),
        choices=[
            (CompanyKind.COMPANY, _("A company with a business registration number")),
            (CompanyKind.PREFOUNDER, _("Myself as a pre-founder (no business number yet)")),
        ],
    )
    name_ko = forms.CharField(
        label=_("Company name or business idea"),
        max_length=200,
        help_text=_("A pre-founder enters a working name or the idea in a few words."),
    )
    region = forms.ModelChoiceField(label=_("Region (시군구)"), queryset=current_regions())
    representative_birth_date = forms.DateField(
        label=_("Representative's birth date"),
        widget=DATE,
        help_text=_(
            "A pre-founder enters their own. Used only for age rules; never enter a resident "
            "registration number."
        ),
    )
    brn = forms.CharField(
        label=_("Business registration number"),
        required=False,
        max_length=12,
        help_text=_("10 digits, e.g. 124-81-00998."),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=[("", "---------"), *LegalForm.choices], required=False
    )
    representative_name = forms.CharField(label=_("Representative"), max_length=100, required=False)
    founded_on = forms.DateField(
        label=_("Founding date"),
        widget=DATE,
        required=False,
        help_text=_("법인설립등기일 for a corporation, 사업개시일 for a sole proprietorship."),
    )
    ksic_code = forms.CharField(
        label=_("KSIC code"),
        max_length=5,
        required=False,
        help_text=_("Optional. 5-digit subclass of the 11th revision, e.g. 26211."),
    )

    # The same rules as the registry's own company form.
    clean_brn = CompanyForm.clean_brn
    clean_ksic_code = CompanyForm.clean_ksic_code

    company_only_messages = {
        "brn": _("Enter the business registration number, or choose pre-founder."),
        "legal_form": _("Choose corporation or sole proprietorship."),
        "representative_name": _("Enter the name of the company's representative."),
        "founded_on": _("Enter the founding date (설립일/개업일)."),
    }

    def clean(self):
        data = super().clean()
        self.validate_passwords()
        self.validate_password_for_user(
            User(
                username=data.get("username", ""),
                email=data.get("email", ""),
                display_name=data.get("display_name", ""),
            )
        )
        if data.get("kind") == CompanyKind.PREFOUNDER:
            if data.get("brn"):
                self.add_error(
                    "brn",
                    _(
                        "A pre-founder has no business registration number yet. Choose "
                        "“a company” if you have one."
                    ),
                )
            data.update(legal_form="", founded_on=None, brn=None)
            data["representative_name"] = data.get("display_name", "")
        elif data.get("kind") == CompanyKind.COMPANY:
            for name in self.COMPANY_ONLY:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, self.company_only_messages[name])
            if data.get("brn"):
                try:
                    data["brn"] = validate_brn(data["brn"])
                except ValidationError as exc:
                    self.add_error("brn", exc)
        return data

    def account_values(self) -> dict:
        d = self.cleaned_data
        return {
            "username": d["username"],
            "email": d["email"],
            "display_name": d["display_name"],
            "password": d["password1"],
        }

    def to_input(self) -> CompanyInput:
        d = self.cleaned_data
        return CompanyInput(
            kind=d["kind"],
            brn=d["brn"],
            legal_form=d["legal_form"],
            name_ko=d["name_ko"],
            representative_name=d["representative_name"],
            representative_birth_date=d["representative_birth_date"],
            founded_on=d["founded_on"],
            ksic=d["ksic_code"],
            region=d["region"],
        )


class ApiTokenForm(KrdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “accounting sync script”."),
    )
