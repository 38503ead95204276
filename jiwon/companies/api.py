"""/api/v1/companies: the company registry through the same selectors, access helper
(`company_for`) and services as the UI. Endpoints only translate between JSON and those."""

from enum import Enum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from jiwon.companies import selectors, services
from jiwon.companies.access import company_for
from jiwon.companies.personal import PERSONAL_FIELDS
from jiwon.companies.privacy import company_personal_access
from jiwon.companies.schemas import (
    CertificationOut,
    CompanyIn,
    CompanyOut,
    CompanyPage,
    CompanyPatch,
    CompanyQuery,
)
from jiwon.companies.selectors import CompanyFilters
from jiwon.companies.validators import normalize_brn, normalize_crn
from jiwon.core.models import KsicCode, Region
from jiwon.core.normalize import identifier_digits
from jiwon.core.pagination import paginate
from jiwon.core.permissions import has_perm
from jiwon.core.reference import CURRENT_KSIC_REVISION, REFORM_DAY, current_regions, read_csv
from jiwon.core.schemas import ErrorOut, FieldErrorsOut
from jiwon.privacy.models import AccessAction

router = Router(tags=["companies"])

READ_ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: FieldErrorsOut,
    429: ErrorOut,
}
# Optional text the API lets a client clear with null; the model keeps "" for "none".
BLANKABLE = ("crn", "legal_form", "name_en", "address", "email", "phone")
# What identifies a company: only agency staff change it, as in the UI's edit form.
STAFF_ONLY = ("kind", "brn")


@router.get(
    "",
    response={200: CompanyPage, **READ_ERRORS},
    operation_id="companies_list",
    summary="Search companies",
)
def company_list(request, filters: Query[CompanyQuery]):
    """Companies the caller may see (a company member: only their own), filtered like the
    list in the UI. Pages are fetched without counting; follow `has_next`."""
    search = CompanyFilters(
        q=filters.q,
        ksic=filters.ksic,
        region=filters.region,
        stage=filters.stage or "",
        certification=_plain(filters.certification) or "",
        kind=_plain(filters.kind) or "",
        local_only=filters.local_only,
    )
    qs = selectors.company_search(user=request.auth, filters=search)
    page = paginate(qs, page=filters.page, per_page=filters.page_size)
    return {
        "items": page.items,
        "page": page.number,
        "page_size": page.per_page,
        "has_next": page.has_next,
    }


@router.get(
    "/{company_id}",
    response={200: CompanyOut, **READ_ERRORS},
    operation_id="companies_detail",
    summary="One company, with its certifications and growth-stage history",
)
def company_detail(request, company_id: int):
    company = company_for(request.auth, company_id)
    company_personal_access(
        actor=request.auth,
        request=request,
        company=company,
        action=AccessAction.VIEW,
        fields=PERSONAL_FIELDS,
        purpose="API: companies_detail",
    )
    return company


@router.get(
    "/{company_id}/certifications",
    response={200: list[CertificationOut], **READ_ERRORS},
    operation_id="companies_certifications",
    summary="Certifications of one company",
)
def company_certifications(request, company_id: int):
    return company_for(request.auth, company_id).certifications.all()


@router.post(
    "",
    response={201: CompanyOut, **READ_ERRORS},
    operation_id="companies_create",
    summary="Register a company or pre-founder",
)
def company_create(request, payload: CompanyIn):
    if not has_perm(request.auth, "companies.create"):
        raise PermissionDenied
    data = services.CompanyInput(**_to_input_values(payload.dict()))
    return Status(201, services.company_create(actor=request.auth, data=data))


@router.patch(
    "/{company_id}",
    response={200: CompanyOut, **READ_ERRORS},
    operation_id="companies_update",
    summary="Change some fields of a company's profile",
)
def company_update(request, company_id: int, payload: CompanyPatch):
    """Fields left out keep their value. Company members may change their own company's
    profile except its kind and business registration number."""
    user = request.auth
    company = company_for(user, company_id, action="change")
    changes = _to_input_values(payload.dict(exclude_unset=True))
    if not has_perm(user, "companies.change_all"):
        _refuse_staff_only_changes(company, changes)
    merged = {name: getattr(company, name) for name in services.PROFILE_FIELDS}
    merged.update(changes)
    return services.company_update(
        actor=user, company=company, data=services.CompanyInput(**merged)
    )


def _plain(value):
    return value.value if isinstance(value, Enum) else value


def _to_input_values(values: dict) -> dict:
    """API values as CompanyInput takes them: codes become the reference rows, identifiers
    lose their hyphens, null optional text becomes empty. Raises ValidationError per field."""
    out = {name: _plain(value) for name, value in values.items()}
    for name in BLANKABLE:
        if name in out and out[name] is None:
            out[name] = ""
    if "brn" in out:
        out["brn"] = normalize_brn(out["brn"] or "") or None
    if "crn" in out:
        out["crn"] = normalize_crn(out["crn"])
    errors = {}
    if out.get("ksic"):
        code = identifier_digits(out["ksic"])
        out["ksic"] = KsicCode.objects.filter(
            revision=CURRENT_KSIC_REVISION, level=5, code=code
        ).first()
        if out["ksic"] is None:
            errors["ksic"] = _("%(code)s is not a 5-digit KSIC code of the 11th revision.") % {
                "code": code
            }
    elif "ksic" in out:
        out["ksic"] = None
    if "region" in out:
        code = identifier_digits(out["region"] or "")
        out["region"] = current_regions().filter(code=code).first()
        if out["region"] is None:
            errors["region"] = _region_error(code)
    if errors:
        raise ValidationError(errors)
    return out


def _region_error(code: str) -> str:
    retired = Region.objects.filter(code=code, level=2, valid_to__isnull=False).exists()
    if retired:
        new_codes = [
            row["new_code"]
            for row in read_csv("region_code_changes_20260701.csv")
            if row["old_code"] == code
        ]
        if new_codes:
            return _("District code %(code)s was retired on %(day)s; use %(new)s instead.") % {
                "code": code,
                "day": REFORM_DAY.isoformat(),
                "new": ", ".join(new_codes),
            }
    return _("%(code)s is not a district (시군구) code in force today.") % {"code": code}


def _refuse_staff_only_changes(company, changes: dict) -> None:
    errors = {
        name: _("Only agency staff can change this; ask the agency to correct it.")
        for name in STAFF_ONLY
        if name in changes and changes[name] != getattr(company, name)
    }
    if errors:
        raise ValidationError(errors)
