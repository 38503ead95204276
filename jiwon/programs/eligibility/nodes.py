"""The rule tree: its node base class, the combinators (all / any / not) that hold the
criteria, and a programme as the engines see it. Each kind of criterion defines its node in its
own module (predicates/)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

MAX_DEPTH = 8
# JSON key of an attribute, where they differ ("in" is a Python keyword, min/max are builtins).
JSON_NAMES = {"include": "in", "exclude": "not_in", "minimum": "min", "maximum": "max"}


def json_name(attribute: str) -> str:
    return JSON_NAMES.get(attribute, attribute)


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


COMBINATORS: tuple[type[Node], ...] = (All, AnyOf, Not)


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
