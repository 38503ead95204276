"""Forms for scoring: the evaluator's score form and staff's rubric editor."""

from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiwon.core.forms import KrdsFormMixin
from jiwon.reviews.models import RubricCriterion
from jiwon.reviews.selectors.scoring import ScoreRow, plain
from jiwon.reviews.services.scoring import COMMENT_MAX_LENGTH, CriterionInput, ScoreInput

PREFIX = "score_"


def criterion_label(criterion: RubricCriterion) -> str:
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
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required to submit. The applicant reads it without your name."),
    )

    def __init__(self, *args, rows: list[ScoreRow], **kwargs):
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

    def keyed(self, exc: ValidationError) -> ValidationError:
        """The service's refusal keyed by this form's fields: the service names a criterion by
        its code, the form's field for it carries a prefix."""
        if not hasattr(exc, "error_dict"):
            return exc
        keyed: dict[str, list[ValidationError]] = {}
        for key, errors in exc.error_dict.items():
            keyed.setdefault(self.field_for(key) or NON_FIELD_ERRORS, []).extend(errors)
        return ValidationError(keyed)


class CriterionForm(KrdsFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    name_ko = forms.CharField(label=_("Korean name"), max_length=200, required=False)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    weight = forms.DecimalField(
        label=_("Weight"), required=False, max_digits=6, decimal_places=2, initial=Decimal(1)
    )
    max_score = forms.DecimalField(
        label=_("Maximum"), required=False, max_digits=6, decimal_places=2
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(k) for k in ("code", "name_ko", "name_en", "max_score"))

    def to_input(self) -> CriterionInput:
        data = self.cleaned_data
        weight: Decimal | None = data.get("weight")
        max_score: Decimal | None = data.get("max_score")
        return CriterionInput(
            code=data.get("code") or "",
            name_ko=data.get("name_ko") or "",
            name_en=data.get("name_en") or "",
            weight=Decimal(0) if weight is None else weight,
            max_score=Decimal(0) if max_score is None else max_score,
        )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=3)
