"""Rule trees compiled into plans (plans.py), for the batch engine and the one-company path:
the combinators here, each predicate by its own kind (predicates/)."""

from __future__ import annotations

from datetime import date

from jiwon.programs.eligibility.nodes import All, AnyOf, Node, Not, ProgramEligibility, top_level
from jiwon.programs.eligibility.plans import Plan, all_of, any_of, negate
from jiwon.programs.eligibility.predicates import predicate_of


def compile_rule(node: Node, day: date) -> Plan:
    if isinstance(node, All):
        return all_of([compile_rule(c, day) for c in node.criteria])
    if isinstance(node, AnyOf):
        return any_of([compile_rule(c, day) for c in node.criteria])
    if isinstance(node, Not):
        return negate(compile_rule(node.criterion, day))
    return predicate_of(node).plan(node, day)


def compile_criteria(program: ProgramEligibility) -> list[tuple[str, Plan]]:
    """The plan of each top-level criterion, with its id."""
    day = program.reference_date
    return [(cid, compile_rule(node, day)) for cid, node in top_level(program.rule)]
