"""The industries the fund lends to, as KSIC prefixes for the programmes' industry rule.

Anyang's ordinance lists the eligible industries (517 types until 2016, 524 from 2017:
"제조업과 지식·정보서비스업"). The official list is not in the reference data
(jiwon/core/data/ksic.csv), so the lists here are built from that file's codes only, never
typed in: manufacturing (section C, 477 subclasses of the 10th revision) and the knowledge and
information services — publishing and software (58), film and broadcasting production (59,
60), programming (62), information services (63) and engineering services (7212) — 517
subclasses; 2017 adds natural-science and engineering R&D (701, 7 subclasses): 524. A fund
round's programme carries the list as its eligibility rule (data staff edit); the figure
"eligible industry types" counts the 10th-revision subclasses the rule in force matches.
"""

from collections.abc import Iterable

from jiwon.core.models import KsicCode

INDUSTRIES_2016 = ("C", "58", "59", "60", "62", "63", "7212")
INDUSTRIES_2017 = (*INDUSTRIES_2016, "701")
# The KSIC revision whose subclasses the count of "types" refers to (in force 2017-07-01).
COUNT_REVISION = 10


def fund_rule(industries: Iterable[str]) -> dict:
    """The eligibility rule of a fund round: 관내 and one of the industries."""
    return {
        "type": "all",
        "criteria": [
            {"id": "local", "type": "region", "in": [], "not_in": [], "local_only": True},
            {"id": "industry", "type": "industry", "in": list(industries), "not_in": []},
        ],
    }


def industry_codes(rule: dict) -> list[str]:
    """The `in` codes of the rule's industry criteria (top level)."""
    codes: list[str] = []
    for criterion in rule.get("criteria", [rule]):
        if criterion.get("type") == "industry":
            codes.extend(criterion.get("in", []))
    return codes


def subclass_count(codes: Iterable[str], revision: int = COUNT_REVISION) -> int:
    """How many subclasses (세세분류) of `revision` the codes cover: a section letter covers
    its divisions, a numeric code every subclass it prefixes."""
    codes = list(codes)
    subclasses = KsicCode.objects.filter(revision=revision, level=5)
    divisions = dict(
        KsicCode.objects.filter(revision=revision, level=2).values_list("code", "parent_code")
    )
    matched = 0
    for code in subclasses.values_list("code", flat=True):
        if any(
            (c.isalpha() and divisions.get(code[:2]) == c) or (c.isdigit() and code.startswith(c))
            for c in codes
        ):
            matched += 1
    return matched
