"""Korean business identifiers. Messages are translatable and say what to fix."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.kr import brn as stdnum_brn

from jiwon.core.normalize import identifier_digits, is_ascii_digits


def normalize_brn(value: str) -> str:
    """NFKC, ASCII digits, no spaces or hyphens: '１２４－８１－００９９８' → '1248100998'."""
    return identifier_digits(value)


def brn_check_digit(first9: str) -> int:
    """The 10th digit of a 사업자등록번호 (국세청 rule). python-stdnum checks the number's format
    and components but, as of 2.2, not this digit."""
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(int(d) * w for d, w in zip(first9, weights, strict=True))
    total += int(first9[8]) * 5 // 10
    return (10 - total % 10) % 10


def validate_brn(value: str) -> str:
    """Return the 10-digit 사업자등록번호, or raise ValidationError saying what is wrong."""
    digits = normalize_brn(value)
    if not is_ascii_digits(digits) or len(digits) != 10:
        raise ValidationError(
            _("A business registration number has 10 digits (XXX-XX-XXXXX)."), code="brn_format"
        )
    try:
        stdnum_brn.validate(digits)
    except StdnumError as exc:
        raise ValidationError(
            _(
                "This is not a valid business registration number: its office code, type or "
                "serial part is zero."
            ),
            code="brn_component",
        ) from exc
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("This business registration number's check digit is wrong; check for a typo."),
            code="brn_checksum",
        )
    return digits


def crn_check_digit(first12: str) -> int:
    weights = (1, 2) * 6
    total = sum(int(d) * w for d, w in zip(first12, weights, strict=True))
    return (10 - total % 10) % 10


def normalize_crn(value: str) -> str:
    """As normalize_brn: one spelling per number, whatever digits it was typed with."""
    return identifier_digits(value)


def validate_crn(value: str) -> str:
    """Return the 13-digit 법인등록번호, or raise ValidationError."""
    digits = normalize_crn(value)
    if not is_ascii_digits(digits) or len(digits) != 13:
        raise ValidationError(
            _("A corporate registration number has 13 digits (XXXXXX-XXXXXXX)."),
            code="crn_format",
        )
    if crn_check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(
            _("This corporate registration number's check digit is wrong; check for a typo."),
            code="crn_checksum",
        )
    return digits
