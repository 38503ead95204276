"""Loading of the reference lists shipped in jiwon/core/data (see data/SOURCES.md)."""

import csv
import functools
from datetime import date
from pathlib import Path
from typing import TypedDict

from django.db.models import QuerySet

from jiwon.core.models import KsicCode, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
REFORM_DAY = date(2026, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2026, 6, 30)


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class KsicRow(TypedDict):
    revision: int
    level: int
    code: str
    name_ko: str
    name_en: str
    parent_code: str


class RegionRow(TypedDict):
    code: str
    level: int
    name_ko: str
    parent_code: str
    valid_from: date | None
    valid_to: date | None


def ksic_rows() -> list[KsicRow]:
    return [
        {
            "revision": int(r["revision"]),
            "level": int(r["level"]),
            "code": r["code"],
            "name_ko": r["name_ko"],
            "name_en": r["name_en"],
            "parent_code": r["parent_code"],
        }
        for r in read_csv("ksic.csv")
    ]


def region_rows() -> list[RegionRow]:
    """Current codes (regions.csv) plus the codes retired on 2026-07-01, each with validity.
    A code present in both lists was untouched by the reform and is valid throughout."""
    current = {r["code"]: r for r in read_csv("regions.csv")}
    before = {r["code"]: r for r in read_csv("regions_20260609.csv")}
    rows: list[RegionRow] = []
    for code, r in current.items():
        rows.append(
            {
                "code": code,
                "level": int(r["level"]),
                "name_ko": r["name_ko"],
                "parent_code": r["parent_code"],
                "valid_from": None if code in before else REFORM_DAY,
                "valid_to": None,
            }
        )
    for code, r in before.items():
        if code in current:
            continue
        rows.append(
            {
                "code": code,
                "level": int(r["level"]),
                "name_ko": r["name_ko"],
                "parent_code": r["parent_code"],
                "valid_from": None,
                "valid_to": LAST_DAY_BEFORE_REFORM,
            }
        )
    return rows


@functools.cache
def region_successors() -> dict[str, str]:
    """Retired code → the one code in force that took it over on 2026-07-01
    (region_code_changes_20260701.csv, "recoded" and "merged"). A code split between two new
    codes has no single successor and is left out: only its 시도 is known."""
    targets: dict[str, set[str]] = {}
    for row in read_csv("region_code_changes_20260701.csv"):
        targets.setdefault(row["old_code"], set()).add(row["new_code"])
    return {old: new.pop() for old, new in targets.items() if len(new) == 1}


def region_in_force(code: str) -> str:
    """`code`, or the code that took it over if it was retired with one successor."""
    return region_successors().get(code, code)


def ensure_reference_data(using: str = "default") -> None:
    """Load the lists if their tables are empty. The data migration loads them once; this puts
    them back after something emptied the tables (a test database flush, for instance)."""
    if not KsicCode.objects.using(using).exists():
        KsicCode.objects.using(using).bulk_create(
            [KsicCode(**row) for row in ksic_rows()], batch_size=1000
        )
    if not Region.objects.using(using).exists():
        Region.objects.using(using).bulk_create(
            [Region(**row) for row in region_rows()], batch_size=1000
        )


# New records are coded in the KSIC revision in force (the 11th since 2024-07-01).
CURRENT_KSIC_REVISION = 11


def current_regions() -> QuerySet[Region]:
    """The 시군구 codes in force today, the ones new records are coded in."""
    return Region.objects.filter(level=2, valid_to__isnull=True).order_by("code")
