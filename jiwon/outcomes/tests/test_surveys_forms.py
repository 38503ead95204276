"""The survey form reads numbers the way people type them and says what to fix otherwise."""

from datetime import date

import pytest
from django import forms
from django.utils import translation

from jiwon.outcomes.forms_surveys import SurveyAnswerForms, WholeNumberField
from jiwon.outcomes.services.surveys import AwardEntry, SurveyAnswers


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1,234,000", 1_234_000),
        ("1234000", 1_234_000),
        (" 12 ", 12),
        ("0", 0),
        ("1 234 000", 1_234_000),
        ("", None),
        ("1,000,000,000,000,000", 10**15),
    ],
)
def test_it_accepts_whole_numbers_with_or_without_commas(typed, number):
    assert WholeNumberField(required=False).clean(typed) == number


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("-1", "negative"),
        ("-1,000", "negative"),
        ("1.5", "decimal"),
        ("1,234.00", "decimal"),
        ("1,23", "grouping"),
        ("12,34,567", "grouping"),
        ("1e6", "invalid"),
        ("１２", "invalid"),  # full-width digits: ask for plain digits rather than guess
        ("약 10명", "invalid"),
        ("1,000,000,000,000,001", "too_large"),
    ],
)
def test_it_refuses_anything_but_a_non_negative_whole_number(typed, code):
    with pytest.raises(forms.ValidationError) as caught:
        WholeNumberField(required=False).clean(typed)
    assert caught.value.code == code


def test_its_messages_are_english_msgids():
    with translation.override("en"), pytest.raises(forms.ValidationError) as caught:
        WholeNumberField().clean("-5")
    assert caught.value.messages == ["Enter zero or a positive number."]


def management(**counts):
    data = {}
    for prefix in ("inv", "ip", "agr", "award", "reloc"):
        data[f"{prefix}-TOTAL_FORMS"] = str(counts.get(prefix, 1))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def test_blank_rows_are_ignored_and_filled_rows_become_entries():
    data = {
        **management(award=2),
        "employees": "3",
        "award-0-occurred_on": "2021-11-11",
        "award-0-name": "장관상",
        "ip-0-kind": "",  # the untouched blank row, as a browser posts it
    }
    bundle = SurveyAnswerForms(data, year=2021, answers=SurveyAnswers())
    assert bundle.is_valid(), bundle.figures.errors
    answers = bundle.answers()
    assert answers.figures["employees"] == 3
    assert answers.figures["sales_won"] is None
    assert answers.awards == (AwardEntry(date(2021, 11, 11), "장관상", ""),)
    assert answers.ip == ()


def test_a_record_dated_outside_the_survey_year_is_refused():
    data = {
        **management(),
        "award-0-occurred_on": "2022-01-01",
        "award-0-name": "장관상",
    }
    with translation.override("en"):
        bundle = SurveyAnswerForms(data, year=2021, answers=SurveyAnswers())
        assert not bundle.is_valid()
        award_forms = dict((k, fs) for k, _h, fs in bundle.sections)["awards"]
        assert award_forms.errors[0]["occurred_on"] == [
            "Enter a date in 2021, the year this survey asks about."
        ]
    assert bundle.has_errors


def test_the_same_patent_number_twice_in_one_answer_is_refused():
    row = {"occurred_on": "2021-05-01", "kind": "patent", "number": "10-2021-0000001"}
    data = {**management(ip=2)}
    for n in (0, 1):
        data.update({f"ip-{n}-{k}": v for k, v in row.items()})
    bundle = SurveyAnswerForms(data, year=2021, answers=SurveyAnswers())
    assert not bundle.is_valid()
    ip_forms = dict((k, fs) for k, _h, fs in bundle.sections)["ip"]
    assert ip_forms.non_form_errors()


def test_read_only_forms_show_the_saved_rows_only():
    answers = SurveyAnswers(
        figures={"employees": 7}, awards=(AwardEntry(date(2021, 3, 1), "우수기업"),)
    )
    bundle = SurveyAnswerForms(None, year=2021, answers=answers, disabled=True)
    sections = dict((k, fs) for k, _h, fs in bundle.sections)
    assert len(sections["awards"].forms) == 1
    assert len(sections["investments"].forms) == 0
    assert all(f.disabled for form in bundle.all_forms() for f in form.fields.values())
