"""Normalising what people type before it is validated or stored.

An identifier (business or corporate registration number, a code) must have one spelling in the
database, or the same number typed with full-width (１３８), mathematical (𝟏𝟑𝟖) or superscript
(¹³⁸) digits would pass a uniqueness check as a different value. NFKC folds those compatibility
forms to ASCII; digits of other scripts (٣, ३) have no compatibility mapping, so they are mapped
by their decimal value. What is left is either ASCII or something a validator refuses."""

import re
import unicodedata

# After NFKC every dash-like separator people paste (‐ ‑ ‒ – — − ー) reads as a hyphen.
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u30fc\ufe58\ufe63\uff0d-]")


def ascii_digits(text: str) -> str:
    """`text` after NFKC, with every remaining decimal digit (any script) as its ASCII digit."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(
        str(unicodedata.decimal(ch))
        if not ch.isascii() and unicodedata.decimal(ch, None) is not None
        else ch
        for ch in folded
    )


def identifier_digits(text: str) -> str:
    """An identifier typed with separators ('１３８－８１－２７５９８', '124 81 00998') as the bare
    characters to validate: NFKC, ASCII digits, no white space and no dashes."""
    return "".join(_DASHES.sub("", ascii_digits(text)).split())


def is_ascii_digits(text: str) -> bool:
    """Only 0-9 (str.isdigit() also says yes to '²' and '١', which int() cannot always read)."""
    return bool(text) and text.isascii() and text.isdigit()
