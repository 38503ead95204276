from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.accounts.forms import PlainPasswordHelpMixin
from jiwon.accounts.models import User
from jiwon.companies.models import CertificationKind, CompanyKind, GrowthStage, LegalForm
from jiwon.companies.selectors import CompanyFilters
from jiwon.companies.services import CompanyInput
from jiwon.companies.validators import normalize_brn, normalize_crn, validate_brn
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.models import KsicCode, Region
from jiwon.core.normalize import identifier_digits
from jiwon.core.reference import CURRENT_KSIC_REVISION
from jiwon.core.region_field import RegionField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompanyForm(KrdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CompanyKind.choices)
    brn = forms.CharField(
        label=_("Business registration number"),
        required=False,
        max_length=12,
        help_text=_("10 digits, e.g. 124-81-00998. Leave empty for a pre-founder."),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=[("", "---------"), *LegalForm.choices], required=False
    )
    crn = forms.CharField(
        label=_("Corporate registration number"),
        required=False,
        max_length=14,
        help_text=_("13 digits; corporations only; optional."),
    )
    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    representative_name = forms.CharField(label=_("Representative"), max_length=100)
    representative_birth_date = forms.DateField(
        label=_("Representative's birth date"),
        widget=DATE,
        help_text=_("Used only for age rules. Never enter a resident registration number."),
    )
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
        help_text=_("5-digit subclass of the 11th revision, e.g. 26211."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    region = RegionField(label=_("Region (시군구)"))
    employees = forms.IntegerField(label=_("Employees"), min_value=0, initial=0)
    annual_sales_won = forms.IntegerField(
        label=_("Annual sales (won)"), min_value=0, initial=0, max_value=10**15
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def __init__(self, *args, member_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if member_edit:
            # The business number and kind identify the company; only staff change them.
            for name in ("kind", "brn"):
                self.fields[name].disabled = True

    def clean_brn(self):
        return normalize_brn(self.cleaned_data["brn"]) or None

    def clean_crn(self):
        return normalize_crn(self.cleaned_data["crn"])

    def clean_ksic_code(self):
        code = identifier_digits(self.cleaned_data["ksic_code"])
        if not code:
            return None
        ksic = KsicCode.objects.filter(revision=CURRENT_KSIC_REVISION, code=code, level=5).first()
        if ksic is None:
            raise forms.ValidationError(
                _("%(code)s is not a 5-digit KSIC subclass code of the 11th revision.")
                % {"code": code}
            )
        return ksic

    def to_input(self) -> CompanyInput:
        d = self.cleaned_data
        return CompanyInput(
            kind=d["kind"],
            brn=d["brn"],
            crn=d["crn"],
            legal_form=d["legal_form"],
            name_ko=d["name_ko"],
            name_en=d["name_en"],
            representative_name=d["representative_name"],
            representative_birth_date=d["representative_birth_date"],
            founded_on=d["founded_on"],
            ksic=d["ksic_code"],
            address=d["address"],
            region=d["region"],
            employees=d["employees"],
            annual_sales_won=d["annual_sales_won"],
            email=d["email"],
            phone=d["phone"],
        )

    @classmethod
    def initial_from(cls, company) -> dict:
        return {
            "kind": company.kind,
            "brn": company.brn_display,
            "crn": company.crn,
            "legal_form": company.legal_form,
            "name_ko": company.name_ko,
            "name_en": company.name_en,
            "representative_name": company.representative_name,
            "representative_birth_date": company.representative_birth_date,
            "founded_on": company.founded_on,
            "ksic_code": company.ksic.code if company.ksic else "",
            "address": company.address,
            "region": company.region_id,
            "employees": company.employees,
            "annual_sales_won": company.annual_sales_won,
            "email": company.email,
            "phone": company.phone,
        }


class CompanyFilterForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or business number"), required=False)
    ksic = forms.CharField(label=_("KSIC code or industry"), required=False)
    region = forms.ChoiceField(label=_("District"), required=False)
    stage = forms.ChoiceField(
        label=_("Growth stage"),
        required=False,
        choices=[("", _("All")), ("none", _("None")), *GrowthStage.choices],
    )
    certification = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", _("All")), *CertificationKind.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *CompanyKind.choices]
    )
    local_only = forms.BooleanField(label=_("In the city only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        local = Region.objects.filter(level=2, valid_to__isnull=True, code__in=_local_codes())
        self.fields["region"].choices = [("", _("All"))] + [(r.code, r.name_ko) for r in local]

    def filters(self) -> CompanyFilters:
        if not self.is_valid():
            return CompanyFilters()
        return CompanyFilters(**self.cleaned_data)


def _local_codes() -> list[str]:
    return settings.JIWON_LOCAL_REGION_CODES


class GrowthStageForm(KrdsFormMixin, forms.Form):
    stage = forms.ChoiceField(
        label=_("Growth stage"), choices=[("", _("None")), *GrowthStage.choices], required=False
    )
    effective_on = forms.DateField(
        label=_("Effective date"), widget=DATE, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class CertificationForm(KrdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Certification"), choices=CertificationKind.choices)
    number = forms.CharField(label=_("Certificate number"), max_length=50, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date must be on or after the start date."))
        return data


class RegisterBusinessForm(KrdsFormMixin, forms.Form):
    brn = forms.CharField(label=_("Business registration number"), max_length=12)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    crn = forms.CharField(label=_("Corporate registration number"), max_length=14, required=False)
    founded_on = forms.DateField(label=_("Founding date"), widget=DATE)

    def clean_brn(self):
        return normalize_brn(self.cleaned_data["brn"])

    def clean_crn(self):
        return normalize_crn(self.cleaned_data["crn"])


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
    region = RegionField(label=_("Region (시군구)"))
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

    def account_values(self) -> dict[str, str]:
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
