"""/api/v1/spaces: occupancy on a day, the units free over a period (public facts, no tenant),
and the contracts the caller may read (members: their own company's; back office: every one),
through the same selectors and access helpers as the pages."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from jiwon.core.agencies import scoped
from jiwon.core.pagination import paginate
from jiwon.core.permissions import has_perm
from jiwon.core.schemas import ErrorOut, FieldErrorsOut
from jiwon.spaces import selectors
from jiwon.spaces.access import contract_for, own_companies
from jiwon.spaces.models import Contract, SpaceSite
from jiwon.spaces.workflow import ContractStatus

router = Router(tags=["spaces"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


class OccupancyOut(Schema):
    site_id: int | None
    site: str
    units: int
    units_taken: int
    units_pct: Decimal | None
    area_m2: Decimal
    area_taken_m2: Decimal
    area_pct: Decimal | None
    seats: int
    seats_taken: int
    seats_pct: Decimal | None


class OccupancyReportOut(Schema):
    on: date
    overall: OccupancyOut
    sites: list[OccupancyOut]


class FreeUnitOut(Schema):
    id: int
    site_id: int
    site: str
    code: str
    kind: str
    area_m2: Decimal
    seats: int


class ContractOut(Schema):
    id: int
    site_id: int
    company_id: int
    company_name: str
    units: list[str]
    start: date
    end: date
    status: str
    rent_won: int
    fee_won: int
    deposit_won: int
    billing_day: int
    extensions: int
    moved_in_on: date | None
    moved_out_on: date | None


class ContractPage(Schema):
    items: list[ContractOut]
    page: int
    page_size: int
    has_next: bool


def _occ(site: SpaceSite | None, occ: selectors.Occupancy) -> dict[str, Any]:
    return {
        "site_id": site.pk if site else None,
        "site": site.name_ko if site else "",
        "units": occ.units,
        "units_taken": occ.units_taken,
        "units_pct": occ.units_pct,
        "area_m2": occ.area_m2,
        "area_taken_m2": occ.area_taken_m2,
        "area_pct": occ.area_pct,
        "seats": occ.seats,
        "seats_taken": occ.seats_taken,
        "seats_pct": occ.seats_pct,
    }


def _contract_out(c: Contract) -> dict[str, Any]:
    return {
        "id": c.pk,
        "site_id": c.site_id,
        "company_id": c.company_id,
        "company_name": c.company.name_ko,
        "units": [line.unit.code for line in c.lines.all()],
        "start": c.start,
        "end": c.end,
        "status": c.status,
        "rent_won": c.rent_won,
        "fee_won": c.fee_won,
        "deposit_won": c.deposit_won,
        "billing_day": c.billing_day,
        "extensions": c.extensions,
        "moved_in_on": c.moved_in_on,
        "moved_out_on": c.moved_out_on,
    }


@router.get(
    "/occupancy",
    response={200: OccupancyReportOut, **ERRORS},
    operation_id="spaces_occupancy",
    summary="Occupancy by site and overall on a day (back office)",
)
def occupancy(request: HttpRequest, on: date | None = None) -> dict[str, Any]:
    if not has_perm(request.auth, "spaces.view_all"):  # type: ignore[attr-defined]
        raise PermissionDenied("spaces.view_all")
    sites = scoped(SpaceSite.objects.all(), request.auth)  # type: ignore[attr-defined]
    report = selectors.occupancy(on or timezone.localdate(), sites=sites)
    return {
        "on": report.on,
        "overall": _occ(None, report.overall),
        "sites": [_occ(site, occ) for site, occ in report.sites],
    }


@router.get(
    "/units/free",
    response={200: list[FreeUnitOut], **ERRORS},
    operation_id="spaces_free_units",
    summary="Units free over [start, end) (end empty: from start on)",
)
def free_units(
    request: HttpRequest, start: date, end: date | None = None, site: int | None = None
) -> list[dict[str, Any]]:
    where = SpaceSite.objects.filter(pk=site).first() if site else None
    return [
        {
            "id": u.pk,
            "site_id": u.floor.site_id,
            "site": u.floor.site.name_ko,
            "code": u.code,
            "kind": u.kind,
            "area_m2": u.area_m2,
            "seats": u.seats,
        }
        for u in selectors.free_units(start, end, site=where)[:1000]
    ]


@router.get(
    "/contracts",
    response={200: ContractPage, **ERRORS},
    operation_id="spaces_contracts",
    summary="The contracts the caller may read",
)
def contract_list(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    qs = Contract.objects.exclude(status=ContractStatus.CANCELLED)
    if has_perm(user, "spaces.view_all"):
        qs = scoped(qs, user, "site__agency")
    else:
        qs = qs.filter(company__in=own_companies(user))
    qs = qs.select_related("company").prefetch_related("lines__unit").order_by("-start", "-id")
    found = paginate(qs, page=max(page, 1), per_page=50)
    return {
        "items": [_contract_out(c) for c in found.items],
        "page": found.number,
        "page_size": found.per_page,
        "has_next": found.has_next,
    }


@router.get(
    "/contracts/{contract_id}",
    response={200: ContractOut, **ERRORS},
    operation_id="spaces_contract",
    summary="One contract",
)
def contract_detail(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    return _contract_out(contract_for(request.auth, contract_id))  # type: ignore[attr-defined]
