"""Bookings of shared equipment: the rules a booking must keep, create, change, cancel, approve,
refuse, check in and out; the scheduled jobs (no-shows released, reminders) and the waiting list
that hears when a slot frees."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.selectors import eligibility_failures
from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.companies.notifications import notify_company
from jiwon.core.actor import SYSTEM, Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.workdays import holidays_between
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.equipment.models import Booking, Resource, TestRequest, UsageLog, WaitlistEntry
from jiwon.equipment.rules import SEOUL, duration_text, hours_of, rule_problems
from jiwon.equipment.selectors import conflicting_bookings, quota_problems, valid_training
from jiwon.equipment.workflow import BookingStatus

S = BookingStatus


def _taken_message(resource: Resource, clash: Booking) -> str:
    return _(
        "This time is taken: %(resource)s is booked %(start)s–%(end)s. Choose another time or"
        " join the waiting list."
    ) % {
        "resource": resource.name_ko,
        "start": f"{clash.start.astimezone(SEOUL):%m-%d %H:%M}",
        "end": f"{clash.hold_end.astimezone(SEOUL):%H:%M}",
    }


def _may_book(actor: Actor, company: Company) -> bool:
    return has_perm(actor, "equipment.book", company) or has_perm(actor, "equipment.manage")


def booking_problems(
    *,
    actor: Actor,
    resource: Resource,
    company: Company,
    start: datetime,
    end: datetime,
    now: datetime,
    exclude: Booking | None = None,
    for_agency: bool = False,
) -> list[str]:
    """Every rule a booking would break, as sentences (empty: it may be made). `for_agency`:
    the agency books for a requested test, so who-may-book, training and quotas do not apply."""
    if not resource.active:
        return [_("%(resource)s cannot be booked at the moment.") % {"resource": resource}]
    start_day = start.astimezone(SEOUL).date()
    holidays = holidays_between(
        start_day, start_day + timedelta(days=1), agency=resource.site.agency
    )
    problems = rule_problems(hours_of(resource), start, end, now=now, holidays=holidays)
    if problems:
        return problems
    if not for_agency:
        program = resource.eligibility_program
        if program is not None:
            failures = eligibility_failures(company, program, now.astimezone(SEOUL).date())
            if failures:
                problems.append(
                    _("%(company)s may not book %(resource)s: %(reasons)s")
                    % {
                        "company": company.name_ko,
                        "resource": resource.name_ko,
                        "reasons": " ".join(f.text() for f in failures),
                    }
                )
        person = actor_user(actor)
        if (
            resource.requires_training
            and person is not None
            and not valid_training(person=person, resource=resource, on=start_day)
        ):
            problems.append(
                _(
                    "%(resource)s needs a valid training record on %(day)s: ask the staff for"
                    " the next training before you book it."
                )
                % {"resource": resource.name_ko, "day": start_day.isoformat()}
            )
        problems += quota_problems(
            resource=resource, company=company, start=start, end=end, exclude=exclude
        )
    clash = conflicting_bookings(
        resource=resource, start=start, hold_end=end + resource.buffer, exclude=exclude
    ).first()
    if clash is not None:
        problems.append(_taken_message(resource, clash))
    return problems


def booking_fee(resource: Resource, start: datetime, end: datetime) -> int:
    # The fee is charged by the minute and rounded down to the won.
    minutes = int((end - start).total_seconds() // 60)
    return resource.fee_per_hour_won * minutes // 60


def booking_create(
    *,
    actor: Actor,
    resource: Resource,
    company: Company,
    start: datetime,
    end: datetime,
    purpose: str,
    now: datetime | None = None,
    test_request: TestRequest | None = None,
) -> Booking:
    """Book `resource` for `company` over [start, end). Refused with every broken rule named;
    two bookings of one resource never overlap (checked here under a lock on the resource, and
    by the database)."""
    if not _may_book(actor, company):
        raise PermissionDenied("may not book for this company")
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationError({"purpose": _("Say what you will use it for.")})
    now = now or timezone.now()
    for_agency = test_request is not None
    with transaction.atomic():
        locked = (
            Resource.objects.select_for_update().select_related("site__agency").get(pk=resource.pk)
        )
        problems = booking_problems(
            actor=actor,
            resource=locked,
            company=company,
            start=start,
            end=end,
            now=now,
            for_agency=for_agency,
        )
        if problems:
            raise ValidationError(problems)
        booking = workflow_initial(
            Booking(
                resource=locked,
                company=company,
                booked_by=actor_user(actor),
                start=start,
                end=end,
                hold_end=end + locked.buffer,
                purpose=purpose[:200],
                fee_won=booking_fee(locked, start, end),
                test_request=test_request,
            )
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as exc:
            clash = conflicting_bookings(resource=locked, start=start, hold_end=booking.hold_end)
            first = clash.first()
            if first is None:
                raise
            raise ValidationError(_taken_message(locked, first)) from exc
        workflow_record_created(actor=actor, obj=booking)
        audit_record(
            actor=actor,
            action="equipment.booking_create",
            obj=booking,
            changes={
                "resource": [None, locked.pk],
                "company": [None, company.pk],
                "start": [None, start.isoformat()],
                "end": [None, end.isoformat()],
            },
        )
        if for_agency or not locked.needs_approval:
            booking = workflow_move(
                actor=SYSTEM,
                obj=booking,
                to=S.CONFIRMED,
                action="equipment.booking_create",
                comment=_("Confirmed at once: this resource needs no approval.")
                if not for_agency
                else _("Booked by the agency for a requested test."),
            )
    return booking


def booking_change(
    *, actor: Actor, booking: Booking, start: datetime, end: datetime, now: datetime | None = None
) -> Booking:
    """Move a booking that has not started to another time, within the same rules."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_resource = (
            Resource.objects.select_for_update()
            .select_related("site__agency")
            .get(pk=booking.resource_id)
        )
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if not _may_book(actor, current.company):
            raise PermissionDenied("may not change this booking")
        if current.status not in (S.PENDING, S.CONFIRMED) or current.start <= now:
            raise ValidationError(_("Only a booking that has not started can be changed."))
        problems = booking_problems(
            actor=actor,
            resource=locked_resource,
            company=current.company,
            start=start,
            end=end,
            now=now,
            exclude=current,
            for_agency=current.test_request_id is not None,
        )
        if problems:
            raise ValidationError(problems)
        before = {"start": current.start.isoformat(), "end": current.end.isoformat()}
        current.start, current.end = start, end
        current.hold_end = end + locked_resource.buffer
        current.fee_won = booking_fee(locked_resource, start, end)
        current.save(update_fields=["start", "end", "hold_end", "fee_won"])
        audit_record(
            actor=actor,
            action="equipment.booking_change",
            obj=current,
            changes={
                "start": [before["start"], start.isoformat()],
                "end": [before["end"], end.isoformat()],
            },
        )
    _waitlist_notify(resource=locked_resource, now=now)
    return current


