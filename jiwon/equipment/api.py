"""/api/v1/equipment: the resources, the free slots of a kind, and the caller's own bookings,
through the same access helpers, selectors and services as the pages (a member sees and books
for their own company only; what others booked is never shown, only that a time is taken)."""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Form, Router, Schema, Status

from jiwon.core.pagination import paginate
from jiwon.core.schemas import ErrorOut, FieldErrorsOut
from jiwon.equipment import selectors, services
from jiwon.equipment.access import bookable_companies, booking_for, kind_for, resource_for
from jiwon.equipment.models import Booking, Resource

router = Router(tags=["equipment"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}
# The longest booking a resource may allow (a working day), and the most slots one call lists.
MAX_MINUTES = 24 * 60
MAX_SLOTS = 50


class ResourceOut(Schema):
    id: int
    site: str
    category: str
    kind_id: int | None
    kind_code: str
    name_ko: str
    name_en: str
    model_name: str
    location: str
    specifications: str
    opens_at: time
    closes_at: time
    open_weekdays: str
    slot_minutes: int
    min_minutes: int
    max_minutes: int
    buffer_minutes: int
    min_notice_minutes: int
    max_ahead_days: int
    needs_approval: bool
    requires_training: bool
    fee_per_hour_won: int
    has_photo: bool
    has_manual: bool


class ResourcePage(Schema):
    items: list[ResourceOut]
    page: int
    page_size: int
    has_next: bool


class SlotOut(Schema):
    resource_id: int
    resource_name: str
    start: datetime
    end: datetime


class BookingOut(Schema):
    id: int
    resource_id: int
    resource_name: str
    company_id: int
    start: datetime
    end: datetime
    purpose: str
    status: str
    status_label: str
    fee_won: int
    checked_in_at: datetime | None


class BookingPage(Schema):
    items: list[BookingOut]
    page: int
    page_size: int
    has_next: bool


class BookingIn(Schema):
    resource_id: int
    start: datetime
    end: datetime
    purpose: str
    company_id: int | None = None


def _resource_out(r: Resource) -> dict[str, Any]:
    return {
        "id": r.pk,
        "site": r.site.name_ko,
        "category": r.category,
        "kind_id": r.kind_id,
        "kind_code": r.kind.code if r.kind else "",
        "name_ko": r.name_ko,
        "name_en": r.name_en,
        "model_name": r.model_name,
        "location": r.location,
        "specifications": r.specifications,
        "opens_at": r.opens_at,
        "closes_at": r.closes_at,
        "open_weekdays": r.open_weekdays,
        "slot_minutes": r.slot_minutes,
        "min_minutes": r.min_minutes,
        "max_minutes": r.max_minutes,
        "buffer_minutes": r.buffer_minutes,
        "min_notice_minutes": r.min_notice_minutes,
        "max_ahead_days": r.max_ahead_days,
        "needs_approval": r.needs_approval,
        "requires_training": r.requires_training,
        "fee_per_hour_won": r.fee_per_hour_won,
        "has_photo": bool(r.photo),
        "has_manual": bool(r.manual),
    }


def _booking_out(b: Booking) -> dict[str, Any]:
    return {
        "id": b.pk,
        "resource_id": b.resource_id,
        "resource_name": b.resource.name_ko,
        "company_id": b.company_id,
        "start": b.start,
        "end": b.end,
        "purpose": b.purpose,
        "status": b.status,
        "status_label": b.status_label,
        "fee_won": b.fee_won,
        "checked_in_at": b.checked_in_at,
    }


@router.get(
    "/resources",
    response={200: ResourcePage, **ERRORS},
    operation_id="equipment_resources",
    summary="The bookable resources (equipment units, workbenches, workshops, meeting rooms)",
)
def resource_list(request: HttpRequest, page: int = 1, kind: int | None = None) -> dict[str, Any]:
    qs = (
        Resource.objects.filter(active=True)
        .select_related("site", "kind")
        .order_by("site__name_ko", "category", "name_ko", "id")
    )
    if kind is not None:
        qs = qs.filter(kind_id=kind)
    found = paginate(qs, page=max(page, 1), per_page=50)
    return {
        "items": [_resource_out(r) for r in found.items],
        "page": found.number,
        "page_size": found.per_page,
        "has_next": found.has_next,
    }


@router.get(
    "/resources/{resource_id}",
    response={200: ResourceOut, **ERRORS},
    operation_id="equipment_resource",
    summary="One resource with its booking rules",
)
def resource_detail(request: HttpRequest, resource_id: int) -> dict[str, Any]:
    return _resource_out(resource_for(request.auth, resource_id))  # type: ignore[attr-defined]


@router.get(
    "/kinds/{kind_id}/free-slots",
    response={200: list[SlotOut], **ERRORS},
    operation_id="equipment_free_slots",
    summary="The next free slots of `minutes` across every unit of a kind, soonest first",
)
def free_slots(
    request: HttpRequest, kind_id: int, minutes: int = 120, limit: int = 10
) -> list[dict[str, Any]]:
    kind = kind_for(request.auth, kind_id)  # type: ignore[attr-defined]
    if not 0 < minutes <= MAX_MINUTES:
        raise ValidationError(
            {"minutes": _("Give a length from 1 to %(max)d minutes.") % {"max": MAX_MINUTES}}
        )
    if not 0 < limit <= MAX_SLOTS:
        raise ValidationError({"limit": _("Ask for 1 to %(max)d slots.") % {"max": MAX_SLOTS}})
    slots = selectors.free_slots(
        resources=selectors.units_of(kind), minutes=minutes, now=timezone.now(), limit=limit
    )
    return [
        {
            "resource_id": s.resource.pk,
            "resource_name": s.resource.name_ko,
            "start": s.start,
            "end": s.end,
        }
        for s in slots
    ]


@router.get(
    "/bookings",
    response={200: BookingPage, **ERRORS},
    operation_id="equipment_bookings",
    summary="The bookings of the caller's own companies, latest first",
)
def booking_list(request: HttpRequest, page: int = 1, since: date | None = None) -> dict[str, Any]:
    companies = bookable_companies(request.auth)  # type: ignore[attr-defined]
    qs = (
        Booking.objects.filter(company__in=companies)
        .select_related("resource")
        .order_by("-start", "-id")
    )
    if since is not None:
        qs = qs.filter(start__date__gte=since)
    found = paginate(qs, page=max(page, 1), per_page=50)
    return {
        "items": [_booking_out(b) for b in found.items],
        "page": found.number,
        "page_size": found.per_page,
        "has_next": found.has_next,
    }


@router.get(
    "/bookings/{booking_id}",
    response={200: BookingOut, **ERRORS},
    operation_id="equipment_booking",
    summary="One booking (the own company's, or any for staff readers)",
)
def booking_detail(request: HttpRequest, booking_id: int) -> dict[str, Any]:
    return _booking_out(booking_for(request.auth, booking_id))  # type: ignore[attr-defined]


@router.post(
    "/bookings",
    response={201: BookingOut, **ERRORS},
    operation_id="equipment_book",
    summary="Book a resource for the caller's company, within its rules",
)
def booking_create(request: HttpRequest, payload: BookingIn) -> Status:
    actor = request.auth  # type: ignore[attr-defined]
    unit = resource_for(actor, payload.resource_id)
    companies = bookable_companies(actor)
    if not companies:
        raise PermissionDenied(_("Your account belongs to no company: ask the staff."))
    wanted = payload.company_id or companies[0].pk
    company = next((c for c in companies if c.pk == wanted), None)
    if company is None:
        raise ValidationError({"company_id": _("You book for your own company only.")})
    booking = services.booking_create(
        actor=actor,
        resource=unit,
        company=company,
        start=payload.start,
        end=payload.end,
        purpose=payload.purpose,
    )
    return Status(201, _booking_out(booking))


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, **ERRORS},
    operation_id="equipment_cancel",
    summary="Cancel a booking before it starts (form field `reason`, optional)",
)
def booking_cancel(request: HttpRequest, booking_id: int, reason: Form[str] = "") -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    booking = booking_for(actor, booking_id, action="change")
    return _booking_out(services.booking_cancel(actor=actor, booking=booking, reason=reason))
