from datetime import date, datetime

import pytest
from django.utils.translation import gettext_lazy as _

from jiwon.core.excel.cells import (
    CellError,
    ChoiceCell,
    CodeCell,
    DateCell,
    IntegerCell,
    Message,
    TextCell,
    as_text,
    bilingual,
    is_blank,
    normalize_header,
)

KIND = ChoiceCell((("법인", "corporation"), ("개인", "sole")))


def test_a_message_renders_in_both_languages_with_its_parameters():
    message = Message(_("Enter a number of at most %(maximum)s."), {"maximum": "9"})
    assert bilingual(message) == ("9 이하의 숫자를 입력하세요.", "Enter a number of at most 9.")


def test_it_reads_text_as_written_in_the_sheet():
    assert TextCell().read("  안양테크 ") == "안양테크"
    assert as_text(12.0) == "12"
    assert as_text(datetime(2026, 3, 2, 9)) == "2026-03-02"
    assert (is_blank(None), is_blank("  "), is_blank(0)) == (True, True, False)


def test_a_choice_is_read_from_its_label_or_its_stored_value():
    assert KIND.read("법인") == "corporation"
    assert KIND.read(" SOLE ") == "sole"
    with pytest.raises(CellError) as refused:
        KIND.read("협동조합")
    assert refused.value.message.render("en") == "Enter one of: 법인, 개인."
    assert (KIND.write("sole"), KIND.write("unknown")) == ("개인", "")


@pytest.mark.parametrize(
    "value", ["2015-03-02", "2015.3.2.", "2015/03/02", "20150302", date(2015, 3, 2)]
)
def test_a_date_is_read_from_the_ways_people_type_it(value):
    assert DateCell().read(value) == date(2015, 3, 2)


def test_an_excel_datetime_is_read_as_its_day():
    assert DateCell().read(datetime(2015, 3, 2, 0, 0)) == date(2015, 3, 2)


@pytest.mark.parametrize("value", ["2015-02-30", "March 2015", 42])
def test_it_refuses_what_is_not_a_date(value):
    with pytest.raises(CellError):
        DateCell().read(value)


@pytest.mark.parametrize(
    ("value", "number"), [("1,200", 1200), ("5 000원", 5000), (3.0, 3), (0, 0)]
)
def test_a_whole_number_is_read_with_separators_and_a_won_sign(value, number):
    assert IntegerCell(maximum=10_000).read(value) == number


@pytest.mark.parametrize(
    ("value", "english"),
    [
        (3.5, "Enter a whole number without decimals."),
        (-1, "Enter 0 or more; negative numbers are not allowed."),
        ("many", "Enter a whole number of 0 or more, e.g. 1,200."),
        (True, "Enter a whole number of 0 or more, e.g. 1,200."),
        (10_001, "Enter a number of at most 10,000."),
    ],
)
def test_it_refuses_what_is_not_a_whole_number_in_range(value, english):
    with pytest.raises(CellError) as refused:
        IntegerCell(maximum=10_000).read(value)
    assert refused.value.message.render("en") == english


def test_a_code_typed_into_a_number_cell_gets_its_leading_zeros_back_as_a_candidate():
    assert CodeCell(length=5).read(1110) == ("1110", "01110")
    assert CodeCell(length=5).read("01110") == ("01110",)
    assert CodeCell(length=5).read(41171) == ("41171",)


def test_headers_match_without_spaces_or_the_required_marker():
    assert normalize_header(" 사업자 등록번호 * ") == "사업자등록번호"
    assert normalize_header(None) == ""
