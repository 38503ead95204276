"""Forms for appeals (이의신청): the applicant's appeal and staff's decision. They check shape
only; the service checks the period and the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.reviews.services.appeals import TEXT_MAX


class AppealForm(KrdsFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Grounds of the appeal"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX,
        help_text=_("Say which score or reason you contest and why."),
    )


class AppealDecisionForm(KrdsFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Uphold")), ("dismiss", _("Dismiss"))],
    )
    comment = forms.CharField(
        label=_("Decision the applicant reads"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
