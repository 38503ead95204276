from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import GrowthStage
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.models import Agency
from jiwon.programs.models import Category, ReferenceDateBasis
from jiwon.programs.selectors.programs import ProgramFilters, fiscal_years
from jiwon.programs.services.programs import (
    ALLOWED_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    ProgramInput,
)
from jiwon.programs.workflow import PROGRAM_WORKFLOWS

KST = ZoneInfo("Asia/Seoul")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KST_HINT = _("Korea Standard Time (KST), to the minute.")


class KstDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read and shown in KST, whatever time zone is active."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value, KST).replace(tzinfo=None)
        return value

    def to_python(self, value):
        with timezone.override(KST):
            result = super().to_python(value)
        # Seconds are not part of the window: it opens and closes to the minute.
        return result.replace(second=0, microsecond=0) if result else result


class ProgramForm(KrdsFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    series = forms.SlugField(
        label=_("Series"),
        max_length=40,
        help_text=_(
            "The programme's code, the same every year, e.g. BLUE100 (letters, digits, - and _)."
        ),
    )
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    target_text = forms.CharField(label=_("Who may apply"), max_length=300, required=False)
    notice_text = forms.CharField(
        label=_("Notice text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Required before publishing."),
    )
    budget_won = forms.IntegerField(
        label=_("Budget (won)"),
        min_value=0,
        max_value=10**15,
        initial=0,
        help_text=_("Whole won, without separators, e.g. 5300000000 for 53억원."),
    )
    quota = forms.IntegerField(label=_("Companies to select"), min_value=0, initial=0)
    notice_date = forms.DateField(label=_("Notice date"), widget=DATE)
    opens_at = KstDateTimeField(label=_("Applications open"), help_text=KST_HINT)
    closes_at = KstDateTimeField(label=_("Applications close"), help_text=KST_HINT)
    rolling = forms.BooleanField(
        label=_("Rolling call (evaluated while open)"),
        required=False,
        help_text=_(
            "Applications are evaluated and decided while the call is still open. Leave off "
            "for a call that evaluates everyone together after it closes."
        ),
    )
    reference_date_basis = forms.ChoiceField(
        label=_("Eligibility reference date"),
        choices=ReferenceDateBasis.choices,
        initial=ReferenceDateBasis.NOTICE,
    )
    growth_stage = forms.ChoiceField(
        label=_("Growth-ladder stage"),
        choices=[("", _("None")), *GrowthStage.choices],
        required=False,
        help_text=_("Selection promotes the company to this stage."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(Agency.objects.order_by("name_ko"))
        field = self.fields["agency"]
        field.queryset = Agency.objects.order_by("name_ko")
        if not agencies:
            field.help_text = _("No agency is registered yet: an agency admin adds one first.")
            field.widget.attrs.setdefault("aria-describedby", "id_agency-hint")
        elif len(agencies) == 1 and not self.is_bound:
            self.initial.setdefault("agency", agencies[0].pk)
        self.initial.setdefault("fiscal_year", timezone.localdate().year)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Applications must close after they open."))
        return data

    def to_input(self) -> ProgramInput:
        return ProgramInput(**self.cleaned_data)

    @classmethod
    def initial_from(cls, program) -> dict:
        return {name: getattr(program, name) for name in cls.base_fields if name != "agency"} | {
            "agency": program.agency_id
        }


class ProgramFilterForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Title"), required=False, max_length=100)
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=int, empty_value=None
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *PROGRAM_WORKFLOWS.state_choices()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All"))] + [
            (year, str(year)) for year in fiscal_years()
        ]

    def filters(self) -> ProgramFilters:
        if not self.is_valid():
            return ProgramFilters()
        return ProgramFilters(**self.cleaned_data)


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=PROGRAM_WORKFLOWS.state_choices())
    comment = forms.CharField(required=False, max_length=2000)


def _attachment_hint() -> str:
    return gettext("Allowed types: %(types)s; at most %(max)d MB.") % {
        "types": ", ".join(ALLOWED_EXTENSIONS),
        "max": MAX_ATTACHMENT_BYTES // (1024 * 1024),
    }


class AttachmentForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=lazy(_attachment_hint, str)(),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}
        ),
    )
