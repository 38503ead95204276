"""Forms of the loan pages. Amounts are typed with or without thousands separators (NFKC,
ASCII digits); rates as percent with at most three decimals."""

import unicodedata
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.loans.models import (
    MAX_RATE,
    MAX_WON,
    EventKind,
    FundRound,
    LoanPurpose,
    PartnerBank,
    PreferredKind,
    RepaymentMethod,
    StopReason,
)


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "")
    return value


class WonField(forms.IntegerField):
    """Whole won: full-width digits, commas, spaces and a trailing 원 are accepted."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_WON)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        value = _normalise(value)
        if isinstance(value, str):
            value = value.removesuffix("원")
        return super().to_python(value)


class RateField(forms.DecimalField):
    """A rate in percent, e.g. 4.25 or 4.250%."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", Decimal("0.001"))
        kwargs.setdefault("max_value", MAX_RATE)
        kwargs.setdefault("max_digits", 6)
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        value = _normalise(value)
        if isinstance(value, str):
            value = value.removesuffix("%")
        return super().to_python(value)


class ApplyForm(KrdsFormMixin, forms.Form):
    purpose = forms.ModelChoiceField(LoanPurpose.objects.none(), label=_("Loan purpose"))
    bank = forms.ModelChoiceField(PartnerBank.objects.none(), label=_("Bank"))
    amount_won = WonField(label=_("Amount (won)"), min_value=1)
    preferred = forms.ChoiceField(
        label=_("Preferred company"),
        choices=[("", _("Not a preferred company")), *PreferredKind.choices],
        required=False,
    )
    use_of_funds = forms.CharField(
        label=_("Use of the funds"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    declares_good_standing = forms.BooleanField(
        label=_(
            "The company is neither suspended nor closed and owes no national or local tax; "
            "the bank and the agency may check this."
        ),
        required=False,
    )

    def __init__(self, *args: Any, fund: FundRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["purpose"]).queryset = fund.purposes.all()
        cast(forms.ModelChoiceField, self.fields["bank"]).queryset = fund.banks.filter(active=True)


class RecommendForm(KrdsFormMixin, forms.Form):
    amount_won = WonField(label=_("Amount to recommend (won)"), min_value=1)
    note = forms.CharField(label=_("Review note"), max_length=2000, required=False)


class ReasonForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class ExecutionForm(KrdsFormMixin, forms.Form):
    bank_reference = forms.CharField(label=_("Bank's loan number"), max_length=40)
    principal_won = WonField(label=_("Principal (won)"), min_value=1)
    executed_on = forms.DateField(
        label=_("Made on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    bank_rate_pct = RateField(label=_("Bank's rate (%)"))
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=240)
    grace_months = forms.IntegerField(
        label=_("Grace period (months)"), min_value=0, max_value=120, initial=0
    )
    repayment_method = forms.ChoiceField(label=_("Repayment"), choices=RepaymentMethod.choices)


class EventForm(KrdsFormMixin, forms.Form):
    on = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Change"), choices=EventKind.choices)
    amount_won = WonField(label=_("Amount repaid (won)"), required=False)
    bank_rate_pct = RateField(label=_("New bank rate (%)"), required=False)


class StopForm(KrdsFormMixin, forms.Form):
    on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("Why"), choices=StopReason.choices)


class ClaimPeriodForm(KrdsFormMixin, forms.Form):
    fund = forms.ModelChoiceField(FundRound.objects.none(), label=_("Fund round"))
    period_start = forms.DateField(
        label=_("Period starts"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, bank: PartnerBank, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["fund"]).queryset = bank.fund_rounds.all()


class PayForm(KrdsFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class UploadForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
