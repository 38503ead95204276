"""Target groups (지원 대상: 청년, 중장년, 예비창업자, …) derived from an eligibility rule.

A visitor to the notice board looks for the programmes meant for their group: a founder of 35
for 청년 programmes, a women-owned business for 여성기업 ones. The agency already says who may
apply in the programme's eligibility rule, so the groups are read from that rule rather than
tagged by hand: the rule is the one source of truth, and a tag could drift from it.

The derivation runs over the rule's JSON (the canonical form `rules.rule_to_json` writes, or
anything close to it: a missing field counts as its default), not over parsed nodes, so a data
migration can call it without importing today's node classes. It is deliberately shallow:
- `all` and `any` are walked recursively; an `any` group targets each of its alternatives
  (a programme for "women-owned or disabled-owned" is for both groups);
- `not` is not descended into: an exclusion targets nobody;
- leaves name a group only where the notice clearly does (see `_leaf_groups`).
"""

from collections.abc import Iterable
from typing import Any

YOUTH = "youth"
MIDDLE_AGED = "middle_aged"
PREFOUNDER = "prefounder"
STARTUP = "startup"
WOMEN = "women"
DISABLED = "disabled"
SOCIAL = "social"
SMALL_MANUFACTURER = "small_manufacturer"

TARGET_GROUPS = (
    YOUTH,
    MIDDLE_AGED,
    PREFOUNDER,
    STARTUP,
    WOMEN,
    DISABLED,
    SOCIAL,
    SMALL_MANUFACTURER,
)

# 청년 as support programmes count it (만 39세 이하; 청년기본법 stops at 34); 중장년 is 40+.
YOUTH_MAX_AGE = 39
MIDDLE_AGED_MIN_AGE = 40
# 창업기업 as in 중소기업창업 지원법: in business for 7 years or less.
STARTUP_MAX_YEARS = 7

OWNER_LEAVES = {"women_owned": WOMEN, "disabled_owned": DISABLED, "social_enterprise": SOCIAL}
CERTIFIED_GROUPS = {
    "women": WOMEN,
    "disabled": DISABLED,
    "social": SOCIAL,
    "small_manufacturer": SMALL_MANUFACTURER,
}


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
    elif kind != "not":
        yield from _leaf_groups(kind, node)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _leaf_groups(kind: str, node: dict[str, Any]) -> Iterable[str]:
    if kind == "representative_age":
        maximum, minimum = node.get("max"), node.get("min")
        if _is_int(maximum) and maximum <= YOUTH_MAX_AGE:
            yield YOUTH
        if _is_int(minimum) and minimum >= MIDDLE_AGED_MIN_AGE:
            yield MIDDLE_AGED
    elif kind == "years_in_business":
        prefounder = node.get("prefounder", "forbidden")
        max_years = node.get("max_years")
        if prefounder in ("allowed", "required"):
            yield PREFOUNDER
        if prefounder != "required" and _is_int(max_years) and max_years <= STARTUP_MAX_YEARS:
            yield STARTUP
    elif kind in OWNER_LEAVES:
        yield OWNER_LEAVES[kind]
    elif kind == "certification":
        for certificate in node.get("kinds") or ():
            if isinstance(certificate, str) and certificate in CERTIFIED_GROUPS:
                yield CERTIFIED_GROUPS[certificate]
