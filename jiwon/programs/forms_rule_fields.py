"""The input fields of the no-code rule builder (forms_rules.py): each reads the raw POST value
into rule JSON (`read`) and shows a rule's value in its input (`show`), keeping what someone
typed as typed so that the validator can name what to fix."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class RegionPicker(forms.Widget):
    """The regions chosen (a checkbox each: untick to remove) and a picker to add one: every
    code in force, grouped by 시도 (each 시도 first, then its 시군구), the city's own districts
    (관내) first, with a search box (jiwon.js) that narrows it as one types a name or a code,
    like the company forms' region picker. Choosing one adds it. What was posted is read as
    a code, a full name or an unambiguous part of one."""

    template_name = "programs/rules_region_picker.html"

    def __init__(self, regions: dict[str, str], attrs=None):
        super().__init__(attrs)
        self.regions = regions

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["chosen"] = [(code, self.regions.get(code, "")) for code in value or []]
        context["widget"]["search_name"] = f"{name}_add"
        context["widget"]["groups"] = self.groups()
        return context

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(group label, [(code, name)]) in the order the picker shows them."""
        local = [c for c in settings.JIWON_LOCAL_REGION_CODES if c in self.regions]
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        if local:
            groups.append((str(_("In the city")), [(c, self.regions[c]) for c in local]))
        for province, province_name in self.regions.items():
            if len(province) != 2:
                continue
            members = [
                (code, name.removeprefix(f"{province_name} "))
                for code, name in self.regions.items()
                if len(code) == 5 and code.startswith(province) and code not in local
            ]
            groups.append((province_name, [(province, province_name), *members]))
        return groups

    def value_from_datadict(self, data, files, name):
        chosen = data.getlist(name) if hasattr(data, "getlist") else list(data.get(name, []))
        added = self.find(str(data.get(f"{name}_add", "")).strip())
        return list(dict.fromkeys([*chosen, *added]))

    def value_omitted_from_data(self, data, files, name):
        return False

    def find(self, text: str) -> list[str]:
        if not text:
            return []
        code = re.match(r"^(\d{2}|\d{5})(?:\s|$)", text)
        if code:
            return [code.group(1)]
        folded = " ".join(text.split())
        exact = [c for c, name in self.regions.items() if folded in (name, name.split(" ")[-1])]
        partial = [c for c, name in self.regions.items() if folded in name]
        for found in (exact, partial):
            if len(found) == 1:
                return found
        # Kept as typed: the validator then says it is not a region code in force.
        return [folded]


# Form fields that read the raw POST value into rule JSON (`read`) and show a rule's value in
# the input (`show`); fields without them pass values through.


class WholeNumberField(forms.CharField):
    """A whole number typed as text, thousands separators allowed (12,000,000,000); blank is
    "no bound"; anything else is kept as typed for the validator to name."""

    def __init__(self, label, help_text=""):
        attrs = {"inputmode": "numeric", "class": "krds-input"}
        super().__init__(
            label=label, help_text=help_text, required=False, widget=forms.TextInput(attrs)
        )

    @staticmethod
    def read(raw: Any) -> Any:
        text = re.sub(r"[\s,_]", "", str(raw or ""))
        if not text:
            return None
        return int(text) if re.fullmatch(r"-?\d+", text) else str(raw).strip()

    @staticmethod
    def show(value: Any) -> str:
        return "" if value is None else str(value)


class KsicCodesField(forms.CharField):
    """KSIC codes typed in one box, separated by commas or spaces."""

    def __init__(self, label, help_text=""):
        widget = forms.TextInput(attrs={"class": "krds-input"})
        super().__init__(label=label, help_text=help_text, required=False, widget=widget)

    @staticmethod
    def read(raw: Any) -> list[str]:
        codes = re.split(r"[\s,;]+", str(raw or "").upper())
        return list(dict.fromkeys(c for c in codes if c))

    @staticmethod
    def show(value: Any) -> str:
        return ", ".join(value) if isinstance(value, list) else str(value or "")


class SelectField(forms.ChoiceField):
    def __init__(self, label, choices):
        widget = forms.Select(attrs={"class": "krds-form-select"})
        super().__init__(label=label, choices=choices, widget=widget)


class InclusiveField(SelectField):
    """Whether a bound counts itself (이상, 이하) or not (초과, 미만)."""

    @staticmethod
    def read(raw: Any) -> bool:
        return raw == "true"

    @staticmethod
    def show(value: Any) -> str:
        return "true" if value else "false"


def several(label, choices=(), help_text="", widget=forms.CheckboxSelectMultiple):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, help_text=help_text, widget=widget
    )


def programs_field(label, help_text):
    widget = forms.SelectMultiple(attrs={"class": "krds-form-select", "size": 5})
    return several(label, help_text=help_text, widget=widget)
