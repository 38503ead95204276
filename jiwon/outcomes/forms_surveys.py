"""Forms of the outcome surveys: the staff form that opens one, and the portal form a company
fills in (four figures plus repeatable records, one formset each)."""

import re
from dataclasses import asdict, fields
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.core.normalize import identifier_digits, is_ascii_digits
from jiwon.outcomes.models import Agreement, IntellectualProperty, Investment, Metric, Relocation
from jiwon.outcomes.services.surveys import (
    FIRST_SURVEY_YEAR,
    AgreementEntry,
    AwardEntry,
    InvestmentEntry,
    IpEntry,
    RelocationEntry,
    SurveyAnswers,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# 1,000조원: beyond any company's sales; a larger number is a typing slip.
MAX_NUMBER = 10**15
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+")


class WholeNumberField(forms.Field):
    """A non-negative whole number typed the way people write amounts: "1,234,000" or
    "1234000". Commas must group by three so that "1,23" is not silently read as 123."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a whole number using digits only, e.g. 1,234,000."),
        "negative": _("Enter zero or a positive number."),
        "decimal": _("Enter a whole number without decimals."),
        "grouping": _("Put commas every three digits, e.g. 1,234,000, or leave them out."),
        "too_large": _("This number is too large; check for extra digits."),
    }

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        if isinstance(value, int):
            return value
        text = re.sub(r"\s+", "", str(value or ""))
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        if re.fullmatch(r"-[\d,]+(\.\d*)?", text):
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if re.fullmatch(r"[\d,]*\.\d+", text):
            raise forms.ValidationError(self.error_messages["decimal"], code="decimal")
        if "," in text and not _GROUPED.fullmatch(text):
            raise forms.ValidationError(self.error_messages["grouping"], code="grouping")
        digits = text.replace(",", "")
        if not (digits.isdigit() and digits.isascii()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number = int(digits)
        if number > MAX_NUMBER:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return number

    def prepare_value(self, value):
        return f"{value:,}" if isinstance(value, int) else value


class SurveyCreateForm(KrdsFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Figures of year"), min_value=FIRST_SURVEY_YEAR)
    closes_on = forms.DateField(
        label=_("Deadline"),
        widget=DATE,
        help_text=_("Answers are accepted until 23:59 Korean time on this day."),
    )
    supported_in = forms.IntegerField(
        label=_("Only companies supported in year"),
        required=False,
        min_value=FIRST_SURVEY_YEAR,
        help_text=_("Companies with at least one support ledger row dated in this year."),
    )
    # Digest of the selection the officer previewed: a confirmation for any other selection
    # is previewed again instead of inviting companies nobody looked at.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["max"] = timezone.localdate().year

    def clean_closes_on(self):
        day = self.cleaned_data["closes_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return day

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(
                _("Enter a year from %(first)s to %(last)s.")
                % {"first": FIRST_SURVEY_YEAR, "last": timezone.localdate().year}
            )
        return year


class SurveyFiguresForm(KrdsFormMixin, forms.Form):
    employees = WholeNumberField(label=Metric.EMPLOYEES.label, required=False)
    new_hires = WholeNumberField(label=Metric.NEW_HIRES.label, required=False)
    sales_won = WholeNumberField(
        label=Metric.SALES_WON.label,
        required=False,
        help_text=_("In won, e.g. 1,234,000,000 for 12.34억원."),
    )
    exports_usd = WholeNumberField(
        label=Metric.EXPORTS_USD.label,
        required=False,
        help_text=_("In US dollars, whole dollars."),
    )

    # Each input is described by last year's value shown beside it (id_<name>-last).
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe_last_year()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._describe_last_year()

    def _describe_last_year(self):
        for name, f in self.fields.items():
            ids = f.widget.attrs.get("aria-describedby", "").split()
            if f"id_{name}-last" not in ids:
                f.widget.attrs["aria-describedby"] = " ".join([f"id_{name}-last", *ids])


def _blank_first(choices):
    # A preselected choice would make the blank row below the saved ones look filled in.
    return [("", "---------"), *choices]


class _EntryForm(KrdsFormMixin, forms.Form):
    """One dated record of the survey year."""

    entry_type: type

    occurred_on = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["occurred_on"].widget.attrs.update(
            {"min": f"{year}-01-01", "max": f"{year}-12-31"}
        )

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day.year != self.year:
            raise forms.ValidationError(
                _("Enter a date in %(year)s, the year this survey asks about.")
                % {"year": self.year}
            )
        return day

    def entry(self):
        names = [f.name for f in fields(self.entry_type)]
        return self.entry_type(**{n: self.cleaned_data[n] for n in names})


class InvestmentEntryForm(_EntryForm):
    entry_type = InvestmentEntry
    amount_won = WholeNumberField(label=_("Amount (won)"))
    investor = forms.CharField(label=_("Investor"), max_length=200)
    round = forms.ChoiceField(label=_("Round"), choices=_blank_first(Investment.Round.choices))

    def clean_amount_won(self):
        amount = self.cleaned_data["amount_won"]
        if amount == 0:
            raise forms.ValidationError(_("Enter the amount invested; it cannot be 0."))
        return amount


class IpEntryForm(_EntryForm):
    entry_type = IpEntry
    kind = forms.ChoiceField(
        label=_("Kind"), choices=_blank_first(IntellectualProperty.Kind.choices)
    )
    number = forms.CharField(label=_("Registration or certificate number"), max_length=64)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class AgreementEntryForm(_EntryForm):
    entry_type = AgreementEntry
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank_first(Agreement.Kind.choices))
    counterparty = forms.CharField(label=_("With"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class AwardEntryForm(_EntryForm):
    entry_type = AwardEntry
    name = forms.CharField(label=_("Award"), max_length=200)
    awarded_by = forms.CharField(label=_("Awarded by"), max_length=200, required=False)


class RelocationEntryForm(_EntryForm):
    entry_type = RelocationEntry
    direction = forms.ChoiceField(
        label=_("Moved"), choices=_blank_first(Relocation.Direction.choices)
    )
    other_place = forms.CharField(
        label=_("From / to"),
        max_length=200,
        help_text=_("Where the company came from, or where it went."),
    )
    other_region_code = forms.CharField(
        label=_("시군구 code"),
        max_length=5,
        required=False,
        help_text=_("Optional: the 5-digit code of that city or district, e.g. 41135."),
    )

    def clean_other_region_code(self):
        code = identifier_digits(self.cleaned_data["other_region_code"])
        if code and not (is_ascii_digits(code) and len(code) == 5):
            raise forms.ValidationError(_("Enter the 5-digit 시군구 code, or leave it empty."))
        return code


class _EntryFormSet(forms.BaseFormSet):
    def entries(self) -> tuple[Any, ...]:
        """The entries of the filled-in rows not marked for deletion (once validated)."""
        deleted = set(self.deleted_forms)
        return tuple(
            f.entry() for f in self.forms if f.has_changed() and f not in deleted and f.cleaned_data
        )


class _IpFormSet(_EntryFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            key = (form.cleaned_data["kind"], form.cleaned_data["number"].strip())
            if key in seen:
                raise forms.ValidationError(
                    _("Number %(number)s is entered twice.") % {"number": key[1]}
                )
            seen.add(key)


# answers key → (entry form, formset base, prefix, heading)
SECTIONS = {
    "investments": (InvestmentEntryForm, _EntryFormSet, "inv", _("Investment attracted")),
    "ip": (IpEntryForm, _IpFormSet, "ip", _("Patents and certifications obtained")),
    "agreements": (AgreementEntryForm, _EntryFormSet, "agr", _("MOUs and business agreements")),
    "awards": (AwardEntryForm, _EntryFormSet, "award", _("Awards")),
    "relocations": (
        RelocationEntryForm,
        _EntryFormSet,
        "reloc",
        _("Moved into or out of the city this year"),
    ),
}
# Far above any company's yearly count; bounds the size of a POST.
MAX_ENTRIES = 50


class SurveyAnswerForms:
    """The figures form and the record formsets of one survey, validated and read together."""

    def __init__(self, data=None, *, year: int, answers: SurveyAnswers, disabled=False):
        self.year = year
        self.figures = SurveyFiguresForm(
            data, initial={k: v for k, v in answers.figures.items() if v is not None}
        )
        self.sections: list[tuple[str, Any, _EntryFormSet]] = []
        for key, (form, base, prefix, heading) in SECTIONS.items():
            # One blank row below the saved ones while editable; saving a draft adds the next.
            # The factory subclasses `base`, an _EntryFormSet; its stub types it as any formset.
            formset_class = cast(
                type[_EntryFormSet],
                forms.formset_factory(
                    form,
                    formset=base,
                    extra=0 if disabled else 1,
                    can_delete=not disabled,
                    max_num=MAX_ENTRIES,
                    validate_max=True,
                ),
            )
            initial = [asdict(e) for e in getattr(answers, key)]
            formset = formset_class(
                data, prefix=prefix, initial=initial, form_kwargs={"year": year}
            )
            self.sections.append((key, heading, formset))
        if disabled:
            for form in self.all_forms():
                for f in form.fields.values():
                    f.disabled = True

    def all_forms(self):
        yield self.figures
        for _key, _heading, formset in self.sections:
            yield from formset.forms

    def is_valid(self) -> bool:
        valid = self.figures.is_valid()
        for _key, _heading, formset in self.sections:
            valid = formset.is_valid() and valid
        return valid

    @property
    def has_errors(self) -> bool:
        return bool(self.figures.errors) or any(
            formset.total_error_count() for _k, _h, formset in self.sections
        )

    def answers(self) -> SurveyAnswers:
        data = self.figures.cleaned_data
        return SurveyAnswers(
            figures={m: data.get(m) for m in Metric.values},
            **{key: formset.entries() for key, _heading, formset in self.sections},
        )
