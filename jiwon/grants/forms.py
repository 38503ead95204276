"""Forms of the grant pages. Amounts are typed with or without thousands separators."""

import unicodedata
from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jiwon.applications.models import Application
from jiwon.core.forms import KrdsFormMixin
from jiwon.grants.models import (
    MAX_WON,
    EvidenceKind,
    ExpenseCategory,
    FundSource,
    GrantTerms,
)

Key = tuple[str, str]


class WonField(forms.IntegerField):
    """Whole won: NFKC (full-width digits), commas and spaces and a trailing 원 dropped."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_WON)
        # Text, not a number box: people type 42,000,000 or 42,000,000원.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "")
            value = value.removesuffix("원")
        return super().to_python(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def line_field(category: str, source: str) -> str:
    return f"line__{category}__{source}"


class BudgetForm(KrdsFormMixin, forms.Form):
    """One box per allowed category × source; empty boxes are 0."""

    def __init__(
        self,
        *args: Any,
        terms: GrantTerms,
        initial_lines: dict[Key, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = terms.allowed_categories()
        for category in self.categories:
            for source in FundSource.values:
                name = line_field(category, source)
                self.fields[name] = WonField(
                    label=f"{ExpenseCategory(category).label} · {FundSource(source).label}",
                    required=False,
                    initial=(initial_lines or {}).get((category, source)) or None,
                )

    def grid(self) -> list[dict[str, Any]]:
        return [
            {
                "category": ExpenseCategory(c).label,
                "cells": [self[line_field(c, s)] for s in FundSource.values],
            }
            for c in self.categories
        ]

    @staticmethod
    def sources() -> list[Any]:
        return [FundSource(s).label for s in FundSource.values]

    def lines(self) -> dict[Key, int]:
        return {
            (c, s): self.cleaned_data.get(line_field(c, s)) or 0
            for c in self.categories
            for s in FundSource.values
        }


class AgreementForm(BudgetForm):
    application = forms.ModelChoiceField(
        queryset=Application.objects.none(), label=_("Selected application")
    )
    title = forms.CharField(label=_("Project title"), max_length=200)
    starts_on = forms.DateField(
        label=_("Project starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Project ends"), widget=forms.DateInput(attrs={"type": "date"})
    )

    field_order = ["application", "title", "starts_on", "ends_on"]


class AmendmentForm(BudgetForm):
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class TrancheForm(KrdsFormMixin, forms.Form):
    requested_won = WonField(label=_("Amount requested (won)"), min_value=1)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachments = MultipleFileField(label=_("Documents the programme asks for"))


class ExpenseForm(KrdsFormMixin, forms.Form):
    line = forms.ChoiceField(label=_("Budget line"))
    amount_won = WonField(label=_("Amount (won)"), min_value=1)
    spent_on = forms.DateField(label=_("Spent on"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("What was bought"), max_length=300)
    evidence_kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    evidence_number = forms.CharField(
        label=_("Approval or document number"), required=False, max_length=60
    )
    attachments = MultipleFileField(label=_("Evidence files"))

    def __init__(self, *args: Any, lines: dict[Key, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["line"]).choices = [
            (f"{c}|{s}", f"{ExpenseCategory(c).label} · {FundSource(s).label} ({won:,})")
            for (c, s), won in sorted(lines.items())
            if won
        ]

    def chosen_line(self) -> Key:
        category, source = self.cleaned_data["line"].split("|")
        return category, source


class CommentForm(KrdsFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment or reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PayForm(KrdsFormMixin, forms.Form):
    paid_won = WonField(label=_("Amount paid (won)"), min_value=1)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Why it differs from the request"), required=False, max_length=2000
    )


class InterestForm(KrdsFormMixin, forms.Form):
    interest_won = WonField(label=_("Interest earned on the grant account (won)"))


class ClawbackForm(KrdsFormMixin, forms.Form):
    principal_won = WonField(label=_("Grant to claw back (won)"))
    interest_won = WonField(label=_("Interest to claw back (won)"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class FilterForm(KrdsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from jiwon.grants.workflow import AGREEMENT_WORKFLOWS

        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")),
            *AGREEMENT_WORKFLOWS.state_choices(),
        ]


def today_default() -> date:
    from django.utils import timezone

    return timezone.localdate()
