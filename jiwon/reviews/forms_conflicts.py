"""Forms for conflicts of interest: the evaluator's recusal (회피), the applicant's challenge
(기피) and staff's decision on it."""

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.reviews.models import Evaluator


class RecusalForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot evaluate this application"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ChallengeForm(KrdsFormMixin, forms.Form):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=Evaluator.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Why this evaluator cannot judge your application fairly."),
    )

    def __init__(self, *args, evaluators: QuerySet[Evaluator], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["evaluator"]).queryset = evaluators


class DecisionForm(KrdsFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Uphold: the evaluator is removed")), ("dismiss", _("Dismiss"))],
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
