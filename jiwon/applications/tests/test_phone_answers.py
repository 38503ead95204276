"""A phone question takes a Korean phone number and stores it formatted; "abc" is refused."""

import pytest
from django.core.exceptions import ValidationError

from jiwon.applications.definition import Field, clean_value, default_definition, parse_definition


def phone_field():
    return Field("contact_phone", "phone", {"key": "contact_phone", "type": "phone", "label": "T"})


def test_it_stores_a_phone_answer_in_the_national_format():
    assert clean_value(phone_field(), "0311234567") == "031-123-4567"
    assert clean_value(phone_field(), "") is None


@pytest.mark.parametrize("typed", ["abc", "123", "031-12"])
def test_it_refuses_a_phone_answer_that_is_no_number(typed):
    with pytest.raises(ValidationError):
        clean_value(phone_field(), typed)


def test_the_default_form_asks_for_the_contact_phone_as_a_phone_number():
    definition = parse_definition(default_definition())
    assert {f.key: f.type for f in definition.fields}["contact_phone"] == "phone"
