"""Object-level access to startup spaces: the one helper per object that every view uses.

- Sites and units are public (the public page shows what is free, never who rents what).
- A contract, its charges and an offer are known to the members of its company (acting with
  spaces.act) and to back-office readers (spaces.view_all); staff act on them with
  spaces.manage (contracts, offers) or spaces.bill (charges, deposits).
- Staff of one agency (`RoleUser.agency`, jiwon.core.agencies) know only that agency's sites
  and what hangs off them (floors, units, calls, contracts, offers, charges): another
  agency's are unknown to them. A company's members see their own tenancy wherever it is.
Unknown to the user: 404. Known but not theirs to act on: 403.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from jiwon.companies.access import is_member
from jiwon.companies.models import Company
from jiwon.core.agencies import in_agency
from jiwon.core.permissions import has_perm
from jiwon.spaces.models import Charge, Contract, Floor, Offer, SpaceSite, TenancyCall, Unit

# "visit": the public's view of a site (its QR check-in), whoever asks.
ACTIONS = ("visit", "view", "act", "manage", "bill")


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")


def acts_for(user: Any, company: Company) -> bool:
    """The object rule of spaces.act on companies: a member acts for their own company."""
    return is_member(user, company)


def _in_scope(user: Any, site: SpaceSite, what: str) -> None:
    if not in_agency(user, site.agency_id):
        raise Http404(f"{what} not found")


def site_for(user: Any, pk: Any, *, action: str = "view") -> SpaceSite:
    """ "visit" for anyone (the public check-in); "view" within the user's agency; "manage"
    with spaces.manage too."""
    _check_action(action)
    try:
        site = SpaceSite.objects.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("site not found") from exc
    if action == "visit":
        return site
    _in_scope(user, site, "site")
    if action == "manage" and not has_perm(user, "spaces.manage"):
        raise PermissionDenied("may not manage this site")
    return site


def unit_for(user: Any, pk: Any, *, action: str = "view") -> Unit:
    _check_action(action)
    try:
        unit = Unit.objects.select_related("floor__site").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("unit not found") from exc
    _in_scope(user, unit.floor.site, "unit")
    if action == "manage" and not has_perm(user, "spaces.manage"):
        raise PermissionDenied("may not manage this unit")
    return unit


def floor_for(user: Any, pk: Any, *, action: str = "view") -> Floor:
    _check_action(action)
    try:
        floor = Floor.objects.select_related("site").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("floor not found") from exc
    _in_scope(user, floor.site, "floor")
    if action == "manage" and not has_perm(user, "spaces.manage"):
        raise PermissionDenied("may not manage this floor")
    return floor


def call_for(user: Any, pk: Any, *, action: str = "view") -> TenancyCall:
    """A tenancy call's waiting list and offers: staff only."""
    _check_action(action)
    if not has_perm(user, "spaces.view_all"):
        raise Http404("call not found")
    try:
        call = TenancyCall.objects.select_related("program", "site").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("call not found") from exc
    _in_scope(user, call.site, "call")
    if action == "manage" and not has_perm(user, "spaces.manage"):
        raise PermissionDenied("may not manage this call")
    return call


def _own_or_reader(user: Any, company: Company, site: SpaceSite, what: str) -> bool:
    """Whether `user` reads as a member of the company (True) or as a back-office reader of
    the site's agency (False); neither: 404."""
    own = has_perm(user, "spaces.act", company)
    if not own and not (has_perm(user, "spaces.view_all") and in_agency(user, site.agency_id)):
        raise Http404(f"{what} not found")
    return own


def contract_for(user: Any, pk: Any, *, action: str = "view") -> Contract:
    """ "view" for its company's members and readers; "manage" (move in and out, extend,
    evaluate, cancel) for spaces.manage; "bill" (deposit) for spaces.bill."""
    _check_action(action)
    try:
        contract = Contract.objects.select_related("company", "site", "program").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("contract not found") from exc
    _own_or_reader(user, contract.company, contract.site, "contract")
    if action in ("manage", "act") and not has_perm(user, "spaces.manage"):
        raise PermissionDenied("may not manage this contract")
    if action == "bill" and not has_perm(user, "spaces.bill"):
        raise PermissionDenied("may not bill this contract")
    return contract


def offer_for(user: Any, pk: Any, *, action: str = "view") -> Offer:
    """ "view" for its company's members and readers; "act" (accept, decline) for the
    members; "manage" (withdraw) for spaces.manage."""
    _check_action(action)
    try:
        offer = Offer.objects.select_related("company", "unit__floor__site", "call__program").get(
            pk=pk
        )
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("offer not found") from exc
    own = _own_or_reader(user, offer.company, offer.unit.floor.site, "offer")
    if action == "act" and not own:
        raise PermissionDenied("may not answer this offer")
    if action == "manage" and not has_perm(user, "spaces.manage"):
        raise PermissionDenied("may not manage this offer")
    return offer


def charge_for(user: Any, pk: Any, *, action: str = "view") -> Charge:
    _check_action(action)
    try:
        charge = Charge.objects.select_related("contract__company", "contract__site").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("charge not found") from exc
    _own_or_reader(user, charge.contract.company, charge.contract.site, "charge")
    if action == "bill" and not has_perm(user, "spaces.bill"):
        raise PermissionDenied("may not bill this charge")
    return charge


def own_companies(user: Any) -> list[Company]:
    """The companies `user` acts for in spaces (their own)."""
    if not has_perm(user, "spaces.act"):
        return []
    return list(Company.objects.filter(memberships__user_id=user.pk).order_by("name_ko").distinct())
