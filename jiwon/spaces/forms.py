"""Forms of startup spaces. Amounts are integer won; dates are Seoul dates."""

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.core.agencies import scoped
from jiwon.core.forms import KrdsFormMixin
from jiwon.programs.models import Program
from jiwon.spaces.models import Outcome, SpaceSite, Unit, VisitKind, VisitPurpose

DATE = {"type": "date"}


class DayForm(KrdsFormMixin, forms.Form):
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs=DATE))


class PeriodForm(KrdsFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(
        label=_("Until (exclusive)"), required=False, widget=forms.DateInput(attrs=DATE)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must come after the start."))
        return data


class ContractForm(KrdsFormMixin, forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(
        label=_("Until (exclusive)"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Empty: the site's term (2 years). The contract ends at 00:00 of this day."),
    )
    billing_day = forms.IntegerField(label=_("Billing day"), min_value=1, max_value=31, initial=25)

    def __init__(self, *args: Any, site: SpaceSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["company"]).queryset = Company.objects.order_by(
            "name_ko"
        )
        cast(forms.ModelChoiceField, self.fields["units"]).queryset = Unit.objects.filter(
            floor__site=site
        ).select_related("floor")


class MoveInForm(KrdsFormMixin, forms.Form):
    moved_in_on = forms.DateField(label=_("Moved in on"), widget=forms.DateInput(attrs=DATE))
    agreement_signed_on = forms.DateField(
        label=_("Agreement signed on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    deposit_received_on = forms.DateField(
        label=_("Deposit received on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    keys_issued = forms.IntegerField(label=_("Keys issued"), min_value=0, max_value=50, initial=1)
    cards_issued = forms.IntegerField(
        label=_("Access cards issued"), min_value=0, max_value=50, initial=1
    )


class MoveOutForm(KrdsFormMixin, forms.Form):
    moved_out_on = forms.DateField(label=_("Moved out on"), widget=forms.DateInput(attrs=DATE))
    keys_returned = forms.IntegerField(label=_("Keys returned"), min_value=0, max_value=50)
    cards_returned = forms.IntegerField(label=_("Access cards returned"), min_value=0, max_value=50)
    outcome = forms.ChoiceField(
        label=_("What comes next"),
        choices=[(Outcome.END, Outcome.END.label), (Outcome.GRADUATE, Outcome.GRADUATE.label)],
    )
    deduction_won = forms.IntegerField(
        label=_("Deduction from the deposit (won)"), min_value=0, max_value=10**10, initial=0
    )
    deduction_reason = forms.CharField(
        label=_("Reason for the deduction"), required=False, max_length=300
    )


class EvaluationForm(KrdsFormMixin, forms.Form):
    """One line per evaluator: the scores of the rubric's criteria, separated by spaces."""

    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs=DATE))
    sheets = forms.CharField(
        label=_("Scores, one evaluator per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )

    def __init__(self, *args: Any, criteria: list[tuple[str, str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["sheets"].help_text = _("In this order: %(names)s.") % {
            "names": ", ".join(f"{label} ({maximum})" for _k, label, maximum in criteria)
        }

    def clean_sheets(self) -> list[tuple[str, dict[str, Any]]]:
        rows = []
        # Full-width digits and separators typed on a Korean keyboard become ASCII first.
        text = unicodedata.normalize("NFKC", self.cleaned_data["sheets"])
        for n, line in enumerate(text.splitlines(), 1):
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            if len(parts) != len(self.criteria):
                raise forms.ValidationError(
                    _("Line %(n)d has %(got)d scores; the rubric has %(want)d criteria.")
                    % {"n": n, "got": len(parts), "want": len(self.criteria)}
                )
            try:
                values = [Decimal(p) for p in parts]
            except InvalidOperation as exc:
                raise forms.ValidationError(
                    _("Line %(n)d: scores are numbers.") % {"n": n}
                ) from exc
            rows.append((str(n), {c[0]: v for c, v in zip(self.criteria, values, strict=True)}))
        if not rows:
            raise forms.ValidationError(_("Enter at least one evaluator's scores."))
        return rows


class GraduateForm(KrdsFormMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units at the next site"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, site: SpaceSite | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if site is not None:
            cast(forms.ModelChoiceField, self.fields["units"]).queryset = Unit.objects.filter(
                floor__site=site
            )


class ReasonForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReturnForm(KrdsFormMixin, forms.Form):
    returned_on = forms.DateField(label=_("Returned on"), widget=forms.DateInput(attrs=DATE))


class OffersForm(KrdsFormMixin, forms.Form):
    starts_on = forms.DateField(label=_("Contracts from"), widget=forms.DateInput(attrs=DATE))


class PaymentForm(KrdsFormMixin, forms.Form):
    paid_won = forms.IntegerField(label=_("Paid (won)"), min_value=1, max_value=10**10)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs=DATE))


class MonthForm(KrdsFormMixin, forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class VisitForm(KrdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Who"), choices=VisitKind.choices)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=VisitPurpose.choices)
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=500, initial=1)
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Company.objects.order_by("name_ko"), required=False
    )


class CheckInForm(KrdsFormMixin, forms.Form):
    purpose = forms.ChoiceField(
        label=_("What brings you here?"), choices=VisitPurpose.choices, widget=forms.RadioSelect
    )


class SiteForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = SpaceSite
        fields = [
            "code", "kind", "name_ko", "name_en", "address", "term_months", "extension_months",
            "max_extensions", "extension_threshold", "min_founder_age", "next_rung", "order",
        ]  # fmt: skip


class FloorForm(KrdsFormMixin, forms.Form):
    level = forms.IntegerField(label=_("Level"), min_value=-5, max_value=99)
    label = forms.CharField(label=_("Label"), max_length=40)


class PlanForm(KrdsFormMixin, forms.Form):
    plan = forms.FileField(label=_("Floor plan (PNG, JPEG or SVG)"))


class UnitForm(KrdsFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "floor", "code", "kind", "area_m2", "seats", "rent_basis", "rent_rate_won",
            "fee_basis", "fee_rate_won", "deposit_won", "opened_on", "closed_on", "plan_x",
            "plan_y",
        ]  # fmt: skip
        widgets = {
            "opened_on": forms.DateInput(attrs=DATE),
            "closed_on": forms.DateInput(attrs=DATE),
        }

    def __init__(self, *args: Any, site: SpaceSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["floor"]).queryset = site.floors.all()


class CallForm(KrdsFormMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.objects.none())
    site = forms.ModelChoiceField(label=_("Site"), queryset=SpaceSite.objects.all())
    offer_days = forms.IntegerField(
        label=_("Days an offer stays open"), min_value=1, max_value=60, initial=7
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Space programmes that are not a call yet, newest first, and the sites, of the
        # user's agency (jiwon.core.agencies).
        programs = Program.objects.filter(category="space", tenancy_call__isnull=True)
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = scoped(
            programs, user
        ).order_by("-fiscal_year", "title_ko")
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = scoped(
            SpaceSite.objects.all(), user
        )
