"""Eligibility rules as data: a tree of combinators (all / any / not) over predicates.

A rule is plain JSON so staff can edit it without code and it can be stored as versioned data.
`parse_rule` validates a JSON object and returns immutable node objects; `rule_to_json` writes
the canonical form back (every field present, so stored versions compare field by field).
Each kind of predicate, and what it means, is defined in its module of predicates/ (and
written down in jiwon/programs/README.md).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiwon.programs.eligibility.nodes import (
    COMBINATORS,
    MAX_DEPTH,
    All,
    AnyOf,
    Node,
    Not,
    ProgramEligibility,
    json_name,
)
from jiwon.programs.eligibility.parsing import Parser
from jiwon.programs.eligibility.predicates import PREDICATES

NODE_TYPES: dict[str, type[Node]] = {
    **{cls.type: cls for cls in COMBINATORS},
    **{kind: predicate.node for kind, predicate in PREDICATES.items()},
}


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
        data[json_name(f.name)] = value
    return data


def parse_rule(data: Any) -> Node:
    """Validate a rule given as JSON data; raises ValidationError listing every problem,
    each message naming where it is (e.g. "rule.criteria[2].max_years")."""
    parser = Parser()
    node = _node(parser, data, "rule", 0)
    if parser.errors:
        raise ValidationError(parser.errors)
    return node


def parse_program(key: str, reference_date: date, rule: Any) -> ProgramEligibility:
    return ProgramEligibility(key, reference_date, parse_rule(rule))


def _node(parser: Parser, data: Any, path: str, depth: int) -> Node:
    if depth > MAX_DEPTH:
        parser.error(
            _("%(path)s: rules may nest at most %(depth)s levels deep."),
            path,
            "too_deep",
            depth=MAX_DEPTH,
        )
        return All()
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        parser.error(
            _("%(path)s: each criterion must be an object with a “type”."), path, "not_node"
        )
        return All()
    cls = NODE_TYPES.get(data["type"])
    if cls is None:
        parser.error(
            _("%(path)s: unknown criterion type “%(type)s”."),
            path,
            "unknown_type",
            type=data["type"],
        )
        return All()
    predicate = PREDICATES.get(cls.type)
    known = {"type", "id"} | {json_name(f.name) for f in fields(cls)}
    for key in data:
        if key not in known:
            parser.error(
                _("%(path)s: unknown field “%(field)s”."), path, "unknown_field", field=key
            )
    required = ("criterion",) if cls is Not else predicate.required if predicate else ()
    missing = [key for key in required if key not in data]
    for key in missing:
        parser.error(_("%(path)s: “%(field)s” is required."), path, "required", field=key)
    if missing:
        return All()
    values: dict[str, Any] = {"id": parser.node_id(data.get("id", ""), path)}
    for f in fields(cls):
        name = json_name(f.name)
        if f.name == "id" or name not in data:
            continue
        where = f"{path}.{name}"
        if f.name == "criteria":
            items = parser.items(data[name], where)
            values[f.name] = tuple(
                _node(parser, v, f"{where}[{i}]", depth + 1) for i, v in enumerate(items)
            )
        elif f.name == "criterion":
            values[f.name] = _node(parser, data[name], where, depth + 1)
        elif predicate is not None:
            values[f.name] = predicate.read[f.name](parser, data[name], where)
    node = cls(**values)
    if predicate is not None:
        predicate.check(node, parser, path)
    elif isinstance(node, AnyOf) and not node.criteria:
        parser.error(_("%(path)s: add at least one criterion."), path, "empty_any")
    return node
