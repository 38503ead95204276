"""The region picker: grouped by 시도, the city's own districts first, each named with its code
(not 270 bare "26110 중구" lines)."""

import re

import pytest
from django.utils import translation

from jiwon.companies.forms import CompanyForm

pytestmark = pytest.mark.django_db


def rendered():
    with translation.override("en"):
        return str(CompanyForm()["region"])


def test_it_puts_the_city_s_districts_first_then_groups_by_province():
    html = rendered()
    groups = re.findall(r'<optgroup label="([^"]+)">', html)
    assert groups[0] == "In the city"
    assert "부산광역시" in groups and "대구광역시" in groups
    first_group = html.split("<optgroup")[1]
    assert "(41171)</option>" in first_group and "(41173)</option>" in first_group
    busan = html.split('<optgroup label="부산광역시">')[1].split("</optgroup>")[0]
    assert ">중구 (26110)</option>" in busan
    assert "27110" not in busan


def test_it_offers_a_search_box_to_the_script():
    assert "data-jw-search" in rendered()
