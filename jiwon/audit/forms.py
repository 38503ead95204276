from typing import Any, cast

from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jiwon.audit.selectors import EntryFilters
from jiwon.core.forms import KrdsFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _type_label(object_type: str) -> str:
    try:
        return str(capfirst(apps.get_model(object_type)._meta.verbose_name))
    except (LookupError, ValueError):
        return object_type


class AuditFilterForm(KrdsFormMixin, forms.Form):
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object ID"), required=False, max_length=64)
    actor = forms.CharField(
        label=_("Actor"),
        required=False,
        max_length=150,
        help_text=_("Part of the username, e.g. kim."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DATE, help_text=_("Korean time, inclusive.")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DATE, help_text=_("Korean time, inclusive.")
    )

    def __init__(
        self, *args: Any, object_types: list[str], actions: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        wanted_type = self.data.get("object_type", "")
        if wanted_type and wanted_type not in object_types:
            # Links from an object's page ask for its type before it has any entry; that is an
            # empty result, not an error.
            object_types = [*object_types, wanted_type]
        # Declared above as ChoiceFields; their choices come from the log.
        cast(forms.ChoiceField, self.fields["object_type"]).choices = [
            ("", _("All")),
            *[(t, _type_label(t)) for t in object_types],
        ]
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            ("", _("All")),
            *[(a, a) for a in actions],
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to",
                _("The end date must be on or after the start date (%(start)s).")
                % {"start": date_from.isoformat()},
            )
        return cleaned

    def filters(self) -> EntryFilters:
        if not self.is_bound:
            return EntryFilters()
        data = self.cleaned_data
        return EntryFilters(
            object_type=data["object_type"],
            object_id=data["object_id"].strip(),
            actor=data["actor"].strip(),
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
