"""Forms of the loan pages. Amounts are typed with or without thousands separators (NFKC,
ASCII digits); rates as percent with at most three decimals."""

import re
import unicodedata
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.loans.models import (
    FUND_ROUNDINGS,
    MAX_RATE,
    MAX_WON,
    EventKind,
    FundRound,
    LoanPurpose,
    PartnerBank,
    PaymentFrequency,
    PreferredKind,
    PurposeKind,
    RepaymentMethod,
    StopReason,
)
from jiwon.loans.services.funds import FundInput, PurposeInput
from jiwon.programs.models import Category, Program


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


BAND_SEPARATORS = re.compile(r"[\s,;:→]+")


def parse_bands(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """A rate-scaled table typed one row a line: the bank rate from which the row applies and
    its subsidy, e.g. "1.51 0.5" or "1.51% → 0.5%p"."""
    rows = []
    for number, line in enumerate(unicodedata.normalize("NFKC", text).splitlines(), start=1):
        line = line.replace("%p", " ").replace("%", " ").strip()
        if not line:
            continue
        parts = [p for p in BAND_SEPARATORS.split(line) if p]
        try:
            start, subsidy = (Decimal(p) for p in parts)
        except (ValueError, ArithmeticError):
            raise forms.ValidationError(
                _(
                    "Line %(n)s: write the bank rate from which the row applies and its "
                    "subsidy, e.g. 1.51 0.5."
                )
                % {"n": number}
            ) from None
        rows.append((start, subsidy))
    if len(rows) > 40:
        raise forms.ValidationError(_("A table has at most 40 rows."))
    return tuple(rows)


def bands_text(purpose: LoanPurpose) -> str:
    return "\n".join(f"{b.from_rate_pct} {b.subsidy_pct}" for b in purpose.bands.all())


PURPOSE_FIELDS = ("offered", "limit_won", "term_months", "grace_months", "subsidy_pct", "bands")


class FundRoundForm(KrdsFormMixin, forms.Form):
    """A fund round with its purposes: the purpose fields are named `<kind>-<field>`, as the
    service names them in its messages."""

    year = forms.IntegerField(label=_("Fund year"), min_value=2000, max_value=2100)
    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    program = forms.ModelChoiceField(
        Program.objects.none(),
        label=_("Programme (eligibility rule and support ledger)"),
    )
    loan_volume_won = WonField(label=_("Loan volume (won)"), min_value=1)
    subsidy_budget_won = WonField(label=_("Subsidy budget (won)"))
    opens_on = forms.DateField(
        label=_("Applications open"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Applications close (last day)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    letter_valid_days = forms.IntegerField(
        label=_("A recommendation letter is valid for (days)"), min_value=1, max_value=365
    )
    preferred_bonus_pct = RateField(
        label=_("Extra subsidy for preferred companies (%p)"), min_value=Decimal(0)
    )
    payment_frequency = forms.ChoiceField(label=_("Subsidy paid"), choices=PaymentFrequency.choices)
    rounding = forms.ChoiceField(
        label=_("Rounding of a claim line"),
        choices=FUND_ROUNDINGS,
        help_text=_("Claims already made keep the rounding they were made with."),
    )
    banks = forms.ModelMultipleChoiceField(
        PartnerBank.objects.none(),
        label=_("Partner banks"),
        widget=forms.CheckboxSelectMultiple,
    )
    terms_from = forms.DateField(
        label=_("New subsidy terms apply to loans made from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Needed when the round has letters or loans and a subsidy rate, a table or the "
            "preferred bonus changes: loans made before this day keep the terms before."
        ),
    )

    def __init__(self, *args: Any, fund: FundRound | None = None, **kwargs: Any) -> None:
        if fund is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(fund)
        super().__init__(*args, **kwargs)
        self.fund = fund
        programs = Program.objects.filter(category=Category.FINANCE)
        if fund is not None:
            programs = programs | Program.objects.filter(pk=fund.program_id)
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = programs.order_by(
            "-fiscal_year", "title_ko"
        )
        banks = PartnerBank.objects.filter(active=True)
        if fund is not None:
            banks = banks | PartnerBank.objects.filter(fund_rounds=fund)
        cast(forms.ModelChoiceField, self.fields["banks"]).queryset = banks.distinct()
        for kind, label in PurposeKind.choices:
            for name, field in self.purpose_fields(str(label)).items():
                self.fields[f"{kind}-{name}"] = field
        # KrdsFormMixin styled the fields the class declares; style the purpose fields too.
        for name, field in self.fields.items():
            if "-" in name and not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "krds-input")

    @staticmethod
    def purpose_fields(label: str) -> dict[str, forms.Field]:
        return {
            "offered": forms.BooleanField(
                label=_("Offer %(purpose)s") % {"purpose": label}, required=False
            ),
            "limit_won": WonField(label=_("Limit per company (won)"), required=False),
            "term_months": forms.IntegerField(
                label=_("Term (months)"), min_value=1, max_value=240, required=False
            ),
            "grace_months": forms.IntegerField(
                label=_("Grace period (months)"), min_value=0, max_value=239, required=False
            ),
            "subsidy_pct": RateField(
                label=_("Subsidy rate (%p)"), min_value=Decimal(0), required=False
            ),
            "bands": forms.CharField(
                label=_("Or a table that scales with the bank's rate"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "One row a line: the bank rate from which the row applies and its "
                    "subsidy, e.g. “1.51 0.5”. Filled in, it replaces the flat rate."
                ),
            ),
        }

    @staticmethod
    def initial_of(fund: FundRound) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(fund, name)
            for name in (
                "year",
                "name_ko",
                "name_en",
                "program",
                "loan_volume_won",
                "subsidy_budget_won",
                "opens_on",
                "closes_on",
                "letter_valid_days",
                "preferred_bonus_pct",
                "payment_frequency",
                "rounding",
            )
        }
        initial["banks"] = list(fund.banks.all())
        for p in fund.purposes.prefetch_related("bands"):
            initial.update(
                {
                    f"{p.kind}-offered": True,
                    f"{p.kind}-limit_won": p.limit_won,
                    f"{p.kind}-term_months": p.term_months,
                    f"{p.kind}-grace_months": p.grace_months,
                    f"{p.kind}-subsidy_pct": p.subsidy_pct,
                    f"{p.kind}-bands": bands_text(p) if p.rate_scaled else "",
                }
            )
        return initial

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if "-" not in name and name != "terms_from"]

    def purpose_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [
            (kind, str(label), [self[f"{kind}-{name}"] for name in PURPOSE_FIELDS])
            for kind, label in PurposeKind.choices
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind, label in PurposeKind.choices:
            if not data.get(f"{kind}-offered"):
                continue
            try:
                data[f"{kind}-bands"] = parse_bands(data.get(f"{kind}-bands") or "")
            except forms.ValidationError as exc:
                self.add_error(f"{kind}-bands", exc)
            for name in ("limit_won", "term_months"):
                if data.get(f"{kind}-{name}") in (None, ""):
                    self.add_error(
                        f"{kind}-{name}",
                        _("%(purpose)s: fill this in, or do not offer the purpose.")
                        % {"purpose": label},
                    )
            if data.get(f"{kind}-subsidy_pct") is None and not data.get(f"{kind}-bands"):
                self.add_error(
                    f"{kind}-subsidy_pct",
                    _("%(purpose)s: give the subsidy rate or a table.") % {"purpose": label},
                )
        return data

    def fund_input(self) -> FundInput:
        data = self.cleaned_data
        purposes = [
            PurposeInput(
                kind=kind,
                limit_won=data[f"{kind}-limit_won"],
                term_months=data[f"{kind}-term_months"],
                grace_months=data[f"{kind}-grace_months"] or 0,
                subsidy_pct=data[f"{kind}-subsidy_pct"] or Decimal("0.000"),
                bands=data[f"{kind}-bands"],
            )
            for kind in PurposeKind.values
            if data.get(f"{kind}-offered")
        ]
        return FundInput(
            year=data["year"],
            name_ko=data["name_ko"],
            name_en=data["name_en"],
            program=data["program"],
            loan_volume_won=data["loan_volume_won"],
            subsidy_budget_won=data["subsidy_budget_won"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            purposes=purposes,
            banks=list(data["banks"]),
            letter_valid_days=data["letter_valid_days"],
            preferred_bonus_pct=data["preferred_bonus_pct"],
            payment_frequency=data["payment_frequency"],
            rounding=data["rounding"],
        )
