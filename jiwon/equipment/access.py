"""Object-level access to shared equipment: the one helper per object that every view uses.

- A resource is public (its free/busy calendar is on the public site); staff manage it with
  equipment.manage. An inactive resource is known to staff only.
- A booking is known to the members of its company (acting with equipment.book) and to staff
  who read every booking (equipment.view_all); staff change it with equipment.manage.
- A requested test is known to its company's members and to staff readers.
Unknown to the user: 404. Known but not theirs to change: 403.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from jiwon.companies.access import is_member
from jiwon.companies.models import Company
from jiwon.core.permissions import has_perm
from jiwon.equipment.models import Booking, EquipmentKind, Resource, TestRequest

ACTIONS = ("view", "change", "manage")


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")


def may_book_for(user: Any, company: Company) -> bool:
    """The object rule of equipment.book and equipment.request_test on companies: a member
    books only for their own company."""
    return is_member(user, company)


def resource_for(user: Any, pk: Any, *, action: str = "view") -> Resource:
    """The resource `pk`: anyone sees an active one; "manage" needs equipment.manage."""
    _check_action(action)
    try:
        resource = Resource.objects.select_related("site__agency", "kind").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("resource not found") from exc
    staff = has_perm(user, "equipment.view_all")
    if not resource.active and not staff:
        raise Http404("resource not found")
    if action in ("change", "manage") and not has_perm(user, "equipment.manage"):
        raise PermissionDenied("may not manage this resource")
    return resource


def kind_for(user: Any, pk: Any) -> EquipmentKind:
    """A kind of equipment (public)."""
    try:
        return EquipmentKind.objects.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("kind not found") from exc


def booking_for(user: Any, pk: Any, *, action: str = "view") -> Booking:
    """The booking `pk`: "view" for its company's members and staff readers, "change"
    (cancel, move, check in and out) for its company's members and managers, "manage" (approve,
    refuse, release) for managers."""
    _check_action(action)
    try:
        booking = Booking.objects.select_related(
            "resource__site__agency", "resource__kind", "company", "booked_by"
        ).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("booking not found") from exc
    own = has_perm(user, "equipment.book", booking.company)
    if not own and not has_perm(user, "equipment.view_all"):
        raise Http404("booking not found")
    manager = has_perm(user, "equipment.manage")
    if action == "change" and not (own or manager):
        raise PermissionDenied("may not change this booking")
    if action == "manage" and not manager:
        raise PermissionDenied("may not manage this booking")
    return booking


def test_request_for(user: Any, pk: Any, *, action: str = "view") -> TestRequest:
    """The requested test `pk`: "view" for its company's members and staff readers,
    "change" (withdraw) for its members, "manage" (accept, refuse, record the result) for
    managers."""
    _check_action(action)
    try:
        request = TestRequest.objects.select_related("company", "kind", "requested_by").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("test request not found") from exc
    own = has_perm(user, "equipment.request_test", request.company)
    if not own and not has_perm(user, "equipment.view_all"):
        raise Http404("test request not found")
    if action == "change" and not own:
        raise PermissionDenied("may not change this request")
    if action == "manage" and not has_perm(user, "equipment.manage"):
        raise PermissionDenied("may not manage this request")
    return request


def bookable_companies(user: Any) -> list[Company]:
    """The companies `user` books for (their own)."""
    if not has_perm(user, "equipment.book"):
        return []
    return list(Company.objects.filter(memberships__user_id=user.pk).order_by("name_ko").distinct())
