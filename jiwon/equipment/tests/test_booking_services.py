"""Booking, changing and cancelling within the rules that need records: overlaps with the
buffer, quotas, training, who may book, approval, check-in, release, the waiting list and
reminders."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.equipment import services
from jiwon.equipment.models import Booking, Quota, QuotaPeriod, WaitlistEntry
from jiwon.equipment.tests.conftest import NOW, at
from jiwon.equipment.tests.factories import ResourceFactory
from jiwon.equipment.workflow import BookingStatus as S

MONDAY = "2026-11-23"


def book(actor, unit, company, start, end, purpose="RF 측정"):
    return services.booking_create(
        actor=actor, resource=unit, company=company, start=start, end=end, purpose=purpose
    )


def test_it_confirms_a_booking_at_once_when_no_approval_is_needed(unit, company, member):
    booking = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "12:00"))
    assert booking.status == S.CONFIRMED
    assert [h.target for h in booking.status_history.all()] == [S.PENDING, S.CONFIRMED]


def test_two_bookings_of_one_unit_never_overlap(unit, company, member):
    book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "12:00"))
    with pytest.raises(ValidationError) as refused:
        book(member, unit, company, at(MONDAY, "11:30"), at(MONDAY, "12:30"))
    assert "This time is taken" in refused.value.messages[0]
    assert "11-23 10:00–12:00" in refused.value.messages[0]
    assert Booking.objects.count() == 1


def test_a_booking_may_start_the_minute_the_previous_one_ends(unit, company, member):
    book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "12:00"))
    book(member, unit, company, at(MONDAY, "12:00"), at(MONDAY, "13:00"))
    assert Booking.objects.count() == 2


def test_the_buffer_keeps_the_unit_free_after_each_booking(company, member):
    unit = ResourceFactory(buffer_minutes=30)
    book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "12:00"))
    with pytest.raises(ValidationError):
        book(member, unit, company, at(MONDAY, "12:00"), at(MONDAY, "13:00"))
    book(member, unit, company, at(MONDAY, "12:30"), at(MONDAY, "13:00"))


def test_the_database_refuses_an_overlap_the_service_did_not_see(unit, company, member):
    from django.db import IntegrityError, transaction

    first = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "12:00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            resource=unit,
            company=company,
            start=at(MONDAY, "11:00"),
            end=at(MONDAY, "13:00"),
            hold_end=at(MONDAY, "13:00"),
            purpose="x",
            status=S.CONFIRMED,
        )
    first.status = S.CANCELLED
    first.save()
    Booking.objects.create(
        resource=unit,
        company=company,
        start=at(MONDAY, "11:00"),
        end=at(MONDAY, "13:00"),
        hold_end=at(MONDAY, "13:00"),
        purpose="x",
        status=S.CONFIRMED,
    )


def test_a_member_books_only_for_their_own_company(unit, member):
    other = CompanyFactory()
    with pytest.raises(PermissionDenied):
        book(member, unit, other, at(MONDAY, "10:00"), at(MONDAY, "11:00"))


def test_the_weekly_quota_holds_to_the_hour(company, member):
    unit = ResourceFactory()
    Quota.objects.create(resource=unit, period=QuotaPeriod.WEEK, hours=4)
    book(member, unit, company, at(MONDAY, "09:00"), at(MONDAY, "12:00"))
    book(member, unit, company, at("2026-11-24", "09:00"), at("2026-11-24", "10:00"))
    with pytest.raises(ValidationError) as refused:
        book(member, unit, company, at("2026-11-25", "09:00"), at("2026-11-25", "09:30"))
    assert refused.value.messages == [
        f"{unit.name_ko}: your company may book 4 hours per week — 4 hours are booked from"
        " 2026-11-23 and this booking adds 30 minutes."
    ]
    # The next week starts afresh.
    book(member, unit, company, at("2026-11-30", "09:00"), at("2026-11-30", "13:00"))


def test_a_kind_quota_counts_every_unit_of_the_kind(company, member):
    first, second = ResourceFactory(), ResourceFactory()
    Quota.objects.create(kind=first.kind, period=QuotaPeriod.MONTH, hours=2)
    book(member, first, company, at(MONDAY, "09:00"), at(MONDAY, "10:00"))
    with pytest.raises(ValidationError):
        book(member, second, company, at(MONDAY, "13:00"), at(MONDAY, "14:30"))
    book(member, second, company, at(MONDAY, "13:00"), at(MONDAY, "14:00"))


def test_cancelled_bookings_leave_the_quota(company, member):
    unit = ResourceFactory()
    Quota.objects.create(resource=unit, period=QuotaPeriod.WEEK, hours=2)
    first = book(member, unit, company, at(MONDAY, "09:00"), at(MONDAY, "11:00"))
    services.booking_cancel(actor=member, booking=first)
    book(member, unit, company, at(MONDAY, "13:00"), at(MONDAY, "15:00"))


def test_a_unit_that_requires_training_needs_a_valid_record_on_the_day(company, member, officer):
    unit = ResourceFactory(requires_training=True)
    with pytest.raises(ValidationError) as refused:
        book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    assert "needs a valid training record on 2026-11-23" in refused.value.messages[0]
    services.training_record_add(
        actor=officer,
        person_id=member.pk,
        kind=unit.kind,
        resource=None,
        trained_on=date(2025, 11, 23),
        expires_on=date(2026, 11, 23),
    )
    book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))  # valid that day
    with pytest.raises(ValidationError):
        book(member, unit, company, at("2026-11-24", "10:00"), at("2026-11-24", "11:00"))


def test_only_companies_the_programme_rule_admits_may_book(member, company):
    from jiwon.programs.models import EligibilityRuleVersion
    from jiwon.programs.tests.factories import ProgramFactory

    program = ProgramFactory()
    EligibilityRuleVersion.objects.filter(program=program).delete()
    EligibilityRuleVersion.objects.create(
        program=program,
        version=1,
        effective_from=date(2026, 1, 1),
        rule={"type": "employees", "max": 9},
    )
    unit = ResourceFactory(eligibility_program=program)
    with pytest.raises(ValidationError) as refused:
        book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))  # 10 employees
    assert f"{company.name_ko} may not book" in refused.value.messages[0]
    company.employees = 9
    company.save()
    book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))


def test_staff_approve_or_refuse_a_booking_that_needs_approval(
    company, member, officer, django_capture_on_commit_callbacks
):
    unit = ResourceFactory(needs_approval=True)
    first = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    assert first.status == S.PENDING
    with pytest.raises(PermissionDenied):
        services.booking_approve(actor=member, booking=first)
    assert services.booking_approve(actor=officer, booking=first).status == S.CONFIRMED
    second = book(member, unit, company, at(MONDAY, "13:00"), at(MONDAY, "14:00"))
    with pytest.raises(ValidationError):
        services.booking_refuse(actor=officer, booking=second, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_refuse(actor=officer, booking=second, reason="점검 일정")
    assert "점검 일정" in mail.outbox[-1].body


def test_check_in_opens_fifteen_minutes_before_and_closes_at_release(unit, company, member):
    booking = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    with pytest.raises(ValidationError) as early:
        services.booking_check_in(actor=member, booking=booking, now=at(MONDAY, "09:44"))
    assert early.value.messages == ["Check-in is open from 09:45 to 10:15."]
    with pytest.raises(ValidationError):
        services.booking_check_in(actor=member, booking=booking, now=at(MONDAY, "10:15"))
    checked = services.booking_check_in(actor=member, booking=booking, now=at(MONDAY, "09:45"))
    assert checked.status == S.CHECKED_IN


def test_a_booking_not_checked_in_is_released_after_the_grace_period(unit, company, member):
    booking = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    assert services.bookings_release_no_shows(at(MONDAY, "10:14")) == 0
    assert services.bookings_release_no_shows(at(MONDAY, "10:15")) == 1
    booking.refresh_from_db()
    assert booking.status == S.RELEASED
    assert services.bookings_release_no_shows(at(MONDAY, "10:16")) == 0  # idempotent


def test_the_waiting_list_hears_when_the_slot_frees(
    unit, company, member, django_capture_on_commit_callbacks
):
    first = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "12:00"))
    rival = CompanyFactory()
    rival_member = member_of(rival)
    rival_member.email = "rival@example.com"
    rival_member.save()
    with pytest.raises(ValidationError):
        services.waitlist_join(
            actor=rival_member, resource=unit, company=rival,
            start=at(MONDAY, "13:00"), end=at(MONDAY, "14:00"),
        )  # fmt: skip
    services.waitlist_join(
        actor=rival_member, resource=unit, company=rival,
        start=at(MONDAY, "10:00"), end=at(MONDAY, "11:00"),
    )  # fmt: skip
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=member, booking=first)
    entry = WaitlistEntry.objects.get()
    assert entry.notified_at == NOW
    assert any("rival@example.com" in m.to for m in mail.outbox)


def test_members_cannot_cancel_a_booking_that_has_started(unit, company, member):
    booking = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    with pytest.raises(ValidationError):
        services.booking_cancel(actor=member, booking=booking, now=at(MONDAY, "10:00"))


def test_a_booking_moves_within_the_rules(unit, company, member):
    booking = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    book(member, unit, company, at(MONDAY, "13:00"), at(MONDAY, "14:00"))
    with pytest.raises(ValidationError):
        services.booking_change(
            actor=member, booking=booking, start=at(MONDAY, "13:30"), end=at(MONDAY, "14:30")
        )
    moved = services.booking_change(
        actor=member, booking=booking, start=at(MONDAY, "10:30"), end=at(MONDAY, "11:30")
    )
    assert moved.start == at(MONDAY, "10:30")


def test_reminders_go_out_once_the_day_before(
    unit, company, member, django_capture_on_commit_callbacks
):
    member.email = "member@example.com"
    member.save()
    book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.booking_reminders_send(at("2026-11-21", "09:00")) == 0  # 2 days before
        assert services.booking_reminders_send(at("2026-11-22", "09:00")) == 1
        assert services.booking_reminders_send(at("2026-11-22", "10:00")) == 0
    assert len(mail.outbox) == 1


def test_check_out_records_what_was_used(unit, company, member):
    booking = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "12:00"))
    booking = services.booking_check_in(actor=member, booking=booking, now=at(MONDAY, "10:00"))
    with pytest.raises(ValidationError) as refused:
        services.booking_check_out(
            actor=member, booking=booking, started_at=at(MONDAY, "11:00"),
            ended_at=at(MONDAY, "10:00"), person="", purpose="",
        )  # fmt: skip
    assert set(refused.value.error_dict) == {"ended_at", "person", "purpose"}
    done = services.booking_check_out(
        actor=member, booking=booking, started_at=at(MONDAY, "10:05"),
        ended_at=at(MONDAY, "11:35"), person="김연구", purpose="S-파라미터 측정",
    )  # fmt: skip
    assert done.status == S.COMPLETED
    assert done.usage.ended_at - done.usage.started_at == timedelta(minutes=90)


def test_the_fee_is_charged_by_the_minute_and_rounded_down(company, member):
    unit = ResourceFactory(fee_per_hour_won=10_001)
    booking = book(member, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:30"))
    assert booking.fee_won == 15_001  # 10,001 × 1.5 = 15,001.5 → 15,001


def test_a_city_viewer_may_not_book(unit, company):
    viewer = UserFactory(role=Role.CITY_VIEWER)
    with pytest.raises(PermissionDenied):
        book(viewer, unit, company, at(MONDAY, "10:00"), at(MONDAY, "11:00"))
