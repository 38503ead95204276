"""The `won` and `eok` template filters (jiwon.core.templatetags.money) at their boundaries,
in Korean (the default) and in English."""

import pytest
from django.template import Context, Template
from django.utils import translation

from jiwon.core.templatetags.money import eok, won


@pytest.fixture
def korean():
    with translation.override("ko"):
        yield


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0원"),
        (999, "999원"),
        (1000, "1,000원"),
        (5_300_000_000, "5,300,000,000원"),
        (-1_500, "-1,500원"),
        ("2086", "2,086원"),
        (None, ""),
        ("not a number", ""),
    ],
)
def test_won_shows_the_exact_figure_with_thousands_separators(korean, amount, text):
    assert won(amount) == text


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (100_000_000, "1억원"),  # the first amount shown in 억
        (104_999_999, "1억원"),  # 1.04999999 rounds down
        (105_000_000, "1.1억원"),  # exactly half rounds up
        (530_000_000, "5.3억원"),
        (5_300_000_000, "53억원"),
        (9_994_999_999, "99.9억원"),
        (9_995_000_000, "100억원"),  # half-up carries into the next whole 억, no ".0"
        (208_600_000_000, "2,086억원"),
        (208_649_999_999, "2,086.5억원"),
        (1_000_000_000_000, "10,000억원"),  # no 조
        (-105_000_000, "-1.1억원"),  # half away from zero
    ],
)
def test_eok_rounds_half_up_to_one_decimal_and_keeps_the_exact_figure_in_a_title(
    korean, amount, shown
):
    assert eok(amount) == f'<span title="{won(amount)}">{shown}</span>'


@pytest.mark.parametrize("amount", [0, 99_999_999, -99_999_999])
def test_eok_shows_sums_under_one_eok_exactly(korean, amount):
    assert eok(amount) == won(amount)


def test_eok_renders_as_markup_in_a_template_and_won_as_text(korean):
    html = Template("{% load money %}{{ a|eok }} / {{ a|won }}").render(
        Context({"a": 5_300_000_000})
    )
    assert html == '<span title="5,300,000,000원">53억원</span> / 5,300,000,000원'


def test_empty_amounts_render_as_nothing():
    assert Template("{% load money %}[{{ a|eok }}{{ a|won }}]").render(Context({"a": None})) == "[]"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (100_000_000, "KRW 100 million"),  # 1억: the first amount rounded
        (104_999_999, "KRW 100 million"),
        (105_000_000, "KRW 110 million"),  # exactly half a step rounds up, as 1.1억원
        (994_999_999, "KRW 990 million"),
        (995_000_000, "KRW 1 billion"),  # 10억원: the rounded amount chooses the unit
        (5_300_000_000, "KRW 5.3 billion"),  # 53억원
        (9_994_999_999, "KRW 9.99 billion"),  # 99.9억원
        (9_995_000_000, "KRW 10 billion"),  # 100억원
        (208_600_000_000, "KRW 208.6 billion"),  # 2,086억원
        (208_649_999_999, "KRW 208.65 billion"),  # 2,086.5억원
        (1_000_000_000_000, "KRW 1,000 billion"),
        (-105_000_000, "KRW -110 million"),
    ],
)
def test_eok_reads_in_english_units_rounded_to_the_same_step(amount, shown):
    with translation.override("en"):
        assert won(amount) == f"KRW {amount:,}"
        assert eok(amount) == f'<span title="KRW {amount:,}">{shown}</span>'
        assert eok(99_999_999) == "KRW 99,999,999"
