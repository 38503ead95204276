"""The no-code rule builder: a plain HTML form whose fields spell out the rule tree.

Node `c` is the root (all/any); `c0`, `c1`, … are its criteria, `c1_0` the first member of
group `c1`, and so on. Every field of a node carries its key as prefix (`c1_0-maximum`), so
one POST holds the whole tree: `read_tree` turns it back into rule JSON, `apply_action` adds
or removes a node, and `RuleEditor` renders the form again from the JSON. Reading is
forgiving: what someone typed is kept as typed, and `parse_rule` says what to fix, each message
naming where it is ("rule.criteria[1].max: enter a whole number.").
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import CertificationKind, GrowthStage
from jiwon.core.forms import KrdsFormMixin
from jiwon.programs.eligibility import nodes as n
from jiwon.programs.eligibility import rules as r
from jiwon.programs.forms_rule_fields import (
    InclusiveField,
    KsicCodesField,
    RegionPicker,
    SelectField,
    WholeNumberField,
    programs_field,
    several,
)
from jiwon.programs.models import RULE_NOTE_MAX_LENGTH
from jiwon.programs.selectors.rules import Vocabulary, describe

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ROOT = "c"
GROUP_TYPES = ("all", "any", "not")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

LEAF_LABELS = {
    "region": _("Region (시도·시군구)"),
    "industry": _("Industry (KSIC)"),
    "years_in_business": _("Years in business (업력)"),
    "representative_age": _("Representative's age (만 나이)"),
    "employees": _("Employees"),
    "sales": _("Sales (won)"),
    "certification": _("Certifications"),
    "women_owned": _("Women-owned business (여성기업)"),
    "disabled_owned": _("Disabled-owned business (장애인기업)"),
    "social_enterprise": _("Social enterprise (사회적기업)"),
    "past_selection": _("Not selected recently"),
    "in_progress": _("Projects in progress"),
    "growth_stage": _("Growth stage"),
}
GROUP_LABELS = {"all": _("Group: all of"), "any": _("Group: any of"), "not": _("Group: not")}
ROOT_CHOICES = [
    ("all", _("all of these criteria (AND)")),
    ("any", _("at least one of these criteria (OR)")),
]
GROUP_CHOICES = [("all", _("all of (AND)")), ("any", _("any of (OR)"))]
# Defaults (rules.py) are fine for a new criterion, except numbers nobody should pick for
# the person adding it.
UNDECIDED = {"past_selection": {"within_years": None}, "in_progress": {"max": None}}


def new_node(kind: str) -> dict[str, Any]:
    """A criterion of `kind` as the "add" button makes it."""
    if kind == "not":
        return {"type": "not"}
    return {**r.rule_to_json(r.NODE_TYPES[kind]()), **UNDECIDED.get(kind, {})}


def add_choices() -> list[tuple[StrOrPromise, Any]]:
    return [
        (_("Criteria"), list(LEAF_LABELS.items())),
        (_("Groups"), list(GROUP_LABELS.items())),
    ]


def json_name(attribute: str) -> str:
    return n.json_name(attribute)


class CriterionForm(forms.Form):
    """The inputs of one criterion. Field names are the node's attributes (predicates/); the
    JSON names differ for in/not_in/min/max (`json_name`)."""

    type: ClassVar[str]

    def __init__(self, key: str, node: dict[str, Any], vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        if self.base_fields:
            # A rule typed as JSON may leave out fields that have a default.
            node = {**r.rule_to_json(r.NODE_TYPES[self.type]()), **node}
        initial = {}
        for name, form_field in self.base_fields.items():
            value = node.get(json_name(name))
            initial[name] = form_field.show(value) if hasattr(form_field, "show") else value
        super().__init__(prefix=key, initial=initial)

    @classmethod
    def read(cls, data, key: str, vocabulary: Vocabulary) -> dict[str, Any]:
        form = cls(key, {}, vocabulary)
        values = {}
        for name, form_field in form.fields.items():
            raw = form_field.widget.value_from_datadict(data, {}, form.add_prefix(name))
            values[json_name(name)] = form_field.read(raw) if hasattr(form_field, "read") else raw
        return values


class RegionForm(CriterionForm):
    type = "region"
    include = forms.Field(label=_("Located in"), required=False)
    exclude = forms.Field(label=_("Not located in"), required=False)
    local_only = forms.BooleanField(label=_("Local (관내) companies only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("include", "exclude"):
            self.fields[name].widget = RegionPicker(self.vocabulary.regions)


class IndustryForm(CriterionForm):
    type = "industry"
    include = KsicCodesField(
        _("KSIC codes included"),
        _("Codes at any level, separated by commas: a section letter (C) or 2–5 digits."),
    )
    exclude = KsicCodesField(_("KSIC codes excluded"))


class YearsInBusinessForm(CriterionForm):
    type = "years_in_business"
    min_years = WholeNumberField(_("Minimum years in business"), _("Blank: no minimum."))
    min_inclusive = InclusiveField(
        _("The minimum counts as"),
        [("true", _("at least (이상)")), ("false", _("more than (초과)"))],
    )
    max_years = WholeNumberField(_("Maximum years in business"), _("Blank: no maximum."))
    max_inclusive = InclusiveField(
        _("The maximum counts as"),
        [("false", _("under (미만)")), ("true", _("at most (이하·이내)"))],
    )
    prefounder = SelectField(
        _("Pre-founders (예비창업자)"),
        [
            ("forbidden", _("not eligible")),
            ("allowed", _("also eligible")),
            ("required", _("only pre-founders")),
        ],
    )


class RepresentativeAgeForm(CriterionForm):
    type = "representative_age"
    minimum = WholeNumberField(_("Minimum age (만, inclusive)"))
    maximum = WholeNumberField(
        _("Maximum age (만, inclusive)"), _("만 39세 이하 is a maximum of 39.")
    )


class EmployeesForm(CriterionForm):
    type = "employees"
    minimum = WholeNumberField(_("Minimum employees (inclusive)"))
    maximum = WholeNumberField(_("Maximum employees (inclusive)"))


class SalesForm(CriterionForm):
    type = "sales"
    minimum = WholeNumberField(_("Minimum sales in won (inclusive)"))
    maximum = WholeNumberField(
        _("Maximum sales in won (inclusive)"), _("Whole won: 12,000,000,000.")
    )
    basis = SelectField(
        _("Sales figure"),
        [
            ("last_year", _("last year's sales (registry)")),
            ("three_year_average", _("average of the 3 years before the reference year")),
        ],
    )


class CertificationForm(CriterionForm):
    type = "certification"
    kinds = several(_("Certifications"), CertificationKind.choices)
    mode = SelectField(
        _("The company must hold"), [("any", _("any one of them")), ("all", _("all of them"))]
    )


class OwnershipForm(CriterionForm):
    """Women-owned, disabled-owned, social enterprise: a valid certificate, nothing to set."""


class _ProgramsForm(CriterionForm):
    def __init__(self, key, node, vocabulary):
        super().__init__(key, node, vocabulary)
        chosen = node.get("programs") or []
        keys = [*vocabulary.series, *(k for k in chosen if k not in vocabulary.series)]
        self.fields["programs"].choices = [(k, k) for k in keys]


class PastSelectionForm(_ProgramsForm):
    type = "past_selection"
    programs = programs_field(
        _("Programmes (series)"), _("Companies selected in any of these are not eligible.")
    )
    within_years = WholeNumberField(_("Within (years)"), _("최근 3년 이내 is 3."))


class InProgressForm(_ProgramsForm):
    type = "in_progress"
    maximum = WholeNumberField(_("At most (projects in progress)"))
    programs = programs_field(
        _("Counting projects of"), _("None chosen: projects of every programme count.")
    )


class GrowthStageForm(CriterionForm):
    type = "growth_stage"
    include = several(_("Stages"), GrowthStage.choices)


LEAF_FORMS: dict[str, type[CriterionForm]] = {
    "region": RegionForm,
    "industry": IndustryForm,
    "years_in_business": YearsInBusinessForm,
    "representative_age": RepresentativeAgeForm,
    "employees": EmployeesForm,
    "sales": SalesForm,
    "certification": CertificationForm,
    "women_owned": OwnershipForm,
    "disabled_owned": OwnershipForm,
    "social_enterprise": OwnershipForm,
    "past_selection": PastSelectionForm,
    "in_progress": InProgressForm,
    "growth_stage": GrowthStageForm,
}


# The tree: keys, reading it back from a POST, and the add/remove actions.


def child_key(key: str, index: int) -> str:
    return f"{key}{index}" if key == ROOT else f"{key}_{index}"


def key_indexes(key: str) -> list[int] | None:
    """The indexes of a node key ("c1_0" → [1, 0]); None for anything else."""
    if key == ROOT:
        return []
    if not re.fullmatch(r"c\d+(?:_\d+)*", key):
        return None
    return [int(part) for part in key[1:].split("_")]


def kids(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The members of a group node (the list itself for all/any, so it can be edited)."""
    if node.get("type") in ("all", "any"):
        criteria = node.setdefault("criteria", [])
        return criteria if isinstance(criteria, list) else []
    if node.get("type") == "not" and isinstance(node.get("criterion"), dict):
        return [node["criterion"]]
    return []


