"""Korean telephone numbers, checked by Google's numbering data (`phonenumbers`), not by a
pattern of our own: area codes, mobile and 070/1588 numbers all follow the national plan.

`phone_normalise("０３１ １２３ ４５６７")` returns "031-123-4567": the national format with
hyphens, the one every page and export shows. A number from abroad keeps its international
form ("+1 202-555-0143"). Anything that is not a number in service raises a ValidationError
with a message in Korean and English (gettext).
"""

import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 30


def phone_normalise(value: str) -> str:
    """`value` as one formatted phone number; "" stays "" (the field is optional)."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        return ""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("A phone number has at most %(max)d characters.") % {"max": MAX_LENGTH},
            code="phone_length",
        )
    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a phone number such as 031-123-4567 or 010-1234-5678."),
            code="phone_invalid",
        )
    if number.country_code == 82:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