def booking_cancel(
    *, actor: Actor, booking: Booking, reason: str = "", now: datetime | None = None
) -> Booking:
    now = now or timezone.now()
    if booking.status == S.CONFIRMED and booking.start <= now:
        raise ValidationError(_("A booking that has started cannot be cancelled."))
    moved = workflow_move(
        actor=actor, obj=booking, to=S.CANCELLED, action="equipment.booking_cancel", comment=reason
    )
    _waitlist_notify(resource=moved.resource, now=now)
    return moved


def booking_approve(*, actor: Actor, booking: Booking) -> Booking:
    moved = workflow_move(
        actor=actor, obj=booking, to=S.CONFIRMED, action="equipment.booking_approve"
    )
    notify_company(
        company=moved.company, template="equipment/email/approved", context={"booking": moved}
    )
    return moved


def booking_refuse(*, actor: Actor, booking: Booking, reason: str) -> Booking:
    moved = workflow_move(
        actor=actor, obj=booking, to=S.REJECTED, action="equipment.booking_refuse", comment=reason
    )
    notify_company(
        company=moved.company,
        template="equipment/email/refused",
        context={"booking": moved, "reason": reason},
    )
    return moved


def checkin_window(booking: Booking) -> tuple[datetime, datetime]:
    """[opens, closes) of the check-in: from `checkin_before_minutes` before the start until the
    booking would be released."""
    resource = booking.resource
    return (
        booking.start - timedelta(minutes=resource.checkin_before_minutes),
        booking.start + timedelta(minutes=resource.release_after_minutes),
    )