def read_tree(data, vocabulary: Vocabulary) -> dict[str, Any]:
    """The rule JSON the editor's fields describe."""
    tree = _read_node(data, ROOT, vocabulary, 0)
    if tree["type"] not in ("all", "any"):
        tree["type"] = "all"
    return tree


def _read_node(data, key: str, vocabulary: Vocabulary, depth: int) -> dict[str, Any]:
    kind = str(data.get(f"{key}-type", "all" if key == ROOT else ""))
    node: dict[str, Any] = {"type": kind}
    node_id = str(data.get(f"{key}-id", "")).strip()
    if node_id:
        node["id"] = node_id
    if kind in GROUP_TYPES:
        members = []
        # The depth bound stops a crafted POST from recursing without end (parse_rule reports
        # a rule nested deeper than it allows); Django caps the number of fields of a POST.
        if depth <= n.MAX_DEPTH:
            for index in itertools.count():
                member = child_key(key, index)
                if f"{member}-type" not in data:
                    break
                members.append(_read_node(data, member, vocabulary, depth + 1))
        if kind == "not":
            if members:
                node["criterion"] = members[0]
        else:
            node["criteria"] = members
    elif kind in LEAF_FORMS:
        node.update(LEAF_FORMS[kind].read(data, key, vocabulary))
    return node


