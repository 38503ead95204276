"""Bookings that already happened, recorded in bulk (moved from a previous system, or the
demo's history)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_label
from jiwon.core.permissions import has_perm
from jiwon.equipment.models import Booking, BookingStatusChange, Resource, UsageLog
from jiwon.equipment.services.bookings import booking_fee
from jiwon.equipment.workflow import BookingStatus

S = BookingStatus


@dataclass(frozen=True)
class PastBooking:
    """A booking that already happened, for `bookings_bulk_record`: `outcome` is completed
    (with the hours used), released (a no-show) or cancelled."""

    resource: Resource
    company: Company
    start: datetime
    end: datetime
    purpose: str
    outcome: str
    person: str = ""
    used_from: datetime | None = None
    used_until: datetime | None = None


def _history(booking: Booking, outcome: str) -> list[tuple[str, str, datetime]]:
    booked = booking.start - timedelta(days=3)
    if outcome == S.CANCELLED:
        return [("", S.PENDING, booked), (S.PENDING, S.CONFIRMED, booked),
                (S.CONFIRMED, S.CANCELLED, booking.start - timedelta(days=1))]  # fmt: skip
    if outcome == S.RELEASED:
        release = booking.start + timedelta(minutes=booking.resource.release_after_minutes)
        return [("", S.PENDING, booked), (S.PENDING, S.CONFIRMED, booked),
                (S.CONFIRMED, S.RELEASED, release)]  # fmt: skip
    return [("", S.PENDING, booked), (S.PENDING, S.CONFIRMED, booked),
            (S.CONFIRMED, S.CHECKED_IN, booking.start),
            (S.CHECKED_IN, S.COMPLETED, booking.end)]  # fmt: skip


def bookings_bulk_record(*, actor: Actor, bookings: list[PastBooking], label: str) -> int:
    """Record bookings that already happened (moved from a previous system, or the demo's
    history) in bulk: each with its history and, when used, its usage log; one audit entry
    for the batch. Refused as a whole if two of them, or one of them and a booking already
    recorded, hold one resource at the same time, or if one is not over."""
    if not has_perm(actor, "equipment.manage"):
        raise PermissionDenied("may not record bookings")
    now = timezone.now()
    outcomes = {S.COMPLETED, S.RELEASED, S.CANCELLED}
    by_resource: dict[int, list[PastBooking]] = {}
    for row in bookings:
        if row.outcome not in outcomes or row.end > now or row.end <= row.start:
            raise ValidationError(
                _("Only bookings that are over can be recorded: %(start)s.")
                % {"start": row.start.isoformat()}
            )
        if row.outcome == S.COMPLETED and not (row.used_from and row.used_until and row.person):
            raise ValidationError(_("A used booking needs its hours of use and who used it."))
        by_resource.setdefault(row.resource.pk, []).append(row)
    for rows in by_resource.values():
        held = sorted(
            (r.start, r.end + r.resource.buffer) for r in rows if r.outcome == S.COMPLETED
        )
        for (_s1, e1), (s2, _e2) in zip(held, held[1:], strict=False):
            if s2 < e1:
                raise ValidationError(_("Two of the bookings hold one resource at once."))
    with transaction.atomic():
        made = Booking.objects.bulk_create(
            [
                Booking(
                    resource=r.resource,
                    company=r.company,
                    start=r.start,
                    end=r.end,
                    hold_end=r.end + r.resource.buffer,
                    purpose=r.purpose[:200],
                    status=r.outcome,
                    workflow_version=Booking.workflows.current.version,
                    fee_won=booking_fee(r.resource, r.start, r.end),
                    checked_in_at=r.used_from if r.outcome == S.COMPLETED else None,
                )
                for r in bookings
            ],
            batch_size=500,
        )
        history, usage = [], []
        label_text = actor_label(actor)
        for booking, row in zip(made, bookings, strict=True):
            for source, target, at in _history(booking, row.outcome):
                history.append(
                    BookingStatusChange(
                        booking=booking,
                        source=source,
                        target=target,
                        at=at,
                        actor_label=label_text,
                    )  # fmt: skip
                )
            if row.outcome == S.COMPLETED:
                assert row.used_from is not None and row.used_until is not None
                usage.append(
                    UsageLog(
                        booking=booking,
                        started_at=row.used_from,
                        ended_at=row.used_until,
                        person=row.person[:100],
                        purpose=row.purpose[:200],
                    )  # fmt: skip
                )
        BookingStatusChange.objects.bulk_create(history, batch_size=1000)
        UsageLog.objects.bulk_create(usage, batch_size=1000)
        if made:
            audit_record(
                actor=actor,
                action="equipment.bookings_bulk_record",
                obj=made[0].resource,
                changes={"bookings": [None, len(made)], "label": [None, label]},
            )
    return len(made)
