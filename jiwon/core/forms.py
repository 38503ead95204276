from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form: field errors to fields the form has,
    everything else to the form as a whole."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


# The mixin goes before a form class (`class F(KrdsFormMixin, forms.Form)`); the type checker
# reads it as the form it will be mixed into.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class KrdsFormMixin(_FormBase):
    """Adds KRDS classes and aria attributes to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                css = "krds-form-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = ""
            else:
                css = "krds-input"
            if css:
                widget.attrs.setdefault("class", css)
            self.describe(name)

    def describe(self, name: str) -> None:
        """Point the field's aria-describedby at its hint (includes/field.html gives the hint
        the field's own id + "-hint", prefix included). Call again after setting a help text
        once the form is built."""
        if self.fields[name].help_text:
            self.fields[name].widget.attrs.setdefault(
                "aria-describedby", f"{self[name].auto_id}-hint"
            )

    def add_error(self, field: str | None, error: Any) -> None:
        # Covers errors from clean_<field>() and from services (add_service_errors) alike;
        # `error` is whatever Form.add_error accepts (a message, a list, a ValidationError...).
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                own = self[name].auto_id
                hint = f"{own}-hint " if self.fields[name].help_text else ""
                attrs["aria-describedby"] = f"{hint}{own}-error"