def as_root(rule: Any) -> dict[str, Any]:
    """`rule` with an all/any root, as the editor shows it: a lone criterion or a `not` at the
    root becomes the one criterion of an `all`, which means the same."""
    if isinstance(rule, dict) and rule.get("type") in ("all", "any"):
        return copy.deepcopy(rule)
    return {"type": "all", "criteria": [copy.deepcopy(rule)]}


def apply_action(tree: dict[str, Any], action: str, data) -> dict[str, Any]:
    """The tree after an "add:<group key>" (the type chosen in that group's "add-<key>" select)
    or "remove:<node key>" button. Unknown actions and keys leave it as it was."""
    verb, _sep, key = action.partition(":")
    indexes = key_indexes(key)
    if indexes is None:
        return tree
    tree = copy.deepcopy(tree)
    if verb == "add":
        node = _node_at(tree, indexes)
        kind = str(data.get(f"add-{key}", ""))
        if node is None or kind not in r.NODE_TYPES or len(indexes) >= n.MAX_DEPTH:
            return tree
        new = new_node(kind)
        if node.get("type") in ("all", "any"):
            kids(node).append(new)
        elif node.get("type") == "not" and "criterion" not in node:
            node["criterion"] = new
    elif verb == "remove" and indexes:
        parent = _node_at(tree, indexes[:-1])
        if parent is None or indexes[-1] >= len(kids(parent)):
            return tree
        if parent.get("type") == "not":
            del parent["criterion"]
        else:
            del parent["criteria"][indexes[-1]]
    return tree


