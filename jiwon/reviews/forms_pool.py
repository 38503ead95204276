"""Staff forms for the evaluator pool: evaluators, their relationships, committees and their
members."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.companies.validators import normalize_brn
from jiwon.core.forms import KrdsFormMixin
from jiwon.reviews.models import (
    Committee,
    CommitteeStage,
    CommitteeStatus,
    Evaluator,
    RelationshipKind,
)
from jiwon.reviews.services.pool import CommitteeInput, EvaluatorInput


def split_list(value: str) -> list[str]:
    """Comma- or line-separated entries, trimmed, blanks dropped."""
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


class EvaluatorForm(KrdsFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "The account the evaluator signs in with. A new account is created when none "
            "exists; the evaluator sets its password through “Forgot your password?”."
        ),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    name = forms.CharField(label=_("Name"), max_length=100)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    region_code = forms.CharField(label=_("Region code"), max_length=5, required=False)
    expertise_ksic = forms.CharField(
        label=_("Fields (KSIC codes)"),
        required=False,
        help_text=_("Codes at any level separated by commas, e.g. C, 26, 2612, 62010."),
    )
    expertise_keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separated by commas, e.g. 반도체, IoT, sensor."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=0,
        initial=10,
        help_text=_("How many applications this evaluator takes per committee."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, evaluator: Evaluator | None = None, **kwargs):
        if evaluator is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": evaluator.name,
                    "affiliation": evaluator.affiliation,
                    "region_code": evaluator.region_code,
                    "expertise_ksic": ", ".join(evaluator.expertise_ksic),
                    "expertise_keywords": ", ".join(evaluator.expertise_keywords),
                    "capacity": evaluator.capacity,
                    "active": evaluator.active,
                },
            )
        super().__init__(*args, **kwargs)
        if evaluator is not None:
            del self.fields["username"]
            del self.fields["email"]

    def to_input(self) -> EvaluatorInput:
        data = self.cleaned_data
        return EvaluatorInput(
            name=data["name"],
            affiliation=data["affiliation"],
            region_code=data["region_code"],
            expertise_ksic=split_list(data["expertise_ksic"]),
            expertise_keywords=split_list(data["expertise_keywords"]),
            capacity=data["capacity"],
            active=data["active"],
        )


class RelationshipForm(KrdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Relationship"), choices=RelationshipKind.choices)
    brn = forms.CharField(
        label=_("Company's business registration number"),
        required=False,
        help_text=_("For a company in the registry; otherwise enter the organisation's name."),
    )
    organisation_name = forms.CharField(label=_("Organisation name"), required=False)
    declared_on = forms.DateField(
        label=_("Declared on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean_brn(self):
        raw = self.cleaned_data["brn"].strip()
        if not raw:
            return None
        company = Company.objects.filter(brn=normalize_brn(raw)).first()
        if company is None:
            raise ValidationError(_("No company in the registry has this number."))
        return company

    def clean(self):
        data = super().clean()
        named = data.get("brn") or (data.get("organisation_name") or "").strip()
        if not named and not self.errors:
            raise ValidationError(
                _("Enter the company's business registration number or the name.")
            )
        return data


class CommitteeForm(KrdsFormMixin, forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=CommitteeStage.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    per_application = forms.IntegerField(
        label=_("Evaluators per application"), min_value=1, initial=5
    )
    min_for_trimmed = forms.IntegerField(
        label=_("Evaluators needed to drop the highest and lowest total"),
        min_value=3,
        initial=5,
        help_text=_("With fewer evaluators, the plain mean of their totals is used."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=CommitteeStatus.choices, initial=CommitteeStatus.FORMING
    )

    def __init__(self, *args, committee: Committee | None = None, **kwargs):
        if committee is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": committee.name,
                    "per_application": committee.per_application,
                    "min_for_trimmed": committee.min_for_trimmed,
                    "status": committee.status,
                },
            )
        super().__init__(*args, **kwargs)
        if committee is not None:
            del self.fields["stage"]

    def to_input(self) -> CommitteeInput:
        data = self.cleaned_data
        return CommitteeInput(
            name=data["name"],
            per_application=data["per_application"],
            min_for_trimmed=data["min_for_trimmed"],
            status=data["status"],
        )


class MemberForm(KrdsFormMixin, forms.Form):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=Evaluator.objects.none())
    capacity = forms.IntegerField(
        label=_("Capacity in this committee"),
        min_value=0,
        required=False,
        help_text=_("Leave blank to use the evaluator's own capacity."),
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["evaluator"]).queryset = (
            Evaluator.objects.filter(active=True)
            .exclude(committee_memberships__committee=committee)
            .order_by("name", "id")
        )
