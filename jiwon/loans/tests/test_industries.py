"""The one list of the fund's eligible industries (data/eligible_industries.csv): 517 types in
2016, 524 from 2017, every code a KSIC subclass of its revision, and the file exactly what its
stated derivation gives on the KSIC reference data (data/SOURCES.md)."""

import csv

import pytest

from jiwon.core.reference import read_csv
from jiwon.loans.industries import (
    DATA,
    INDUSTRIES_2016,
    INDUSTRIES_2017,
    eligible_codes,
    eligible_types,
    fund_rule,
    industry_codes,
    subclass_count,
)

# The derivation data/SOURCES.md states: sections and codes whose subclasses are eligible.
SINCE_2016 = ("C", "58", "59", "60", "62", "63", "7212")
ADDED_2017 = ("701",)


def _file_rows():
    with DATA.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _derived():
    ksic = read_csv("ksic.csv")
    rows = []
    for revision in ("10", "11"):
        divisions = {
            r["code"]: r["parent_code"]
            for r in ksic
            if r["revision"] == revision and r["level"] == "2"
        }

        def covered(code, prefixes, divisions=divisions):
            return any(
                divisions.get(code[:2]) == p if p.isalpha() else code.startswith(p)
                for p in prefixes
            )

        for r in ksic:
            if r["revision"] != revision or r["level"] != "5":
                continue
            if covered(r["code"], SINCE_2016):
                rows.append({"revision": revision, "code": r["code"], "since": "2016"})
            elif covered(r["code"], ADDED_2017):
                rows.append({"revision": revision, "code": r["code"], "since": "2017"})
            else:
                continue
            rows[-1]["name_ko"] = r["name_ko"]
    return rows


def test_it_lists_517_types_in_2016_and_524_from_2017():
    assert eligible_types(2016) == 517
    assert eligible_types(2017) == 524
    assert eligible_types(2026) == 524
    assert eligible_types(2010) == 517  # before the first list: the first list


def test_every_code_is_a_ksic_subclass_of_its_revision_with_its_name():
    ksic = {(r["revision"], r["code"]): r for r in read_csv("ksic.csv") if r["level"] == "5"}
    rows = _file_rows()
    assert len(rows) == len({(r["revision"], r["code"]) for r in rows})
    for row in rows:
        assert (row["revision"], row["code"]) in ksic, row
        assert ksic[(row["revision"], row["code"])]["name_ko"] == row["name_ko"]


def test_the_file_is_what_its_derivation_gives_on_the_ksic_data():
    assert _file_rows() == _derived()


def test_the_rule_of_a_fund_round_carries_the_list_of_its_year():
    assert set(INDUSTRIES_2016) < set(INDUSTRIES_2017)
    assert eligible_codes(2017) == INDUSTRIES_2017
    assert industry_codes(fund_rule(INDUSTRIES_2017)) == list(INDUSTRIES_2017)
    assert "26299" in INDUSTRIES_2017  # electronic components
    assert "21212" in INDUSTRIES_2017  # a code of the 11th revision only (pharmaceuticals)
    assert "70121" in INDUSTRIES_2017 and "70121" not in INDUSTRIES_2016  # R&D from 2017
    assert "73202" not in INDUSTRIES_2017  # design: not a listed knowledge service


@pytest.mark.django_db
def test_the_list_counts_as_its_stated_derivation_does_in_the_database():
    # (The rules of both years: test_applications.py.)
    assert subclass_count(SINCE_2016) == 517
    assert subclass_count((*SINCE_2016, *ADDED_2017)) == 524
