"""Eligibility rules as data: a tree of combinators (all / any / not) over predicates.

A rule is plain JSON so staff can edit it without code and it can be stored as versioned data.
`parse_rule` validates a JSON object and returns immutable node objects; `rule_to_json` writes
the canonical form back (every field present, so stored versions compare field by field).
The semantics of every predicate are defined by jiwon/programs/eligibility/reference.py and
written down in jiwon/programs/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility import codes

MAX_DEPTH = 8
MAX_ID_LENGTH = 50
PROGRAM_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
KSIC_CODE_RE = re.compile(r"^(?:[A-U]|[0-9]{2,5})$")
PREFOUNDER_CHOICES = ("allowed", "required", "forbidden")
SALES_BASES = ("last_year", "three_year_average")
CERTIFICATION_MODES = ("any", "all")


@dataclass(frozen=True, kw_only=True)
class Node:
    type: ClassVar[str]
    id: str = ""


@dataclass(frozen=True, kw_only=True)
class All(Node):
    type: ClassVar[str] = "all"
    criteria: tuple[Node, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AnyOf(Node):
    type: ClassVar[str] = "any"
    criteria: tuple[Node, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Not(Node):
    type: ClassVar[str] = "not"
    criterion: Node


@dataclass(frozen=True, kw_only=True)
class RegionRule(Node):
    type: ClassVar[str] = "region"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    local_only: bool = False


@dataclass(frozen=True, kw_only=True)
class IndustryRule(Node):
    type: ClassVar[str] = "industry"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class YearsInBusiness(Node):
    type: ClassVar[str] = "years_in_business"
    min_years: int | None = None
    min_inclusive: bool = True
    max_years: int | None = None
    max_inclusive: bool = False
    prefounder: str = "forbidden"


@dataclass(frozen=True, kw_only=True)
class RepresentativeAge(Node):
    type: ClassVar[str] = "representative_age"
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, kw_only=True)
class Employees(Node):
    type: ClassVar[str] = "employees"
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, kw_only=True)
class Sales(Node):
    type: ClassVar[str] = "sales"
    minimum: int | None = None
    maximum: int | None = None
    basis: str = "last_year"


@dataclass(frozen=True, kw_only=True)
class Certified(Node):
    type: ClassVar[str] = "certification"
    kinds: tuple[str, ...] = ()
    mode: str = "any"


@dataclass(frozen=True, kw_only=True)
class WomenOwned(Node):
    type: ClassVar[str] = "women_owned"
    kind: ClassVar[str] = "women"


@dataclass(frozen=True, kw_only=True)
class DisabledOwned(Node):
    type: ClassVar[str] = "disabled_owned"
    kind: ClassVar[str] = "disabled"


@dataclass(frozen=True, kw_only=True)
class SocialEnterprise(Node):
    type: ClassVar[str] = "social_enterprise"
    kind: ClassVar[str] = "social"


@dataclass(frozen=True, kw_only=True)
class PastSelection(Node):
    type: ClassVar[str] = "past_selection"
    programs: tuple[str, ...] = ()
    within_years: int = 1


@dataclass(frozen=True, kw_only=True)
class InProgress(Node):
    type: ClassVar[str] = "in_progress"
    maximum: int = 0
    programs: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class GrowthStageIn(Node):
    type: ClassVar[str] = "growth_stage"
    include: tuple[str, ...] = ()


OWNERSHIP = (WomenOwned, DisabledOwned, SocialEnterprise)
NODE_TYPES: dict[str, type[Node]] = {
    cls.type: cls
    for cls in (
        All,
        AnyOf,
        Not,
        RegionRule,
        IndustryRule,
        YearsInBusiness,
        RepresentativeAge,
        Employees,
        Sales,
        Certified,
        *OWNERSHIP,
        PastSelection,
        InProgress,
        GrowthStageIn,
    )
}
# Fields without a default anyone would agree on.
REQUIRED = {Not: ("criterion",), PastSelection: ("within_years",), InProgress: ("max",)}
# JSON key → attribute, where they differ ("in" is a Python keyword, min/max are builtins).
JSON_NAMES = {"include": "in", "exclude": "not_in", "minimum": "min", "maximum": "max"}


@dataclass(frozen=True)
class ProgramEligibility:
    """What the engine needs of a programme: a key (used by past-participation rules), the
    reference date (the notice date by default, or the application date) and the rule."""

    key: str
    reference_date: date
    rule: Node


def top_level(rule: Node) -> tuple[tuple[str, Node], ...]:
    """The criteria a result is explained by, with their ids: the children of a root `all`,
    or the root itself. Near misses count failures among these."""
    if isinstance(rule, All):
        return tuple((c.id or str(i + 1), c) for i, c in enumerate(rule.criteria))
    return ((rule.id or "1", rule),)


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, All | AnyOf):
        return node.criteria
    if isinstance(node, Not):
        return (node.criterion,)
    return ()


def rule_to_json(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"type": node.type}
    if node.id:
        data["id"] = node.id
    for f in fields(node):
        if f.name == "id":
            continue
        value = getattr(node, f.name)
        if isinstance(value, Node):
            value = rule_to_json(value)
        elif isinstance(value, tuple):
            value = [rule_to_json(v) if isinstance(v, Node) else v for v in value]
        data[JSON_NAMES.get(f.name, f.name)] = value
    return data


def parse_rule(data: Any) -> Node:
    """Validate a rule given as JSON data; raises ValidationError listing every problem,
    each message naming where it is (e.g. "rule.criteria[2].max_years")."""
    parser = _Parser()
    node = parser.node(data, "rule", 0)
    if parser.errors:
        raise ValidationError(parser.errors)
    return node


def parse_program(key: str, reference_date: date, rule: Any) -> ProgramEligibility:
    return ProgramEligibility(key, reference_date, parse_rule(rule))


@dataclass
class _Parser:
    errors: list[ValidationError] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def error(self, message, path: str, error_code: str, **params) -> None:
        self.errors.append(
            ValidationError(message, code=error_code, params={"path": path, **params})
        )

    def node(self, data: Any, path: str, depth: int) -> Node:
        if depth > MAX_DEPTH:
            self.error(
                _("%(path)s: rules may nest at most %(depth)s levels deep."),
                path,
                "too_deep",
                depth=MAX_DEPTH,
            )
            return All()
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            self.error(
                _("%(path)s: each criterion must be an object with a “type”."), path, "not_node"
            )
            return All()
        cls = NODE_TYPES.get(data["type"])
        if cls is None:
            self.error(
                _("%(path)s: unknown criterion type “%(type)s”."),
                path,
                "unknown_type",
                type=data["type"],
            )
            return All()
        known = {"type", "id"} | {JSON_NAMES.get(f.name, f.name) for f in fields(cls)}
        for key in data:
            if key not in known:
                self.error(
                    _("%(path)s: unknown field “%(field)s”."), path, "unknown_field", field=key
                )
        missing = [key for key in REQUIRED.get(cls, ()) if key not in data]
        for key in missing:
            self.error(_("%(path)s: “%(field)s” is required."), path, "required", field=key)
        if missing:
            return All()
        values: dict[str, Any] = {"id": self.node_id(data.get("id", ""), path)}
        for f in fields(cls):
            name = JSON_NAMES.get(f.name, f.name)
            if f.name == "id" or name not in data:
                continue
            values[f.name] = self.value(cls, f.name, data[name], f"{path}.{name}", depth)
        node = cls(**values)
        self.check(node, path)
        return node

    def node_id(self, value: Any, path: str) -> str:
        if value == "":
            return ""
        if not isinstance(value, str) or len(value) > MAX_ID_LENGTH or not value.strip():
            self.error(
                _("%(path)s: an id is a short text of at most %(length)s characters."),
                path,
                "bad_id",
                length=MAX_ID_LENGTH,
            )
            return ""
        if value in self.ids:
            self.error(
                _("%(path)s: the id “%(id)s” is used twice."), path, "duplicate_id", id=value
            )
        self.ids.add(value)
        return value

    def value(self, cls: type[Node], name: str, raw: Any, path: str, depth: int) -> Any:
        if name == "criteria":
            items = self.list(raw, path)
            return tuple(self.node(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(items))
        if name == "criterion":
            return self.node(raw, path, depth + 1)
        if name in ("local_only", "min_inclusive", "max_inclusive"):
            if not isinstance(raw, bool):
                self.error(_("%(path)s: enter true or false."), path, "not_bool")
                return False
            return raw
        if name in ("kinds", "include") and cls in (Certified, GrowthStageIn):
            choices = codes.CERTIFICATION_KINDS if name == "kinds" else codes.GROWTH_STAGES
            return tuple(c for c in self.strings(raw, path) if self.choice(c, choices, path))
        if name in ("include", "exclude"):
            check = self.region_code if cls is RegionRule else self.ksic_code
            return tuple(c for c in self.strings(raw, path) if check(c, path))
        if name == "programs":
            return tuple(c for c in self.strings(raw, path) if self.program_key(c, path))
        if name == "prefounder":
            return raw if self.choice(raw, PREFOUNDER_CHOICES, path) else "forbidden"
        if name == "basis":
            return raw if self.choice(raw, SALES_BASES, path) else "last_year"
        if name == "mode":
            return raw if self.choice(raw, CERTIFICATION_MODES, path) else "any"
        nullable = (
            name in ("min_years", "max_years", "minimum", "maximum") and cls is not InProgress
        )
        if raw is None and nullable:
            return None
        high = {"min_years": 100, "max_years": 100, "within_years": 100}.get(name, 10**15)
        if cls is RepresentativeAge:
            high = 150
        low = 1 if name == "within_years" else 0
        return self.integer(raw, path, low, high)

    def list(self, raw: Any, path: str) -> list:
        if not isinstance(raw, list):
            self.error(_("%(path)s: enter a list."), path, "not_list")
            return []
        return raw

    def strings(self, raw: Any, path: str) -> list[str]:
        items = self.list(raw, path)
        for item in items:
            if not isinstance(item, str):
                self.error(_("%(path)s: every entry must be a text code."), path, "not_text")
                return []
        return list(dict.fromkeys(items))

    def integer(self, raw: Any, path: str, low: int, high: int) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.error(_("%(path)s: enter a whole number."), path, "not_int")
            return low
        if not low <= raw <= high:
            self.error(
                _("%(path)s: enter a number from %(low)s to %(high)s."),
                path,
                "out_of_range",
                low=low,
                high=high,
            )
            return low
        return raw

    def choice(self, raw: Any, choices: tuple[str, ...], path: str) -> bool:
        if raw in choices:
            return True
        self.error(
            _("%(path)s: “%(value)s” is not one of: %(choices)s."),
            path,
            "bad_choice",
            value=raw,
            choices=", ".join(choices),
        )
        return False

    def region_code(self, code: str, path: str) -> bool:
        if code in codes.regions():
            return True
        self.error(
            _(
                "%(path)s: “%(code)s” is not a region code in force "
                "(2-digit 시도 or 5-digit 시군구)."
            ),
            path,
            "bad_region",
            code=code,
        )
        return False

    def ksic_code(self, code: str, path: str) -> bool:
        if KSIC_CODE_RE.match(code) and code in codes.ksic_codes():
            return True
        self.error(
            _("%(path)s: “%(code)s” is not a KSIC code (a section letter A–U or 2 to 5 digits)."),
            path,
            "bad_ksic",
            code=code,
        )
        return False

    def program_key(self, key: str, path: str) -> bool:
        if PROGRAM_KEY_RE.match(key):
            return True
        self.error(
            _("%(path)s: “%(key)s” is not a programme key (letters, digits, - _ . :)."),
            path,
            "bad_program_key",
            key=key,
        )
        return False

    def check(self, node: Node, path: str) -> None:
        """Cross-field checks: a criterion must constrain something and be satisfiable."""
        if isinstance(node, AnyOf) and not node.criteria:
            self.error(_("%(path)s: add at least one criterion."), path, "empty_any")
        elif isinstance(node, RegionRule):
            if not (node.include or node.exclude or node.local_only):
                self.error(
                    _("%(path)s: name at least one region or require local (관내) companies."),
                    path,
                    "empty_region",
                )
        elif isinstance(node, IndustryRule):
            if not (node.include or node.exclude):
                self.error(
                    _("%(path)s: name at least one KSIC code to include or exclude."),
                    path,
                    "empty_industry",
                )
        elif isinstance(node, YearsInBusiness):
            self.check_years(node, path)
        elif isinstance(node, RepresentativeAge | Employees | Sales):
            self.check_range(node.minimum, node.maximum, path)
        elif isinstance(node, Certified | GrowthStageIn | PastSelection):
            chosen = {Certified: "kinds", GrowthStageIn: "include", PastSelection: "programs"}
            if not getattr(node, chosen[type(node)]):
                self.error(_("%(path)s: choose at least one."), path, "empty_list")

    def check_range(self, low: int | None, high: int | None, path: str) -> None:
        if low is None and high is None:
            self.error(_("%(path)s: set a minimum, a maximum or both."), path, "no_bound")
        elif low is not None and high is not None and low > high:
            self.error(_("%(path)s: the minimum is larger than the maximum."), path, "min_over_max")

    def check_years(self, node: YearsInBusiness, path: str) -> None:
        bounded = node.min_years is not None or node.max_years is not None
        if node.prefounder == "required" and bounded:
            self.error(
                _(
                    "%(path)s: a criterion that requires pre-founders cannot also bound the "
                    "years in business."
                ),
                path,
                "prefounder_bounds",
            )
        elif node.prefounder == "allowed" and not bounded:
            self.error(
                _("%(path)s: this accepts everyone; set a bound or forbid pre-founders."),
                path,
                "no_bound",
            )
        elif node.min_years is not None and node.max_years is not None:
            low, high = node.min_years, node.max_years
            if low > high or (low == high and not (node.min_inclusive and node.max_inclusive)):
                self.error(
                    _("%(path)s: no company can satisfy this range of years."),
                    path,
                    "empty_range",
                )
