"""Expertise fit of an evaluator to an application: an integer, higher is better.

fit = KSIC fit + keyword overlap, where

- KSIC fit is the level of the deepest KSIC code the two share, over every pair of the
  application's codes and the evaluator's fields: same subclass (5 digits) 5, same class 4,
  same group 3, same division 2, same section 1, nothing in common 0. An evaluator whose field
  is a division (26) gets 2 for an application in 26110: a broad field never counts as deep;
- keyword overlap is the number of keywords both name, compared after Unicode normalisation
  (NFKC), case folding and collapsing white space.

The assignment engine only needs integers; jiwon/reviews/README.md explains the choice.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from jiwon.programs.eligibility.codes import ksic_section

KSIC_MAX_FIT = 5


def ksic_path(code: str) -> tuple[str, ...]:
    """The code and its ancestors from the section down: 26110 → (C, 26, 261, 2611, 26110).
    A section letter is its own path; a code whose division KSIC does not have has none, so it
    matches nothing."""
    code = code.strip().upper()
    section = ksic_section(code)
    if not section:
        return ()
    return (section, *(code[:length] for length in range(2, len(code) + 1)))


def ksic_fit(application_code: str, evaluator_code: str) -> int:
    """Number of leading path elements the two codes share (0 to 5)."""
    shared = 0
    for mine, theirs in zip(ksic_path(application_code), ksic_path(evaluator_code), strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def normalise_keyword(keyword: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", keyword).casefold().split())


def keyword_set(keywords: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in map(normalise_keyword, keywords) if k)


def expertise_fit(
    *,
    application_codes: Iterable[str],
    application_keywords: Iterable[str],
    evaluator_codes: Iterable[str],
    evaluator_keywords: Iterable[str],
) -> int:
    evaluator_codes = tuple(evaluator_codes)
    best = max(
        (ksic_fit(a, e) for a in application_codes for e in evaluator_codes),
        default=0,
    )
    return best + len(keyword_set(application_keywords) & keyword_set(evaluator_keywords))
