"""Forms of evaluators (the score form, recusal) and applicants (challenge)."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.reviews.services.scoring import ScoreInput, plain

PREFIX = "score_"


def criterion_label(criterion) -> str:
    """The programme's own words: Korean, or English when the page is in English and the
    rubric has it."""
    if get_language() == "en" and criterion.name_en:
        return criterion.name_en
    return criterion.name_ko


class ScoreForm(KrdsFormMixin, forms.Form):
    """One text field per criterion (the service checks the value, so an entry that is not a
    number is kept as typed and explained) and the comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required to submit. The applicant reads it without your name."),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [row.criterion for row in rows]
        fields = {}
        for row in rows:
            c = row.criterion
            fields[PREFIX + c.code] = forms.CharField(
                label=criterion_label(c),
                required=False,
                initial=None if row.value is None else plain(row.value),
                help_text=_("0 to %(max)s points, weight %(weight)s")
                % {"max": plain(c.max_score), "weight": plain(c.weight)},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )
        comment = self.fields.pop("comment")
        self.fields.update(fields)
        self.fields["comment"] = comment
        # KrdsFormMixin styled the fields it saw; style the criteria too.
        for name in fields:
            self.fields[name].widget.attrs.setdefault("class", "krds-input")
            self.fields[name].widget.attrs.setdefault("aria-describedby", f"id_{name}-hint")

    def to_input(self) -> ScoreInput:
        data = self.cleaned_data
        return ScoreInput(
            values={c.code: data.get(PREFIX + c.code) for c in self.criteria},
            comment=data.get("comment") or "",
        )

    def field_for(self, key: str) -> str | None:
        """The form field a service error keyed by criterion code (or comment) belongs to."""
        if key == "comment":
            return "comment"
        return PREFIX + key if PREFIX + key in self.fields else None


class RecusalForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot evaluate this application"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ChallengeForm(KrdsFormMixin, forms.Form):
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=None)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Why this evaluator cannot judge your application fairly."),
    )

    def __init__(self, *args, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluators
