"""Renders an Explanation as "what the company has — what the programme requires" in the
active language (English msgids; the Korean comes from the translation catalogue): the
combinators here, each predicate in its own words (predicates/)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from jiwon.programs.eligibility.nodes import All, AnyOf, Node, Not
from jiwon.programs.eligibility.predicates import predicate_of

if TYPE_CHECKING:
    from jiwon.programs.eligibility.reference import Explanation


def render(explanation: Explanation, *, personal: bool = True) -> str:
    """`personal` False: a personal value (the representative's age) is withheld."""
    node, day = explanation.node, explanation.reference_date
    if isinstance(node, All | AnyOf | Not):
        value = gettext("%(met)s of %(count)s met") % {
            "met": explanation.value["met"],
            "count": explanation.value["of"],
        }
    elif not personal and predicate_of(node).personal:
        value = gettext("personal data, not shown to you")
    else:
        value = predicate_of(node).value_text(node, explanation.value, day)
    return f"{value} — {requirement(node, day)}"


def requirement(node: Node, day: date) -> str:
    if isinstance(node, All):
        return gettext("must meet all of these")
    if isinstance(node, AnyOf):
        return gettext("must meet at least one of these")
    if isinstance(node, Not):
        return gettext("must not meet this: %(requirement)s") % {
            "requirement": requirement(node.criterion, day)
        }
    return predicate_of(node).requirement(node, day)