def booking_check_in(*, actor: Actor, booking: Booking, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    opens, closes = checkin_window(booking)
    if not opens <= now < closes:
        raise ValidationError(
            _("Check-in is open from %(opens)s to %(closes)s.")
            % {
                "opens": f"{opens.astimezone(SEOUL):%H:%M}",
                "closes": f"{closes.astimezone(SEOUL):%H:%M}",
            }
        )
    return workflow_move(
        actor=actor,
        obj=booking,
        to=S.CHECKED_IN,
        action="equipment.booking_check_in",
        updates={"checked_in_at": now},
    )


def booking_check_out(
    *,
    actor: Actor,
    booking: Booking,
    started_at: datetime,
    ended_at: datetime,
    person: str,
    purpose: str,
    counter_value: int | None = None,
) -> Booking:
    """Close a checked-in booking with what actually happened (the usage log)."""
    person, purpose = " ".join(person.split()), " ".join(purpose.split())
    errors: dict[str, str] = {}
    if ended_at <= started_at:
        errors["ended_at"] = _("The end of use must be after its start.")
    if not person:
        errors["person"] = _("Say who used it.")
    if not purpose:
        errors["purpose"] = _("Say what it was used for.")
    if booking.resource.has_counter and counter_value is None:
        errors["counter_value"] = _("Read the counter of the unit and enter it.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moved = workflow_move(
            actor=actor, obj=booking, to=S.COMPLETED, action="equipment.booking_check_out"
        )
        UsageLog.objects.create(
            booking=moved,
            started_at=started_at,
            ended_at=ended_at,
            person=person[:100],
            purpose=purpose[:200],
            counter_value=counter_value,
        )
    return moved


def bookings_release_no_shows(now: datetime) -> int:
    """The scheduled job: a confirmed booking not checked in `release_after_minutes` after its
    start is released (a no-show) and its time offered to the waiting list."""
    released = 0
    candidates = Booking.objects.filter(status=S.CONFIRMED, start__lte=now).select_related(
        "resource"
    )
    touched: set[int] = set()
    for booking in candidates:
        if booking.start + timedelta(minutes=booking.resource.release_after_minutes) > now:
            continue
        workflow_move(
            actor=SYSTEM,
            obj=booking,
            to=S.RELEASED,
            action="equipment.bookings_release_no_shows",
            comment=_("Not checked in within %(minutes)s of the start.")
            % {"minutes": duration_text(booking.resource.release_after_minutes)},
        )
        touched.add(booking.resource_id)
        released += 1
    for resource in Resource.objects.filter(pk__in=touched):
        _waitlist_notify(resource=resource, now=now)
    return released


def booking_reminders_send(now: datetime) -> int:
    """The scheduled job: the day before a confirmed booking, its company is reminded once."""
    tomorrow = now.astimezone(SEOUL).date() + timedelta(days=1)
    due = Booking.objects.filter(
        status__in=(S.PENDING, S.CONFIRMED), reminded_at__isnull=True
    ).filter(start__date=tomorrow)
    sent = 0
    for booking in due.select_related("resource", "company"):
        if booking.start.astimezone(SEOUL).date() != tomorrow:
            continue
        Booking.objects.filter(pk=booking.pk).update(reminded_at=now)
        notify_company(
            company=booking.company,
            template="equipment/email/reminder",
            context={"booking": booking},
        )
        sent += 1
    return sent


def waitlist_join(
    *,
    actor: Actor,
    resource: Resource,
    company: Company,
    start: datetime,
    end: datetime,
) -> WaitlistEntry:
    """Wait for a taken slot: the company is told by email when it frees."""
    if not _may_book(actor, company):
        raise PermissionDenied("may not wait for this company")
    if end <= start:
        raise ValidationError(_("The end must be after the start."))
    if not conflicting_bookings(
        resource=resource, start=start, hold_end=end + resource.buffer
    ).exists():
        raise ValidationError(_("This time is free: book it instead of waiting."))
    person = actor_user(actor)
    if person is None:
        raise PermissionDenied("a waiting-list entry belongs to a person")
    with transaction.atomic():
        entry, created = WaitlistEntry.objects.get_or_create(
            resource=resource, company=company, start=start, end=end, defaults={"person": person}
        )
        if created:
            audit_record(
                actor=actor,
                action="equipment.waitlist_join",
                obj=entry,
                changes={"start": [None, start.isoformat()], "end": [None, end.isoformat()]},
            )
    return entry


def _waitlist_notify(*, resource: Resource, now: datetime) -> None:
    """Tell each waiting company whose slot is now free (once)."""
    waiting = WaitlistEntry.objects.filter(
        resource=resource, notified_at__isnull=True, start__gt=now
    ).select_related("company")
    for entry in waiting:
        free = not conflicting_bookings(
            resource=resource, start=entry.start, hold_end=entry.end + resource.buffer
        ).exists()
        if free:
            WaitlistEntry.objects.filter(pk=entry.pk).update(notified_at=now)
            notify_company(
                company=entry.company,
                template="equipment/email/slot_free",
                context={"entry": entry, "resource": resource},
            )
