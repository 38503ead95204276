import pytest
from django.template import Context, Template

from jiwon.core.formats import brn_format


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("1388127598", "138-81-27598"), ("138-81-27598", "138-81-27598"), (None, ""), ("", "")],
)
def test_it_writes_a_business_number_with_hyphens(stored, shown):
    assert brn_format(stored) == shown


def test_the_template_filter_formats_and_marks_a_missing_number():
    template = Template("{% load numbers %}{{ a|brn }} {{ b|brn }}")
    assert template.render(Context({"a": "1388127598", "b": None})) == "138-81-27598 —"
