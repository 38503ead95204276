"""Object-level access to companies: the one way every view and API endpoint fetches a
company, or a record that belongs to one."""

from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.companies.models import Certification, Company
from jiwon.companies.personal import SEE_RECORDED, VIEW_PERSONAL
from jiwon.core.models import RoleUser
from jiwon.core.permissions import has_perm

Viewer = RoleUser | AnonymousUser
Action = Literal["view", "change"]


def is_member(user: Viewer, company: Company) -> bool:
    return user.is_authenticated and company.memberships.filter(user_id=user.pk).exists()


def can_view_company(user: Viewer, company: Company) -> bool:
    return has_perm(user, "companies.view_all") or is_member(user, company)


def can_change_company(user: Viewer, company: Company) -> bool:
    return has_perm(user, "companies.change_all") or (
        has_perm(user, "portal.enter") and is_member(user, company)
    )


Personal = Literal["value", "recorded", "hidden"]


def own_or_staff(user: RoleUser, company: Company) -> bool:
    """Object rule of companies.view_personal: staff who hold it read every company's
    personal fields; a company member only their own company's."""
    return has_perm(user, "companies.view_all") or is_member(user, company)


def personal_visibility(user: Viewer, company: Company | None = None) -> Personal:
    """How much of a representative's guarded personal fields (`personal.GUARDED_FIELDS`,
    README: "Personal fields") `user` sees, on `company` or on any company of a list: the
    value, only whether one is recorded, or nothing."""
    if has_perm(user, VIEW_PERSONAL, company):
        return "value"
    if has_perm(user, SEE_RECORDED):
        return "recorded"
    return "hidden"


def company_for(user: Viewer, pk: int | str, *, action: Action = "view") -> Company:
    """The company with `pk` if `user` may `action` ("view" or "change") it.
    Raises Http404 when it does not exist and PermissionDenied when the user may not."""
    try:
        company = Company.objects.select_related("ksic", "region").get(pk=pk)
    except (Company.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("company not found") from exc
    allowed = can_change_company if action == "change" else can_view_company
    if not allowed(user, company):
        raise PermissionDenied("not your company")
    return company


def certification_for(
    user: Viewer, company_pk: int | str, pk: int | str, *, action: Action = "view"
) -> Certification:
    """Certification `pk` of company `company_pk`, if `user` may `action` the company (a
    certification is part of its company's record): the company's 404 and 403 as
    `company_for`, then 404 for a certification that is not this company's."""
    company = company_for(user, company_pk, action=action)
    try:
        return company.certifications.get(pk=pk)
    except (Certification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("certification not found") from exc
