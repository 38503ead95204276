"""A deterministic national population of companies, generated column by column.

Shares are rough public figures (business counts by 시도 and by KSIC section); within a 시도
or a section the split is random but fixed by the seed. Every 시군구 of data/regions.csv
appears (companies sit in a city's 구 where it has them) and every KSIC subclass of
revision 11 can be drawn.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from jiwon.core.reference import read_csv
from jiwon.programs.eligibility.codes import CERTIFICATION_KINDS, districts
from jiwon.programs.eligibility.columns import (
    NOT_REPORTED,
    OPEN_END,
    STAGE_VOCABULARY,
    CompanyTable,
    Intervals,
    Participation,
)
from jiwon.programs.eligibility.dates import day_number

TODAY = date(2026, 11, 22)
ANYANG = ("41171", "41173")
SIDO_SHARE = {
    "11": 18.5, "41": 26.0, "26": 6.4, "27": 4.6, "28": 5.5, "12": 6.4, "30": 2.8,
    "31": 2.0, "36": 0.6, "51": 3.2, "43": 3.2, "44": 4.2, "52": 3.5, "47": 5.3,
    "48": 6.3, "50": 1.5,
}  # fmt: skip
SECTION_SHARE = {
    "G": 23, "I": 13, "S": 7, "H": 8, "C": 9, "F": 6, "L": 5, "M": 4, "N": 3, "P": 3,
    "Q": 3, "R": 2, "J": 2.5, "K": 1.5, "A": 1, "E": 0.5, "D": 0.5, "B": 0.1, "O": 0.05,
    "T": 0.05, "U": 0.01,
}  # fmt: skip
# Share of companies holding each kind at some point, and how long one certificate lasts.
CERTIFICATES = {
    "venture": (0.04, 3),
    "innobiz": (0.02, 3),
    "mainbiz": (0.015, 3),
    "women": (0.09, 3),
    "social": (0.004, None),
    "disabled": (0.006, 3),
    "small_manufacturer": (0.04, 2),
}
SERIES = 400  # programme series (Blue100, ACE20, ...) that selections refer to


def series_key(number: int) -> str:
    return f"S{number:04d}"


def region_vocabulary() -> tuple[list[str], np.ndarray]:
    """Every 시군구 where companies sit (cities with 구 are represented by their 구), with
    the probability of each."""
    rows = [r for r in read_csv("regions.csv") if r["level"] == "2"]
    cities = districts()
    codes = [r["code"] for r in rows if r["code"] not in cities]
    return codes, np.array([SIDO_SHARE[c[:2]] for c in codes], dtype=float)


def ksic_vocabulary() -> tuple[list[str], np.ndarray]:
    rows = read_csv("ksic.csv")
    section_of = {r["code"]: r["parent_code"] for r in rows if r["level"] == "2"}
    codes = [r["code"] for r in rows if r["revision"] == "11" and r["level"] == "5"]
    return codes, np.array([SECTION_SHARE[section_of[c[:2]]] for c in codes], dtype=float)


def _spread(rng, codes: list[str], group_share: np.ndarray, group) -> np.ndarray:
    """Split each group's share over its members with random (seeded) weights."""
    weights = rng.lognormal(0.0, 0.8, len(codes))
    groups = np.array([group(c) for c in codes])
    for g in np.unique(groups):
        members = groups == g
        weights[members] *= group_share[members][0] / weights[members].sum()
    return weights / weights.sum()


