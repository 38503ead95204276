from datetime import date

import pytest

from jiwon.core.models import Agency, Closure
from jiwon.core.workdays import (
    add_working_days,
    is_working_day,
    national_holiday_name,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_weekends_and_public_and_substitute_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 9, 25))  # 추석
    assert not is_working_day(date(2026, 10, 5))  # substitute for 개천절 (a Saturday)
    assert national_holiday_name(date(2026, 10, 5))
    assert is_working_day(date(2026, 11, 20))


def test_a_temporary_holiday_entered_as_data_moves_every_deadline():
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1) == date(2026, 11, 23)
    Closure.objects.create(
        day=date(2026, 11, 23), kind=Closure.Kind.TEMPORARY_HOLIDAY, name="임시공휴일"
    )
    assert add_working_days(friday, 1) == date(2026, 11, 24)


def test_an_agency_closure_closes_only_that_agency():
    agency = Agency.objects.create(code="ay", name_ko="안양산업진흥원")
    other = Agency.objects.create(code="gg", name_ko="경기")
    day = date(2026, 11, 24)
    Closure.objects.create(
        day=day, kind=Closure.Kind.AGENCY_CLOSURE, name="창립기념일", agency=agency
    )
    assert not is_working_day(day, agency=agency)
    assert is_working_day(day, agency=other)
    assert is_working_day(day)


def test_it_counts_working_days_in_a_half_open_range():
    # Mon 2026-09-21 .. Mon 2026-09-28: 추석 on Thu–Sat (24–26) and the weekend.
    assert working_days_between(date(2026, 9, 21), date(2026, 9, 28)) == 3
    assert working_days_between(date(2026, 9, 28), date(2026, 9, 28)) == 0


def test_zero_working_days_from_a_holiday_is_the_next_working_day():
    assert add_working_days(date(2026, 9, 25), 0) == date(2026, 9, 28)
    assert add_working_days(date(2026, 11, 20), 0) == date(2026, 11, 20)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 20), -1)


def test_it_crosses_a_long_run_of_closed_days_and_a_year_end():
    assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 5)
    assert add_working_days(date(2026, 1, 2), 260) > date(2026, 12, 31)
