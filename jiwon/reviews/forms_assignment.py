"""Staff's form for assigning an evaluator by hand."""

from collections.abc import Iterable
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jiwon.applications.models import Application
from jiwon.core.forms import KrdsFormMixin
from jiwon.reviews.models import CommitteeMember, Evaluator


class ManualAssignmentForm(KrdsFormMixin, forms.Form):
    """Choose one of the committee's applications and one of its members; cleaned, they are
    the Application and the Evaluator themselves."""

    application = forms.TypedChoiceField(label=_("Application"), coerce=int)
    evaluator = forms.TypedChoiceField(label=_("Evaluator"), coerce=int)

    def __init__(
        self,
        *args,
        applications: Iterable[Application],
        members: Iterable[CommitteeMember],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.applications = {a.pk: a for a in applications}
        self.evaluators = {m.evaluator_id: m.evaluator for m in members}
        cast(forms.ChoiceField, self.fields["application"]).choices = [
            (a.pk, f"{a.receipt_number or a.pk} {a.company.name_ko}")
            for a in self.applications.values()
        ]
        cast(forms.ChoiceField, self.fields["evaluator"]).choices = [
            (pk, str(e)) for pk, e in self.evaluators.items()
        ]

    def clean_application(self) -> Application:
        return self.applications[self.cleaned_data["application"]]

    def clean_evaluator(self) -> Evaluator:
        return self.evaluators[self.cleaned_data["evaluator"]]
