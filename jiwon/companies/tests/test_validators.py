import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jiwon.companies.validators import (
    brn_check_digit,
    crn_check_digit,
    normalize_brn,
    validate_brn,
    validate_crn,
)

# Published examples: 124-81-00998 (Samsung Electronics) is the DOMAIN brief's valid example.
VALID_BRN = "1248100998"
VALID_CRN = "1301110006246"  # 삼성전자 법인등록번호


def test_it_accepts_a_known_valid_brn_with_or_without_hyphens():
    assert validate_brn("124-81-00998") == VALID_BRN
    assert validate_brn(" 1248100998 ") == VALID_BRN


@pytest.mark.parametrize("position", range(10))
def test_it_rejects_every_single_digit_typo(position):
    for replacement in "0123456789":
        if replacement == VALID_BRN[position]:
            continue
        typo = VALID_BRN[:position] + replacement + VALID_BRN[position + 1 :]
        with pytest.raises(ValidationError):
            validate_brn(typo)


@pytest.mark.parametrize("value", ["", "124-81-0099", "124810099812", "12a8100998"])
def test_it_rejects_the_wrong_shape_with_a_format_message(value):
    with pytest.raises(ValidationError) as exc:
        validate_brn(value)
    assert exc.value.code == "brn_format"


def test_it_rejects_a_zero_office_code_even_with_a_matching_check_digit():
    head = "000810099"
    with pytest.raises(ValidationError) as exc:
        validate_brn(head + str(brn_check_digit(head)))
    assert exc.value.code == "brn_component"


def test_it_weights_the_ninth_digit_times_five_floor_ten():
    # 9th digit 9: 9*5 = 45 → adds 4 besides the plain weighted sum.
    head = "101011239"
    plain = sum(int(d) * w for d, w in zip(head, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True))
    assert brn_check_digit(head) == (10 - (plain + 4) % 10) % 10


# Office code 101–999, type 01–99, serial 0001–9999: the parts python-stdnum insists on.
heads = st.builds(
    lambda office, kind, serial: f"{office:03d}{kind:02d}{serial:04d}",
    st.integers(101, 999),
    st.integers(1, 99),
    st.integers(1, 9999),
)


@given(heads)
def test_property_the_computed_check_digit_always_validates(head):
    assert validate_brn(head + str(brn_check_digit(head))) == head + str(brn_check_digit(head))


@given(
    heads,
    st.integers(0, 8),
    st.integers(1, 9),
)
def test_property_any_single_digit_change_in_the_first_nine_is_caught(head, position, delta):
    number = head + str(brn_check_digit(head))
    changed = str((int(number[position]) + delta) % 10)
    typo = number[:position] + changed + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_brn(typo)


def test_it_normalises_spaces_and_hyphens():
    assert normalize_brn("124 81-00998") == VALID_BRN


def test_it_accepts_a_valid_crn_and_rejects_each_typo_of_its_last_digit():
    assert validate_crn("130111-0006246") == VALID_CRN
    for digit in "012345789":
        with pytest.raises(ValidationError) as exc:
            validate_crn(VALID_CRN[:12] + digit)
        assert exc.value.code == "crn_checksum"


def test_it_sums_crn_products_not_their_digits():
    # Weight 2 on a 9 gives 18, counted as 18 (not 1+8=9).
    first12 = "090000000000"
    assert crn_check_digit(first12) == (10 - 18 % 10) % 10


@pytest.mark.parametrize("value", ["13011100062", "130111000624a", ""])
def test_it_rejects_a_crn_of_the_wrong_shape(value):
    with pytest.raises(ValidationError) as exc:
        validate_crn(value)
    assert exc.value.code == "crn_format"


FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
MATH_BOLD = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("table", [FULL_WIDTH, MATH_BOLD, SUPERSCRIPT, ARABIC_INDIC])
def test_it_stores_a_brn_typed_with_other_digits_as_ascii(table):
    typed = "124-81-00998".translate(table)
    assert validate_brn(typed) == VALID_BRN
    assert normalize_brn(typed) == VALID_BRN


@pytest.mark.parametrize("table", [FULL_WIDTH, MATH_BOLD, SUPERSCRIPT, ARABIC_INDIC])
def test_it_stores_a_crn_typed_with_other_digits_as_ascii(table):
    assert validate_crn("130111-0006246".translate(table)) == VALID_CRN


@pytest.mark.parametrize("value", ["13011100062⅔", "1301110006²4ⅰ", "Ⅰ301110006246"])
def test_it_refuses_digit_like_characters_that_are_no_digit_with_a_format_message(value):
    # str.isdigit() says yes to some of these and int() cannot read them: the old 500.
    with pytest.raises(ValidationError) as exc:
        validate_crn(value)
    assert exc.value.code in ("crn_format", "crn_checksum")


@given(st.text(max_size=20))
def test_it_never_crashes_and_returns_only_ascii_digits(text):
    for validate in (validate_brn, validate_crn):
        try:
            digits = validate(text)
        except ValidationError:
            continue
        assert digits.isascii() and digits.isdigit()
