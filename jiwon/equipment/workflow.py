"""The workflows of bookings and requested tests, as data for the core engine."""

from django.utils.translation import gettext_lazy as _

from jiwon.core.workflow import Transition, Workflow, WorkflowFamily


class BookingStatus:
    PENDING = "pending"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    RELEASED = "released"
    # The states in which a booking holds its resource (the overlap rule and quotas count them).
    HOLDING = frozenset({PENDING, CONFIRMED, CHECKED_IN, COMPLETED})


S = BookingStatus
BOOK, MANAGE = "equipment.book", "equipment.manage"

BOOKING_V1 = Workflow(
    name="equipment.booking",
    version=1,
    initial=S.PENDING,
    states={
        S.PENDING: _("Awaiting approval"),
        S.CONFIRMED: _("Confirmed"),
        S.CHECKED_IN: _("Checked in"),
        S.COMPLETED: _("Used"),
        S.CANCELLED: _("Cancelled"),
        S.REJECTED: _("Refused"),
        S.RELEASED: _("Released (no-show)"),
    },
    transitions=(
        Transition(S.PENDING, S.CONFIRMED, MANAGE, _("Approve")),
        Transition(S.PENDING, S.REJECTED, MANAGE, _("Refuse"), comment_required=True),
        Transition(S.PENDING, S.CANCELLED, BOOK, _("Cancel")),
        Transition(S.PENDING, S.CANCELLED, MANAGE, _("Cancel")),
        Transition(S.CONFIRMED, S.CANCELLED, BOOK, _("Cancel")),
        Transition(S.CONFIRMED, S.CANCELLED, MANAGE, _("Cancel"), comment_required=True),
        Transition(S.CONFIRMED, S.CHECKED_IN, BOOK, _("Check in")),
        Transition(S.CONFIRMED, S.CHECKED_IN, MANAGE, _("Check in")),
        Transition(S.CONFIRMED, S.RELEASED, MANAGE, _("Release")),
        Transition(S.CHECKED_IN, S.COMPLETED, BOOK, _("Check out")),
        Transition(S.CHECKED_IN, S.COMPLETED, MANAGE, _("Check out")),
    ),
    terminal=frozenset({S.COMPLETED, S.CANCELLED, S.REJECTED, S.RELEASED}),
)
BOOKINGS = WorkflowFamily(BOOKING_V1)


class TestStatus:
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


T = TestStatus
TEST_REQUEST_V1 = Workflow(
    name="equipment.test_request",
    version=1,
    initial=T.SUBMITTED,
    states={
        T.SUBMITTED: _("Submitted"),
        T.ACCEPTED: _("Accepted"),
        T.COMPLETED: _("Result ready"),
        T.REJECTED: _("Refused"),
        T.WITHDRAWN: _("Withdrawn"),
    },
    transitions=(
        Transition(T.SUBMITTED, T.ACCEPTED, MANAGE, _("Accept")),
        Transition(T.SUBMITTED, T.REJECTED, MANAGE, _("Refuse"), comment_required=True),
        Transition(T.SUBMITTED, T.WITHDRAWN, "equipment.request_test", _("Withdraw")),
        Transition(T.ACCEPTED, T.COMPLETED, MANAGE, _("Record the result")),
    ),
    terminal=frozenset({T.COMPLETED, T.REJECTED, T.WITHDRAWN}),
)
TEST_REQUESTS = WorkflowFamily(TEST_REQUEST_V1)
