"""Which agency's records a member of staff works on.

Jiwon can host several agencies (a province, the whole country). A user whose `agency` is set
(`RoleUser.agency`: staff of that agency) sees and manages only that agency's records in the
apps that scope by agency; a user without one (an installation with one agency, the
platform's own administrators), a system actor and a visitor are not narrowed. Scoping only
narrows what a capability allows (ask `has_perm` as ever) and a record of another agency is
unknown to the user: the access helpers answer 404, lists leave it out. Company members act
through their company, not an agency: their access is decided by their membership.

    sites = scoped(SpaceSite.objects.all(), request.user)            # the field "agency"
    lines = scoped(ContractUnit.objects.all(), user, "unit__floor__site__agency")
    if not in_agency(user, site.agency_id): raise Http404(...)
"""

from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

from jiwon.core.actor import Viewer
from jiwon.core.models import RoleUser

M = TypeVar("M", bound=models.Model)


def agency_scope(viewer: Viewer) -> int | None:
    """The id of the one agency `viewer` works for, or None when they are not narrowed."""
    if isinstance(viewer, RoleUser) and viewer.is_authenticated:
        agency_id: int | None = viewer.agency_id
        return agency_id
    return None


def in_agency(viewer: Viewer, agency_id: int | None) -> bool:
    """Whether a record of the agency `agency_id` is within `viewer`'s scope."""
    scope = agency_scope(viewer)
    return scope is None or scope == agency_id


def scoped(queryset: QuerySet[M], viewer: Viewer, path: str = "agency") -> QuerySet[M]:
    """`queryset` narrowed to `viewer`'s agency, `path` leading from its model to the agency."""
    scope = agency_scope(viewer)
    return queryset if scope is None else queryset.filter(**{path: scope})
