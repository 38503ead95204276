import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class MonthForm(KrdsFormMixin, forms.Form):
    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Year and month, e.g. 2026-10."),
    )

    def clean_month(self) -> date:
        match = _MONTH.fullmatch(self.cleaned_data["month"].strip())
        if not match or not 2000 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2026-10."))
        return date(int(match[1]), int(match[2]), 1)

    def chosen_month(self) -> date:
        return self.cleaned_data["month"]


class ReviewForm(KrdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you checked and what you followed up, if anything."),
    )
