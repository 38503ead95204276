"""A deterministic evaluation round: applications, an evaluator pool, conflicts and the dense
expertise fit, all as arrays.

Applications are support-programme applicants: mostly manufacturing, ICT and professional
services (the sections Anyang's programmes draw), each with one KSIC subclass of revision 11
and 3 to 6 keywords, most of them words of its own division. Evaluators have 1 to 3 fields
(mostly divisions, some deeper codes) drawn from the same industry mix, 4 to 8 keywords and a
capacity. Conflicted pairs are 5 % of all pairs, three times as likely within a division
(former employers and advisory work are in one's own industry).

The fit is jiwon.reviews.engine.fit.expertise_fit computed for every pair with NumPy; a test
checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jiwon.core.reference import read_csv

SECTION_SHARE = {"C": 45, "J": 20, "M": 12, "G": 8, "N": 4, "F": 3, "Q": 3, "E": 2, "P": 2, "R": 1}
DIVISION_WORDS = 8
GENERAL_WORDS = 100
LEVEL_SHARE = {2: 0.5, 3: 0.25, 4: 0.2, 5: 0.05}  # how deep an evaluator's field is
SAME_DIVISION_CONFLICT_WEIGHT = 3


@dataclass(frozen=True, eq=False)
class Round:
    application_codes: list[str]
    application_keywords: list[list[str]]
    evaluator_codes: list[list[str]]
    evaluator_keywords: list[list[str]]
    capacities: np.ndarray
    fit: np.ndarray  # int8, applications × evaluators
    conflicts: np.ndarray  # bool, applications × evaluators


def subclasses() -> tuple[list[str], np.ndarray]:
    """Revision-11 subclasses and the chance of each: the section's share, split inside the
    section by a Zipf law over a fixed random order (a few codes are common, most are rare)."""
    rows = read_csv("ksic.csv")
    section_of = {r["code"]: r["parent_code"] for r in rows if r["level"] == "2"}
    codes = [
        r["code"]
        for r in rows
        if r["revision"] == "11"
        and r["level"] == "5"
        and section_of[r["code"][:2]] in SECTION_SHARE
    ]
    rng = np.random.default_rng(11)
    weights = np.zeros(len(codes))
    for section, share in SECTION_SHARE.items():
        members = np.flatnonzero([section_of[c[:2]] == section for c in codes])
        zipf = 1 / np.arange(1, len(members) + 1)
        weights[rng.permutation(members)] = share * zipf / zipf.sum()
    return codes, weights / weights.sum()


def _words(rng, divisions: np.ndarray, low: int, high: int, own_share: float) -> list[list[str]]:
    counts = rng.integers(low, high + 1, size=len(divisions))
    found = []
    for division, count in zip(divisions.tolist(), counts.tolist(), strict=True):
        own = rng.random(count) < own_share
        words = {
            f"d{division:02d}w{w}" if is_own else f"g{g}"
            for is_own, w, g in zip(
                own,
                rng.integers(0, DIVISION_WORDS, size=count),
                rng.integers(0, GENERAL_WORDS, size=count),
                strict=True,
            )
        }
        found.append(sorted(words))
    return found


def _bits(keywords: list[list[str]], vocabulary: dict[str, int]) -> np.ndarray:
    words = -(-len(vocabulary) // 64)
    bits = np.zeros((len(keywords), words), dtype=np.uint64)
    for row, kws in enumerate(keywords):
        for kw in kws:
            i = vocabulary[kw]
            bits[row, i // 64] |= np.uint64(1) << np.uint64(i % 64)
    return bits


def _path_ids(code: str, section_index: dict[str, int]) -> list[int]:
    """Integer ids of the code's path (section, 2, 3, 4, 5 digits); -1 below its depth."""
    ids = [section_index[code[:2]]] + [int(code[:length]) for length in range(2, len(code) + 1)]
    return ids + [-1] * (5 - len(ids))


def generate(
    applications: int,
    evaluators: int,
    *,
    capacity: tuple[int, int],
    conflict_rate: float,
    seed: int,
) -> Round:
    rng = np.random.default_rng(seed)
    codes, weights = subclasses()
    rows = read_csv("ksic.csv")
    section_of = {r["code"]: r["parent_code"] for r in rows if r["level"] == "2"}
    section_index = {division: ord(section) for division, section in section_of.items()}

    app_codes = [codes[i] for i in rng.choice(len(codes), size=applications, p=weights)]
    app_divisions = np.array([int(c[:2]) for c in app_codes])
    app_keywords = _words(rng, app_divisions, 3, 6, 0.7)

    field_counts = rng.integers(1, 4, size=evaluators)
    drawn = rng.choice(len(codes), size=int(field_counts.sum()), p=weights)
    depths = rng.choice(list(LEVEL_SHARE), size=len(drawn), p=list(LEVEL_SHARE.values()))
    flat = [codes[i][:depth] for i, depth in zip(drawn.tolist(), depths.tolist(), strict=True)]
    ev_codes, start = [], 0
    for count in field_counts.tolist():
        ev_codes.append(flat[start : start + count])
        start += count
    ev_divisions = np.array([int(fields[0][:2]) for fields in ev_codes])
    ev_keywords = _words(rng, ev_divisions, 4, 8, 0.6)

    vocabulary = {
        w: i for i, w in enumerate(sorted({w for kws in app_keywords + ev_keywords for w in kws}))
    }
    app_bits, ev_bits = _bits(app_keywords, vocabulary), _bits(ev_keywords, vocabulary)
    app_paths = np.array([_path_ids(c, section_index) for c in app_codes])
    fit = np.zeros((applications, evaluators), dtype=np.int8)
    for slot in range(3):
        ev_paths = np.array(
            [_path_ids(f[slot], section_index) if slot < len(f) else [-2] * 5 for f in ev_codes]
        )
        depth = np.zeros((applications, evaluators), dtype=np.int8)
        for level in range(5):
            depth += app_paths[:, level, None] == ev_paths[None, :, level]
        np.maximum(fit, depth, out=fit)
    for word in range(app_bits.shape[1]):
        fit += np.bitwise_count(app_bits[:, word, None] & ev_bits[None, :, word]).astype(np.int8)

    same_division = app_divisions[:, None] == ev_divisions[None, :]
    weight = np.where(same_division, SAME_DIVISION_CONFLICT_WEIGHT, 1).astype(np.float32)
    probability = weight * np.float32(conflict_rate / weight.mean())
    conflicts = rng.random((applications, evaluators), dtype=np.float32) < probability

    return Round(
        application_codes=app_codes,
        application_keywords=app_keywords,
        evaluator_codes=ev_codes,
        evaluator_keywords=ev_keywords,
        capacities=rng.integers(capacity[0], capacity[1] + 1, size=evaluators),
        fit=fit,
        conflicts=conflicts,
    )
