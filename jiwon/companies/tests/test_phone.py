"""The registry keeps phone numbers that are numbers, formatted one way."""

import pytest
from django.core.exceptions import ValidationError

from jiwon.companies.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_phone_that_is_not_a_number():
    company = CompanyFactory.build(phone="abc")
    with pytest.raises(ValidationError) as invalid:
        company.full_clean()
    assert "phone" in invalid.value.message_dict


def test_it_stores_the_phone_formatted():
    company = CompanyFactory.build(phone="０１０ １２３４ ５６７８")
    company.full_clean(exclude=["region", "ksic"])
    assert company.phone == "010-1234-5678"