def generate(n: int, seed: int) -> tuple[CompanyTable, Participation]:
    rng = np.random.default_rng(seed)
    today = day_number(TODAY)

    region_codes, sido_share = region_vocabulary()
    region_p = _spread(rng, region_codes, sido_share, lambda c: c[:2])
    ksic_codes, section_share = ksic_vocabulary()
    ksic_p = _spread(rng, ksic_codes, section_share, lambda c: c[:2])
    ksic_vocab = ("", *ksic_codes)

    region = rng.choice(len(region_codes), n, p=region_p).astype(np.uint16)
    local_index = [region_codes.index(c) for c in ANYANG]
    local = np.isin(region, local_index)
    prefounder = rng.random(n) < 0.02
    ksic = (rng.choice(len(ksic_codes), n, p=ksic_p) + 1).astype(np.uint16)
    ksic[prefounder & (rng.random(n) < 0.5)] = 0  # many pre-founders have not chosen yet

    # Young companies dominate; a long tail reaches back to the 1960s.
    years = np.where(rng.random(n) < 0.65, rng.exponential(6.0, n), rng.uniform(0, 45, n))
    founded = (today - (years * 365.25).astype(np.int32) - 1).astype(np.int32)
    founder_age = np.clip(rng.normal(41, 9, n), 19, 75)
    founder_age[prefounder] = np.clip(rng.normal(35, 10, prefounder.sum()), 19, 75)
    age_days = (founder_age * 365.25).astype(np.int32) + rng.integers(0, 365, n, dtype=np.int32)
    birth = np.where(prefounder, today, founded) - age_days
    founded[prefounder] = 0

    employees = np.clip(np.exp(rng.normal(0.9, 1.4, n)).astype(np.int64) - 1, 0, 60_000)
    per_head = rng.lognormal(np.log(1.6e8), 0.9, n)
    sales = (per_head * (employees + 1)).astype(np.int64)
    employees[prefounder] = 0
    sales[prefounder] = 0

    stage = np.zeros(n, dtype=np.uint8)
    climbing = local & ~prefounder & (rng.random(n) < 0.12)
    stage[climbing] = rng.choice(
        np.arange(1, len(STAGE_VOCABULARY)), climbing.sum(), p=[0.6, 0.25, 0.12, 0.03]
    )

    manufacturing = np.isin(
        ksic, [i + 1 for i, c in enumerate(ksic_codes) if "10" <= c[:2] <= "34"]
    )
    certifications = {}
    for kind in CERTIFICATION_KINDS:
        share, term = CERTIFICATES[kind]
        eligible = ~prefounder & (manufacturing if kind == "small_manufacturer" else True)
        holders = np.flatnonzero(eligible & (rng.random(n) < share))
        certifications[kind] = _certificates(rng, holders, founded, today, term)

    participation = _participation(rng, n, prefounder, founded, today)
    table = CompanyTable(
        ids=np.arange(1, n + 1, dtype=np.int64),
        prefounder=prefounder,
        local=local,
        founded=founded,
        birth=birth.astype(np.int32),
        region=region,
        region_codes=tuple(region_codes),
        ksic=ksic,
        ksic_codes=ksic_vocab,
        employees=employees.astype(np.int32),
        sales=sales,
        stage=stage,
        certifications=certifications,
        sales_history=_sales_history(np.random.default_rng(seed + 1), sales, founded, prefounder),
    )
    return table, participation


def _sales_history(rng, sales, founded, prefounder) -> dict[int, np.ndarray]:
    """Yearly sales reported for the three years before 2026, for the 3-year average: the
    last is last year's sales, earlier years shrink by a random growth rate; a company reports
    the years it was in business at their end, and one in ten skips a year. (A separate
    generator keeps the rest of the population as it was.)"""
    history = {}
    won = sales.astype(np.float64)
    for year in (2025, 2024, 2023):
        reported = (
            ~prefounder
            & (founded <= day_number(date(year, 12, 31)))
            & (rng.random(len(sales)) >= 0.1)
        )
        history[year] = np.where(reported, won.astype(np.int64), NOT_REPORTED)
        won = won / rng.lognormal(0.05, 0.2, len(sales))
    return history


def _certificates(rng, holders, founded, today, term) -> Intervals:
    """One certificate per holder, a third of them renewed once (two intervals back to back
    with a gap of up to 60 days); some have lapsed by now."""
    start = founded[holders] + (rng.random(len(holders)) * (today - founded[holders])).astype(
        np.int32
    )
    length = 365 * term if term else None
    end = np.full(len(holders), OPEN_END, dtype=np.int32) if length is None else start + length
    rows, starts, ends = [holders], [start], [end]
    if length is not None:
        renewed = rng.random(len(holders)) < 0.33
        gap = rng.integers(0, 60, renewed.sum(), dtype=np.int32)
        rows.append(holders[renewed])
        starts.append(end[renewed] + 1 + gap)
        ends.append(end[renewed] + 1 + gap + length)
    return Intervals.build(np.concatenate(rows), np.concatenate(starts), np.concatenate(ends))[0]


def _participation(rng, n, prefounder, founded, today) -> Participation:
    """Six per cent of companies were selected in 1–3 programme rounds since 2019; popular
    series draw more selections (Zipf-like)."""
    selected_companies = np.flatnonzero(~prefounder & (rng.random(n) < 0.06))
    per_company = rng.integers(1, 4, len(selected_companies))
    rows = np.repeat(selected_companies, per_company)
    series = np.minimum(rng.zipf(1.3, len(rows)) - 1, SERIES - 1).astype(np.int32)
    earliest = np.maximum(founded[rows], day_number(date(2019, 1, 1)))
    span = np.maximum(today - earliest, 1)
    start = (earliest + rng.random(len(rows)) * span).astype(np.int32)
    end = start + rng.integers(180, 731, len(rows), dtype=np.int32)
    keys = tuple(series_key(i) for i in range(SERIES))
    return Participation.from_rows(rows, series, start, end, keys)
