"""Object-level access to companies: the one helper every view and API endpoint uses."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.companies.models import Company
from jiwon.core.permissions import has_perm


def is_member(user, company: Company) -> bool:
    return user.is_authenticated and company.memberships.filter(user_id=user.pk).exists()


def can_view_company(user, company: Company) -> bool:
    return has_perm(user, "companies.view_all") or is_member(user, company)


def can_change_company(user, company: Company) -> bool:
    return has_perm(user, "companies.change_all") or (
        has_perm(user, "portal.enter") and is_member(user, company)
    )


def company_for(user, pk, *, action: str = "view") -> Company:
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