def _node_at(tree: dict[str, Any], indexes: list[int]) -> dict[str, Any] | None:
    node = tree
    for index in indexes:
        members = kids(node)
        if index >= len(members):
            return None
        node = members[index]
    return node


def rule_from_json_text(text: str) -> dict[str, Any]:
    """The rule typed in the advanced editor. Raises ValidationError (with paths) when it is
    not JSON or not a valid rule; the rule is returned as typed otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("This is not valid JSON (line %(line)s, column %(column)s): %(problem)s"),
            code="bad_json",
            params={"line": exc.lineno, "column": exc.colno, "problem": exc.msg},
        ) from exc
    r.parse_rule(data)
    return data


# Rendering: the tree as nodes with their inputs, errors and explanation text.


@dataclass
class FieldRow:
    field: forms.BoundField
    errors: list[str]
    notes: list[tuple[str, str]]


@dataclass
class EditorNode:
    key: str
    path: str
    type: str
    depth: int
    node_id: str = ""
    rows: list[FieldRow] = field(default_factory=list)
    children: list[EditorNode] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    summary: str = ""
    add_choice: str = ""

    @property
    def label(self) -> str:
        return str(LEAF_LABELS.get(self.type) or GROUP_LABELS.get(self.type) or self.type)

    @property
    def where(self) -> str:
        """Where the node is, as people count: "criterion 2.1" (empty for the whole rule)."""
        indexes = key_indexes(self.key) or []
        if not indexes:
            return ""
        number = ".".join(str(i + 1) for i in indexes)
        return str(_("criterion %(number)s") % {"number": number})

    @property
    def is_group(self) -> bool:
        return self.type in GROUP_TYPES

    @property
    def can_add(self) -> bool:
        full = self.type == "not" and bool(self.children)
        return self.is_group and not full and self.depth < n.MAX_DEPTH


def error_messages(exc: ValidationError, rule: Any = None) -> list[tuple[str, str]]:
    """(path, message) of each problem, message in the active language. With the `rule` the
    problems are about, the message names the criterion in words ("Criterion 3 · Years in
    business · Maximum: …"), not by its internal path ("rule.criteria[2].max: …")."""
    found = []
    for e in exc.error_list:
        params = dict(e.params or {})
        path = str(params.get("path", ""))
        if rule is not None and path:
            params["path"] = path_words(path, rule)
            message = " ".join(ValidationError(e.message, code=e.code, params=params).messages)
        else:
            message = " ".join(e.messages)
        found.append((path, message))
    return found


def path_words(path: str, rule: Any) -> str:
    """Where `path` points in `rule`, as a person names it."""
    node: Any = rule
    numbers: list[str] = []
    field = ""
    for index, negated, name in re.findall(r"\.criteria\[(\d+)\]|(\.criterion)|\.(\w+)", path):
        members = kids(node) if isinstance(node, dict) else []
        if index or negated:
            i = int(index or 0)
            node = members[i] if i < len(members) else {}
            numbers.append(str(i + 1))
        else:
            field = name
    if not numbers:
        where = str(_("The rule"))
    else:
        kind = str(node.get("type", "")) if isinstance(node, dict) else ""
        label = LEAF_LABELS.get(kind) or GROUP_LABELS.get(kind) or _("unknown criterion")
        where = str(
            _("Criterion %(number)s · %(label)s") % {"number": ".".join(numbers), "label": label}
        )
    if field:
        where += " · " + _field_label(node, field)
    return where


def _field_label(node: Any, field: str) -> str:
    form = LEAF_FORMS.get(str(node.get("type", ""))) if isinstance(node, dict) else None
    for name, form_field in form.base_fields.items() if form else []:
        if json_name(name) == field and form_field.label:
            return str(form_field.label)
    return field


class RuleEditor:
    """The rule builder for `rule`: nodes with their inputs, each problem shown beside the
    node or field it is about, and each criterion's requirement phrase (the reference
    evaluator's words) for programmes judged on `day`."""

    def __init__(
        self,
        rule: Any,
        *,
        day: date,
        vocabulary: Vocabulary,
        add_selected: dict[str, str] | None = None,
    ):
        self.rule = as_root(rule)
        self.day = day
        self.vocabulary = vocabulary
        self.add_selected = add_selected or {}
        try:
            self.parsed: n.Node | None = r.parse_rule(self.rule)
            self.problems: list[tuple[str, str]] = []
        except ValidationError as exc:
            self.parsed = None
            self.problems = error_messages(exc, self.rule)
        self.placed: set[int] = set()
        self.root = self._node(self.rule, ROOT, "rule", 0)
        # Problems not about a node shown (none expected from the form) go at the top.
        self.general = [m for i, (_p, m) in enumerate(self.problems) if i not in self.placed]

    @property
    def valid(self) -> bool:
        return self.parsed is not None

    @property
    def messages(self) -> list[str]:
        return [message for _path, message in self.problems]

    @property
    def json(self) -> str:
        return json.dumps(self.rule, ensure_ascii=False, indent=2)

    def _take(self, path: str) -> list[str]:
        found = []
        for i, (where, message) in enumerate(self.problems):
            if where == path and i not in self.placed:
                self.placed.add(i)
                found.append(message)
        return found

    def _node(self, data: Any, key: str, path: str, depth: int) -> EditorNode:
        if not isinstance(data, dict):
            # Not a criterion at all: shown as an unknown one, with the validator's message.
            data = {"type": ""}
        kind = str(data.get("type", ""))
        node = EditorNode(
            key=key,
            path=path,
            type=kind,
            depth=depth,
            node_id=str(data.get("id", "")),
            add_choice=self.add_selected.get(key, ""),
        )
        if kind in GROUP_TYPES:
            for i, member in enumerate(kids(data)):
                where = f"{path}.criterion" if kind == "not" else f"{path}.criteria[{i}]"
                node.children.append(self._node(member, child_key(key, i), where, depth + 1))
        elif kind in LEAF_FORMS:
            form = LEAF_FORMS[kind](key, data, self.vocabulary)
            for name in form.fields:
                notes = self._ksic_notes(data.get(json_name(name))) if kind == "industry" else []
                errors = self._take(f"{path}.{json_name(name)}")
                bound = form[name]
                if errors:
                    hint = f"{bound.auto_id}-hint " if bound.help_text else ""
                    attrs = form.fields[name].widget.attrs
                    attrs.update(
                        {"aria-invalid": "true", "aria-describedby": f"{hint}{bound.auto_id}-error"}
                    )
                elif bound.help_text:
                    form.fields[name].widget.attrs["aria-describedby"] = f"{bound.auto_id}-hint"
                node.rows.append(FieldRow(bound, errors, notes))
        node.errors = self._take(path)
        node.summary = self._summary(data, key)
        return node

    def _summary(self, data: dict[str, Any], key: str) -> str:
        if key == ROOT:
            return ""
        try:
            return describe(r.parse_rule(data), self.day)
        except ValidationError:
            return ""

    def _ksic_notes(self, codes: Any) -> list[tuple[str, str]]:
        korean = (get_language() or "").startswith("ko")
        notes = []
        for code in codes if isinstance(codes, list) else []:
            names = self.vocabulary.ksic.get(code)
            if names:
                notes.append((code, names[0] if korean else names[1] or names[0]))
            else:
                notes.append((code, str(_("not a KSIC code"))))
        return notes


class SaveForm(KrdsFormMixin, forms.Form):
    effective_from = forms.DateField(
        label=_("Takes effect on"),
        widget=DATE,
        help_text=_("After publication, today or later."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=RULE_NOTE_MAX_LENGTH,
        help_text=_("Why the rule changes, e.g. the notice's correction (정정공고)."),
    )
