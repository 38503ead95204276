"""Forms of the support ledger pages and of the outcome imports."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.companies.validators import normalize_brn
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.support import SupportKind
from jiwon.outcomes.excel import MAX_BYTES, MAX_ROWS
from jiwon.outcomes.models import Provenance
from jiwon.outcomes.selectors.ledger import LedgerFilters, ledger_years
from jiwon.outcomes.services.ledger import MAX_AMOUNT_WON
from jiwon.programs.models import Program

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# What a person may say a row or figure they type in comes from; "import" is set by imports.
ENTERED_PROVENANCES = [
    (p.value, p.label) for p in (Provenance.STAFF, Provenance.AGENCY, Provenance.SURVEY)
]


def _program_label(program: Program) -> str:
    """The title in the page's language, led by its year when the title does not say it."""
    title, year = program.title, str(program.fiscal_year)
    return title if year in title else f"{year} {title}"


def program_choices(blank_label) -> list[tuple[str, str]]:
    programs = Program.objects.order_by("-fiscal_year", "title_ko").only(
        "pk", "fiscal_year", "title_ko", "title_en"
    )
    return [("", blank_label)] + [(str(p.pk), _program_label(p)) for p in programs]


class CompanyByBrnField(forms.CharField):
    """A registered company, entered by its 사업자등록번호."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Company (business registration number)"))
        kwargs.setdefault("help_text", _("10 digits, e.g. 124-81-00998."))
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        digits = normalize_brn(text)
        company = Company.objects.filter(brn=digits).first() if len(digits) == 10 else None
        if company is None:
            raise ValidationError(
                _("No company with this business registration number is registered.")
            )
        return company


class LedgerFilterForm(KrdsFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    program = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Kind of support"), required=False, choices=[("", _("All")), *SupportKind.choices]
    )
    q = forms.CharField(label=_("Company name or business number"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = set(ledger_years()) | {timezone.localdate().year}
        self.fields["year"].choices = [("", _("All"))] + [
            (y, str(y)) for y in sorted(years, reverse=True)
        ]
        self.fields["program"].choices = program_choices(_("All"))

    def filters(self) -> LedgerFilters:
        if not self.is_valid():
            return LedgerFilters()
        return LedgerFilters(**self.cleaned_data)


class _LedgerFieldsMixin:
    def _setup_program(self):
        self.fields["program"].choices = program_choices(_("None"))

    def clean_program(self):
        pk = self.cleaned_data.get("program")
        return Program.objects.get(pk=pk) if pk else None

    def clean(self):
        data = super().clean()
        start = data.get("supported_on") or getattr(self, "fixed_supported_on", None)
        end = data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", _("The end of the period must be on or after the date of support.")
            )
        return data


class LedgerEntryForm(_LedgerFieldsMixin, KrdsFormMixin, forms.Form):
    company = CompanyByBrnField()
    program = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    amount_won = forms.IntegerField(
        label=_("Amount (won)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT_WON,
        help_text=_("Whole won. Leave empty for support without a sum (mentoring, education)."),
    )
    supported_on = forms.DateField(label=_("Date of support"), widget=DATE)
    period_end = forms.DateField(
        label=_("End of the period"),
        widget=DATE,
        required=False,
        help_text=_("For support over a period (tenancy, a loan): its last day."),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    provenance = forms.ChoiceField(
        label=_("Provenance"), choices=ENTERED_PROVENANCES, initial=Provenance.STAFF
    )

    def __init__(self, *args, company: Company | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_company = company
        if company is not None:
            # Reached from the company's page (which is how pre-founders without a number
            # get rows): the company is given, not typed.
            del self.fields["company"]
        self._setup_program()

    def clean(self):
        data = super().clean()
        if self.fixed_company is not None:
            data["company"] = self.fixed_company
        return data


class LedgerEditForm(_LedgerFieldsMixin, KrdsFormMixin, forms.Form):
    """The descriptive fields only: amount, company and date change by correction."""

    program = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    period_end = forms.DateField(label=_("End of the period"), widget=DATE, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_supported_on = entry.supported_on
        self._setup_program()

    @staticmethod
    def initial_from(entry) -> dict:
        return {
            "program": entry.program_id or "",
            "kind": entry.kind,
            "period_end": entry.period_end,
            "description": entry.description,
        }


class LedgerCorrectForm(KrdsFormMixin, forms.Form):
    ADJUST, MOVE, CANCEL = "adjust", "move", "cancel"
    action = forms.ChoiceField(
        label=_("What is wrong"),
        choices=[
            (ADJUST, _("The amount is wrong")),
            (MOVE, _("The company or the date is wrong")),
            (CANCEL, _("The support did not happen: cancel the row")),
        ],
        initial=ADJUST,
    )
    amount_won = forms.IntegerField(
        label=_("Right amount (won)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT_WON,
        help_text=_("The amount the company actually received, not the difference."),
    )
    company = CompanyByBrnField(
        label=_("Right company (business registration number)"),
        required=False,
        help_text=_("Leave empty if the company is right."),
    )
    supported_on = forms.DateField(
        label=_("Right date"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty if the date is right."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.ADJUST and data.get("amount_won") is None:
            self.add_error("amount_won", _("Enter the right amount."))
        if action == self.MOVE and not data.get("company") and not data.get("supported_on"):
            self.add_error("company", _("Enter the right company or the right date."))
        return data


class UploadForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = ngettext("%(rows)s row", "%(rows)s rows", MAX_ROWS) % {"rows": f"{MAX_ROWS:,}"}
        self.fields["file"].help_text = gettext(
            "The filled-in template: at most %(mb)s MB and %(rows)s per sheet."
        ) % {"mb": MAX_BYTES // (1024 * 1024), "rows": rows}
        self.fields["file"].widget.attrs.setdefault("aria-describedby", "id_file-hint")
