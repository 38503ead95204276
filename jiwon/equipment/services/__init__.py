"""Writes of shared equipment, one module per topic: bookings (create, change, cancel, approve,
refuse, check in and out, the no-show and reminder jobs, the waiting list), trainings, requested
tests, resources (rules, photo, manual) and records of past bookings. Every service is atomic and
audited as `equipment.<service>`; state changes go through the core workflow engine. The names
are re-exported here: callers write `services.booking_create`."""

from jiwon.equipment.services.bookings import (
    booking_approve,
    booking_cancel,
    booking_change,
    booking_check_in,
    booking_check_out,
    booking_create,
    booking_fee,
    booking_problems,
    booking_refuse,
    booking_reminders_send,
    bookings_release_no_shows,
    checkin_window,
    waitlist_join,
)
from jiwon.equipment.services.records import (
    PastBooking,
    bookings_bulk_record,
)
from jiwon.equipment.services.requested_tests import (
    RESULT_POLICY,
    test_request_accept,
    test_request_complete,
    test_request_refuse,
    test_request_submit,
    test_request_withdraw,
)
from jiwon.equipment.services.resources import (
    MANUAL_POLICY,
    PHOTO_POLICY,
    resource_files_set,
    resource_save,
)
from jiwon.equipment.services.trainings import (
    training_record_add,
)

__all__ = [
    "MANUAL_POLICY",
    "PHOTO_POLICY",
    "PastBooking",
    "RESULT_POLICY",
    "booking_approve",
    "booking_cancel",
    "booking_change",
    "booking_check_in",
    "booking_check_out",
    "booking_create",
    "booking_fee",
    "booking_problems",
    "booking_refuse",
    "booking_reminders_send",
    "bookings_bulk_record",
    "bookings_release_no_shows",
    "checkin_window",
    "resource_files_set",
    "resource_save",
    "test_request_accept",
    "test_request_complete",
    "test_request_refuse",
    "test_request_submit",
    "test_request_withdraw",
    "training_record_add",
    "waitlist_join",
]
