import json
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiwon.applications.definition import Step, parse_definition
from jiwon.core.forms import KrdsFormMixin

KST = ZoneInfo("Asia/Seoul")


def _django_field(field) -> forms.Field:
    common = {"label": field.label, "help_text": field.help, "required": False}
    if field.type == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), **common)
    if field.type == "number":
        # Text, not IntegerField: "50,000,000" is accepted and an invalid entry is kept in the
        # draft as typed; the service says what to fix.
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common)
    if field.type == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if field.type == "choice":
        choices = [("", "—"), *((c.value, c.label) for c in field.choices)]
        return forms.ChoiceField(choices=choices, **common)
    if field.type == "multichoice":
        return forms.MultipleChoiceField(
            choices=[(c.value, c.label) for c in field.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if field.type == "checkbox":
        return forms.BooleanField(**common)
    if field.type == "phone":
        attrs = {"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 30}
        return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)
    return forms.CharField(widget=forms.TextInput(attrs={"maxlength": field.max_length}), **common)


def step_form(step: Step, *, answers: dict, data=None) -> forms.Form:
    """The questions of `step` the applicant answers (not prefilled, not files). Every field is
    optional here: a draft may be incomplete; the submission checks what is required."""
    fields = {}
    required = {}
    for field in step.fields:
        if field.is_answered_by_applicant:
            fields[field.key] = _django_field(field)
            required[field.key] = field.required
    initial = {key: answers.get(key) for key in fields}
    # The form metaclass consumes the attribute dict it is given: pass a copy.
    form_class = type("StepForm", (KrdsFormMixin, forms.Form), dict(fields))
    form = form_class(data=data, initial=initial)
    for key, django_field in form.fields.items():
        # The field template marks the questions the submission will require.
        django_field.jw_required = required[key]
        if required[key]:
            django_field.widget.attrs["aria-required"] = "true"
    return form


def raw_answers(step: Step, data) -> dict:
    """What the applicant entered for `step`, in the shape the services take."""
    answers = {}
    for field in step.fields:
        if not field.is_answered_by_applicant:
            continue
        if field.type == "multichoice":
            answers[field.key] = data.getlist(field.key)
        elif field.type == "checkbox":
            answers[field.key] = field.key in data
        else:
            answers[field.key] = data.get(field.key, "")
    return answers


class UploadForm(forms.Form):
    field_key = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))


class CommentForm(KrdsFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupplementResponseForm(KrdsFormMixin, forms.Form):
    response = forms.CharField(
        label=_("What you have added or changed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Upload the requested files above first, then send this."),
    )


class ScreenForm(KrdsFormMixin, forms.Form):
    DECISIONS = [
        ("", "—"),
        ("start", _("Start screening")),
        ("pass", _("Pass screening")),
        ("supplement", _("Request a supplement")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required to reject (the reason) and to request a supplement (what is "
            "missing). The applicant reads it."
        ),
    )
    due_at = forms.DateTimeField(
        label=_("Supplement due (KST)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_due_at(self):
        value = self.cleaned_data["due_at"]
        # datetime-local carries no zone: the times people enter are Korean time.
        return value.astimezone(KST) if value else None


class DefinitionForm(KrdsFormMixin, forms.Form):
    definition = forms.CharField(
        label=_("Form definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_(
            "Steps with their fields; see the reference below. Applications already "
            "started keep the version they started on."
        ),
    )
    note = forms.CharField(label=_("Note on this version"), required=False, max_length=200)

    def clean_definition(self):
        text = self.cleaned_data["definition"]
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("This is not valid JSON (line %(line)d, column %(column)d): %(problem)s.")
                % {"line": exc.lineno, "column": exc.colno, "problem": exc.msg}
            ) from exc
        parse_definition(data)
        return data
