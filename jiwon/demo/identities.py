"""Identities for the demo companies: valid business and corporate registration numbers,
Korean and English names, representatives, addresses and telephone numbers, drawn from a
seeded random generator so that every run gives the same registry."""

import bisect
import functools
import itertools
import random
from dataclasses import dataclass, field

from jiwon.companies.validators import brn_check_digit, crn_check_digit
from jiwon.demo import vocab


@dataclass
class Used:
    """Values already taken within one generation run, so draws can be redone on collision."""

    brns: set[str] = field(default_factory=set)
    crns: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


@functools.cache
def _cumulative(pairs: tuple) -> tuple[tuple, tuple[float, ...]]:
    return tuple(v for v, _ in pairs), tuple(itertools.accumulate(w for _, w in pairs))


def pick(rng: random.Random, pairs: tuple):
    """rng.choices(values, weights)[0] (same draw, same result) without rebuilding the
    cumulative weights on every call: the generator picks a few million times for 100k rows."""
    values, cumulative = _cumulative(pairs)
    return values[bisect.bisect(cumulative, rng.random() * cumulative[-1], 0, len(values) - 1)]


ENGLISH_CORPORATE = (("Co., Ltd.", 7), ("Inc.", 2), ("Corp.", 1))


def brn(rng: random.Random, *, offices, corporation: bool, used: Used) -> str:
    while True:
        office = pick(rng, offices)
        kind = (
            pick(rng, vocab.CORPORATION_BRN_TYPES) if corporation else f"{rng.randint(1, 79):02d}"
        )
        head = f"{office}{kind}{rng.randint(1, 9999):04d}"
        brn = head + str(brn_check_digit(head))
        if brn not in used.brns:
            used.brns.add(brn)
            return brn


def crn(rng: random.Random, used: Used) -> tuple[str, str]:
    """A valid 법인등록번호 and its corporation kind (11 주식회사, 14 유한회사)."""
    while True:
        kind = pick(rng, vocab.CRN_KINDS)
        head = f"{pick(rng, vocab.CRN_REGISTRY_OFFICES)}{kind}{rng.randint(1, 999_999):06d}"
        crn = head + str(crn_check_digit(head))
        if crn not in used.crns:
            used.crns.add(crn)
            return crn, kind


def names(
    rng: random.Random, sector: vocab.Sector, *, crn_kind: str | None, used: Used
) -> tuple[str, str]:
    for _attempt in range(8):
        head_ko, head_en = rng.choice(vocab.NAME_HEADS)
        tail_ko, tail_en = rng.choice(vocab.NAME_TAILS) if rng.random() < 0.35 else ("", "")
        suffix_ko, suffix_en = rng.choice(sector.suffixes)
        stem_ko = head_ko + tail_ko + suffix_ko
        if stem_ko not in used.names:
            break
    used.names.add(stem_ko)
    stem_en = f"{head_en}{tail_en} {suffix_en}"
    if crn_kind is None:
        return stem_ko, stem_en
    if crn_kind == "14":
        return f"유한회사 {stem_ko}", f"{stem_en} LLC"
    style = rng.random()
    if style < 0.6:
        name_ko = f"(주){stem_ko}"
    elif style < 0.85:
        name_ko = f"주식회사 {stem_ko}"
    else:
        name_ko = f"{stem_ko}(주)"
    return name_ko, f"{stem_en} {pick(rng, ENGLISH_CORPORATE)}"


def person(rng: random.Random, *, female: bool) -> str:
    given = rng.choice(vocab.FEMALE_GIVEN_NAMES if female else vocab.MALE_GIVEN_NAMES)
    return pick(rng, vocab.SURNAMES) + given


def address(rng: random.Random, *, region_code: str, region_name: str, office: bool) -> str:
    street = rng.choice(vocab.STREETS[region_code])
    address = f"{region_name} {street} {rng.randint(1, 320)}"
    if office and rng.random() < 0.7:
        floor = rng.randint(2, 15)
        address += f", {floor}층 {floor}{rng.randint(1, 20):02d}호"
    return address


def phone(rng: random.Random, region_code: str) -> str:
    if region_code.startswith("11"):
        return f"02-{rng.randint(500, 899)}-{rng.randint(1000, 9999)}"
    exchange = (
        rng.randint(340, 479) if region_code in vocab.LOCAL_DISTRICTS else rng.randint(200, 999)
    )
    return f"031-{exchange}-{rng.randint(1000, 9999)}"
