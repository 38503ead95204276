"""The industries the fund lends to, as data: `data/eligible_industries.csv` (derived from the
KSIC reference data; see `data/SOURCES.md` for exactly which codes and why).

Anyang's ordinance lists the eligible industries: 517 types until 2016, 524 from 2017
("제조업과 지식·정보서비스업"), counted as subclasses of the KSIC 10th revision. The file also
holds the same industries in the 11th revision, so that a company coded in either matches.
A fund round's programme carries the codes as its eligibility rule (data staff edit); the
figure "eligible industry types" counts the 10th-revision subclasses the rule in force covers.
The demo's SME-fund notices take their codes from here too.
"""

import csv
import functools
from collections.abc import Iterable
from pathlib import Path

from jiwon.core.models import KsicCode

DATA = Path(__file__).resolve().parent / "data" / "eligible_industries.csv"
# The KSIC revision whose subclasses the count of "types" refers to (in force 2017-07-01).
COUNT_REVISION = 10
FIRST_YEAR = 2016


@functools.cache
def _rows() -> tuple[tuple[int, str, int], ...]:
    """(revision, code, since) of every row of the data file."""
    with DATA.open(encoding="utf-8", newline="") as fh:
        return tuple(
            (int(row["revision"]), row["code"], int(row["since"])) for row in csv.DictReader(fh)
        )


def eligible_codes(year: int) -> tuple[str, ...]:
    """The KSIC subclass codes (both revisions, sorted, each once) eligible in fund `year`."""
    return tuple(sorted({code for _rev, code, since in _rows() if since <= max(year, FIRST_YEAR)}))


def eligible_types(year: int) -> int:
    """How many industry types the list of `year` names: its 10th-revision subclasses."""
    return sum(
        1
        for rev, _code, since in _rows()
        if rev == COUNT_REVISION and since <= max(year, FIRST_YEAR)
    )


INDUSTRIES_2016 = eligible_codes(2016)
INDUSTRIES_2017 = eligible_codes(2017)


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
    sections = {c for c in codes if c.isalpha()}
    prefixes = tuple(c for c in codes if c.isdigit())
    divisions = dict(
        KsicCode.objects.filter(revision=revision, level=2).values_list("code", "parent_code")
    )
    subclasses = KsicCode.objects.filter(revision=revision, level=5)
    return sum(
        1
        for code in subclasses.values_list("code", flat=True)
        if divisions.get(code[:2]) in sections or code.startswith(prefixes)
    )
