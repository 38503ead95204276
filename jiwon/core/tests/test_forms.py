from django import forms
from django.core.exceptions import ValidationError

from jiwon.core.forms import KrdsFormMixin, add_service_errors


class ProfileForm(KrdsFormMixin, forms.Form):
    name = forms.CharField(help_text="As on the business registration.")
    kind = forms.ChoiceField(choices=[("a", "A")])
    agree = forms.BooleanField(required=False)
    note = forms.CharField(required=False)


def test_it_styles_every_widget_the_krds_way():
    fields = ProfileForm().fields
    assert fields["name"].widget.attrs["class"] == "krds-input"
    assert fields["kind"].widget.attrs["class"] == "krds-form-select"
    assert "class" not in fields["agree"].widget.attrs
    assert fields["name"].widget.attrs["aria-describedby"] == "id_name-hint"
    assert "aria-describedby" not in fields["note"].widget.attrs


def test_it_marks_a_field_in_error_for_screen_readers():
    form = ProfileForm({"name": "", "kind": "a"})
    assert not form.is_valid()
    name, note = form.fields["name"].widget.attrs, form.fields["note"].widget.attrs
    assert name["aria-invalid"] == "true"
    assert name["aria-describedby"] == "id_name-hint id_name-error"
    assert "aria-invalid" not in note
    form.add_error("note", "Too long.")
    assert form.fields["note"].widget.attrs["aria-describedby"] == "id_note-error"


def test_it_puts_a_service_error_on_its_field_and_the_rest_on_the_form():
    form = ProfileForm({"name": "x", "kind": "a"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": ["Taken.", "Too short."], "ksic": "Bad."}))
    assert form.errors["name"] == ["Taken.", "Too short."]
    assert form.non_field_errors() == ["Bad."]
    assert form.fields["name"].widget.attrs["aria-invalid"] == "true"


def test_a_service_error_without_fields_goes_to_the_form():
    form = ProfileForm({"name": "x", "kind": "a"})
    assert form.is_valid()
    add_service_errors(form, ValidationError("Applications are closed."))
    assert form.non_field_errors() == ["Applications are closed."]
