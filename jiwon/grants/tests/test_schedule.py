"""Due days of the report schedule, worked by hand (jiwon/grants/schedule.py)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jiwon.grants.schedule import DueRule, add_months, items_text, parse_items


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (date(2026, 3, 15), 3, date(2026, 6, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # over the year's end
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
    ],
)
def test_it_moves_months_on_to_the_same_day_or_the_shorter_months_last(day, months, due):
    assert add_months(day, months) == due


def test_it_dues_an_interim_report_months_after_the_start_but_never_after_the_end():
    rule = DueRule(months_after_start=3)

    assert rule.due(date(2026, 1, 31), date(2026, 12, 31)) == date(2026, 4, 30)
    assert rule.due(date(2026, 11, 1), date(2026, 12, 31)) == date(2026, 12, 31)


def test_it_dues_the_final_report_days_after_the_end_and_a_fixed_date_as_given():
    assert DueRule(days_after_end=30).due(date(2026, 3, 1), date(2026, 12, 31)) == date(2027, 1, 30)
    assert DueRule(days_after_end=0).due(date(2026, 3, 1), date(2026, 12, 31)) == date(2026, 12, 31)
    fixed = DueRule(due_on=date(2026, 7, 15))
    assert fixed.due(date(2026, 3, 1), date(2026, 12, 31)) == date(2026, 7, 15)


def test_it_refuses_no_rule_two_rules_and_rules_out_of_bounds():
    for rule in (
        DueRule(),
        DueRule(months_after_start=2, days_after_end=30),
        DueRule(months_after_start=0),
        DueRule(months_after_start=121),
        DueRule(days_after_end=367),
    ):
        with pytest.raises(ValidationError):
            rule.check()


def test_it_reads_the_staff_lines_and_writes_them_back():
    items = parse_items("* 추진 실적 | Progress\n\n  애로 사항  \n", "n", "Narrative")

    assert items == [
        {"key": "n1", "ko": "추진 실적", "en": "Progress", "required": True},
        {"key": "n2", "ko": "애로 사항", "en": "", "required": False},
    ]
    assert parse_items(items_text(items), "n", "Narrative") == items


def test_it_refuses_a_line_without_korean_and_too_many_lines():
    with pytest.raises(ValidationError, match="Korean"):
        parse_items("| Progress", "n", "Narrative")
    with pytest.raises(ValidationError, match="20"):
        parse_items("\n".join(f"항목 {i}" for i in range(21)), "n", "Narrative")
