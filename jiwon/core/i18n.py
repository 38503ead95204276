"""Data in two languages: records keep a Korean name and, where known, an English one
(`name_ko`/`name_en`, `title_ko`/`title_en`). Pages show the one of the active language,
falling back to Korean, the language every record has."""

from django.utils.translation import get_language


def in_language(korean: str, english: str = "") -> str:
    """`english` on an English page when there is one, `korean` otherwise."""
    if english and (get_language() or "").startswith("en"):
        return english
    return korean
