"""Forms of the grant pages. Amounts are typed with or without thousands separators."""

import unicodedata
from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiwon.applications.models import Application
from jiwon.core.forms import KrdsFormMixin
from jiwon.core.i18n import in_language
from jiwon.grants.models import (
    MAX_WON,
    EvidenceKind,
    ExpenseCategory,
    FundSource,
    GrantTerms,
    ReportKind,
)
from jiwon.grants.schedule import DueRule, items_text, parse_items

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


class PeriodForm(KrdsFormMixin, forms.Form):
    starts_on = forms.DateField(
        label=_("Project starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Project ends"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class RequirementForm(KrdsFormMixin, forms.Form):
    """One report of a programme's schedule; its contents one item a line."""

    RULES = (
        ("months_after_start", _("Months after the project starts")),
        ("due_on", _("On a date")),
        ("days_after_end", _("Days after the project ends")),
    )
    LINES_HELP = _("One a line: 한국어 이름 | English name. Start a line with * if it is required.")

    kind = forms.ChoiceField(label=_("Kind"))
    title_ko = forms.CharField(label=_("Report name (Korean)"), max_length=100)
    title_en = forms.CharField(label=_("Report name (English)"), max_length=100, required=False)
    rule = forms.ChoiceField(label=_("Due"), choices=RULES)
    number = forms.IntegerField(
        label=_("Months or days"), required=False, min_value=0, max_value=366
    )
    due_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    remind_days_before = forms.IntegerField(
        label=_("Remind this many days before"), min_value=0, max_value=60, initial=7
    )
    releases_tranche = forms.IntegerField(
        label=_("Tranche paid only once accepted"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("Empty: no tranche waits for this report."),
    )
    narrative = forms.CharField(
        label=_("Narrative fields"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=LINES_HELP,
    )
    figures = forms.CharField(
        label=_("Outcome figures (whole numbers)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=LINES_HELP,
    )
    attachments = forms.CharField(
        label=_("Attachments"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=LINES_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = ReportKind.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule, number, day = data.get("rule"), data.get("number"), data.get("due_on")
        if rule == "due_on" and day is None:
            self.add_error("due_on", _("Give the date."))
        elif rule in ("months_after_start", "days_after_end") and number is None:
            self.add_error("number", _("Give the number of months or days."))
        data["due_rule"] = DueRule(
            months_after_start=number if rule == "months_after_start" else None,
            due_on=day if rule == "due_on" else None,
            days_after_end=number if rule == "days_after_end" else None,
        )
        for name, prefix in (("narrative", "n"), ("figures", "f"), ("attachments", "a")):
            try:
                data[f"{name}_items"] = parse_items(
                    data.get(name, ""), prefix, str(self.fields[name].label)
                )
            except ValidationError as exc:
                self.add_error(name, exc)
        return data

    @classmethod
    def initial_for(cls, requirement: Any) -> dict[str, Any]:
        if requirement.months_after_start is not None:
            rule, number = "months_after_start", requirement.months_after_start
        elif requirement.due_on is not None:
            rule, number = "due_on", None
        else:
            rule, number = "days_after_end", requirement.days_after_end
        return {
            "kind": requirement.kind,
            "title_ko": requirement.title_ko,
            "title_en": requirement.title_en,
            "rule": rule,
            "number": number,
            "due_on": requirement.due_on,
            "remind_days_before": requirement.remind_days_before,
            "releases_tranche": requirement.releases_tranche,
            "narrative": items_text(requirement.narrative),
            "figures": items_text(requirement.figures),
            "attachments": items_text(requirement.attachments),
        }


def item_label(item: dict[str, Any]) -> str:
    return in_language(item["ko"], item.get("en", ""))


class ReportForm(KrdsFormMixin, forms.Form):
    """The fields of one report, as its spec says: a text box per narrative field, a number
    per figure and a file input per attachment. Nothing is required here: the draft keeps what
    is typed, and submitting checks that the required parts are there."""

    def __init__(self, *args: Any, report: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                **{k: v for k, v in report.narrative.items()},
                **{k: v for k, v in report.figures.items() if v is not None},
            },
        )
        super().__init__(*args, **kwargs)
        self.report = report
        spec = report.spec
        for item in spec.get("narrative", []):
            self.fields[item["key"]] = forms.CharField(
                label=item_label(item),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
            )
            self.fields[item["key"]].is_required_part = item.get("required", False)  # type: ignore[attr-defined]
        for item in spec.get("figures", []):
            self.fields[item["key"]] = WonField(
                label=item_label(item), required=False, min_value=-MAX_WON
            )
            self.fields[item["key"]].is_required_part = item.get("required", False)  # type: ignore[attr-defined]
        for item in spec.get("attachments", []):
            self.fields[item["key"]] = MultipleFileField(label=item_label(item))
            self.fields[item["key"]].is_required_part = item.get("required", False)  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")

    def _keys(self, part: str) -> list[str]:
        return [item["key"] for item in self.report.spec.get(part, [])]

    def narrative(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k) or "" for k in self._keys("narrative")}

    def figures(self) -> dict[str, int | None]:
        return {k: self.cleaned_data.get(k) for k in self._keys("figures")}

    def uploads(self) -> dict[str, list[Any]]:
        return {k: self.cleaned_data.get(k) or [] for k in self._keys("attachments")}


class ReportFilterForm(KrdsFormMixin, forms.Form):
    view = forms.ChoiceField(label=_("Show"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["view"]).choices = [
            ("", _("All")),
            ("due_soon", _("Due soon (14 days)")),
            ("overdue", _("Overdue")),
            ("submitted", _("Awaiting review")),
            ("returned", _("Returned for changes")),
            ("accepted", _("Report accepted")),
            ("due", _("To submit")),
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All")), *ReportKind.choices]
