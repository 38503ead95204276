import pytest
from django.core.exceptions import ValidationError

from jiwon.core.phones import phone_normalise


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("031-123-4567", "031-123-4567"),
        ("0311234567", "031-123-4567"),
        ("０３１ １２３ ４５６７", "031-123-4567"),  # full-width digits, as some IMEs type them
        ("010 1234 5678", "010-1234-5678"),
        ("02-123-4567", "02-123-4567"),
        ("+82 31 123 4567", "031-123-4567"),
        ("1588-1234", "1588-1234"),
        ("070-1234-5678", "070-1234-5678"),
        ("+1 202 555 0143", "+1 202-555-0143"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_it_stores_a_korean_number_in_the_national_format(typed, stored):
    assert phone_normalise(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "123", "031-12", "010-123", "010-1234-56789", "1" * 31])
def test_it_refuses_what_is_not_a_phone_number_with_an_example(typed):
    with pytest.raises(ValidationError) as caught:
        phone_normalise(typed)
    assert caught.value.code in {"phone_invalid", "phone_length"}
