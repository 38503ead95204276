"""Target groups (지원 대상: 청년, 중장년, 예비창업자, …) derived from an eligibility rule.

A visitor to the notice board looks for the programmes meant for their group: a founder of 35
for 청년 programmes, a women-owned business for 여성기업 ones. The agency already says who may
apply in the programme's eligibility rule, so the groups are read from that rule rather than
tagged by hand: the rule is the one source of truth, and a tag could drift from it.

The derivation runs over the rule's JSON (the canonical form `rules.rule_to_json` writes, or
anything close to it: a missing field counts as its default), not over parsed nodes, so it
reads a stored rule whatever it holds. It is deliberately shallow:
- `all` and `any` are walked recursively; an `any` group targets each of its alternatives
  (a programme for "women-owned or disabled-owned" is for both groups);
- `not` is not descended into: an exclusion targets nobody;
- a leaf names a group only where the notice clearly does: each predicate says which
  (`Predicate.groups`, predicates/).
"""

from collections.abc import Iterable
from typing import Any

from jiwon.programs.eligibility.predicates import PREDICATES


def target_groups(rule: dict[str, Any]) -> list[str]:
    """The target groups of `rule` (its JSON), sorted: e.g. ["startup", "youth"] for
    "만 39세 이하, 창업 7년 이내". A rule that names no group gives []."""
    return sorted(set(_groups(rule)))


def _groups(node: Any) -> Iterable[str]:
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind in ("all", "any"):
        for child in node.get("criteria") or ():
            yield from _groups(child)
    elif isinstance(kind, str) and kind in PREDICATES:
        yield from PREDICATES[kind].groups(node)
