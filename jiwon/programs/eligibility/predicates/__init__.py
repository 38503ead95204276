"""The kinds of criteria (predicates) eligibility rules are made of, one module each.

A module of this package defines its kind(s) completely: the node and how its JSON is read and
checked, the reference check (the definition), the plan the engines evaluate, the explanation
texts and the target groups (base.Predicate), in PREDICATES; the plan leaves it introduces, with
their batch and one-company evaluation (base.Leaf), in LEAVES; the company columns its ranges
compare (base.Column), in COLUMNS. The rule parser, both engines, the explanations and the
target groups dispatch on the registry built here from every module of the package, so adding
a kind means adding a module (and its form to the rule builder, forms_rules.py).
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from typing import Any

from jiwon.programs.eligibility.nodes import Node
from jiwon.programs.eligibility.plans import Plan
from jiwon.programs.eligibility.predicates.base import (
    CONSTANT_LEAVES,
    Column,
    Leaf,
    Predicate,
    range_leaves,
)

PREDICATES: dict[str, Predicate[Any]] = {}
LEAVES: dict[str, Leaf] = {}
COLUMNS: dict[str, Column] = {}


def _register() -> None:
    def add(registry: dict[str, Any], name: str, entry: Any, module: str) -> None:
        if name in registry:
            raise ValueError(f"{module}: {name!r} is defined twice")
        registry[name] = entry

    leaves = list(CONSTANT_LEAVES)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for predicate in module.PREDICATES:
            fields = {f.name for f in dataclasses.fields(predicate.node)} - {"id"}
            if set(predicate.read) != fields:
                raise ValueError(f"{module.__name__}: read every field of {predicate.kind}")
            add(PREDICATES, predicate.kind, predicate, module.__name__)
        leaves += getattr(module, "LEAVES", ())
        for column in getattr(module, "COLUMNS", ()):
            add(COLUMNS, column.name, column, module.__name__)
    for leaf in (*leaves, *range_leaves(COLUMNS)):
        add(LEAVES, leaf.op, leaf, __name__)


_register()


def predicate_of(node: Node) -> Predicate[Any]:
    return PREDICATES[node.type]


def leaf_of(key: Plan) -> Leaf:
    found = LEAVES.get(key[0])
    if found is None:
        raise ValueError(f"unknown leaf {key!r}")
    return found
