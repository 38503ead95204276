"""The booking rules that need no records, at their boundaries."""

from datetime import time

import pytest
from django.utils import translation

from jiwon.equipment.rules import Hours, duration_text, open_minutes, rule_problems, slot_starts
from jiwon.equipment.tests.conftest import NOW, at

HOURS = Hours(
    opens_at=time(9, 0),
    closes_at=time(18, 0),
    open_weekdays="01234",
    closed_on_holidays=True,
    slot_minutes=30,
    min_minutes=30,
    max_minutes=240,
    min_notice_minutes=60,
    max_ahead_days=30,
)
MONDAY = "2026-11-23"


def problems(start, end, now=NOW, holidays=()):
    return rule_problems(HOURS, start, end, now=now, holidays=set(holidays))


def test_it_accepts_a_booking_from_the_minute_of_opening_to_closing_time():
    assert problems(at(MONDAY, "09:00"), at(MONDAY, "13:00")) == []
    assert problems(at(MONDAY, "14:00"), at(MONDAY, "18:00")) == []


def test_it_refuses_a_minute_before_opening_and_after_closing():
    assert "opening hours (09:00–18:00)" in problems(at(MONDAY, "08:30"), at(MONDAY, "10:00"))[0]
    assert "opening hours" in problems(at(MONDAY, "17:00"), at(MONDAY, "18:30"))[0]


def test_it_names_the_longest_booking_and_the_length_chosen():
    assert problems(at(MONDAY, "09:00"), at(MONDAY, "15:00")) == [
        "You can book at most 4 hours — you chose 6 hours."
    ]


def test_it_says_the_longest_booking_in_korean():
    with translation.override("ko"):
        message = problems(at(MONDAY, "09:00"), at(MONDAY, "15:00"))[0]
    assert message == "최대 4시간까지 예약할 수 있습니다 — 6시간을 선택했습니다."


def test_it_refuses_a_booking_shorter_than_the_shortest():
    hours = Hours(**{**HOURS.__dict__, "min_minutes": 60})
    found = rule_problems(hours, at(MONDAY, "09:00"), at(MONDAY, "09:30"), now=NOW, holidays=set())
    assert found == ["You must book at least 1 hour — you chose 30 minutes."]


def test_it_keeps_bookings_on_the_slot_grid():
    assert (
        "in steps of 30 minutes from the opening at 09:00"
        in problems(at(MONDAY, "09:15"), at(MONDAY, "10:15"))[0]
    )


def test_the_notice_limit_holds_to_the_minute():
    # Now is 10:00 on Friday; an hour's notice: 11:00 is the earliest start.
    friday = "2026-11-20"
    assert problems(at(friday, "11:00"), at(friday, "12:00")) == []
    found = problems(at(friday, "10:30"), at(friday, "11:00"))
    assert found == ["Book at least 1 hour before the start — 30 minutes are left."]


def test_it_books_thirty_days_ahead_and_not_thirty_one():
    assert problems(at("2026-12-18", "09:00"), at("2026-12-18", "10:00")) == []  # Fri, +28
    found = problems(at("2026-12-21", "09:00"), at("2026-12-21", "10:00"))  # Mon, +31
    assert found == ["You can book at most 30 days ahead — you chose 31 days ahead."]


def test_weekends_and_public_holidays_are_closed():
    assert "closed day" in problems(at("2026-11-21", "10:00"), at("2026-11-21", "11:00"))[0]
    christmas = "2026-12-25"
    found = problems(
        at(christmas, "10:00"), at(christmas, "11:00"), holidays={at(christmas, "00:00").date()}
    )
    assert "2026-12-25 is a closed day" in found[0]


def test_a_booking_must_end_after_it_starts():
    assert problems(at(MONDAY, "10:00"), at(MONDAY, "10:00")) == [
        "The end must be after the start."
    ]


def test_the_slots_of_a_day_end_by_closing_time():
    starts = slot_starts(HOURS, at(MONDAY, "00:00").date(), 120)
    assert starts[0] == at(MONDAY, "09:00")
    assert starts[-1] == at(MONDAY, "16:00")
    assert len(starts) == 15


def test_open_minutes_leave_out_weekends_and_holidays():
    monday = at(MONDAY, "00:00").date()
    # Mon–Sun with Wednesday a holiday: four open days of nine hours.
    holiday = at("2026-11-25", "00:00").date()
    week_end = at("2026-11-30", "00:00").date()
    assert open_minutes(HOURS, monday, week_end, {holiday}) == 4 * 9 * 60


@pytest.mark.parametrize(
    ("minutes", "english", "korean"),
    [(30, "30 minutes", "30분"), (60, "1 hour", "1시간"), (90, "1 hour 30 minutes", "1시간 30분")],
)
def test_durations_read_naturally(minutes, english, korean):
    assert duration_text(minutes) == english
    with translation.override("ko"):
        assert duration_text(minutes) == korean
