"""/api/v1/programs: the public notice board as JSON, open to everyone without signing in.

Credentials are optional here, but a request that sends a token must send a valid one: a
script with a revoked token should hear about it, not quietly get the anonymous view."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from ninja import Query, Router

from jiwon.accounts.api_auth import SessionAuth, TokenAuth
from jiwon.core.pagination import paginate
from jiwon.core.permissions import has_perm
from jiwon.core.schemas import ErrorOut, FieldErrorsOut
from jiwon.programs.access import program_for
from jiwon.programs.schemas import ProgramOut, ProgramPage, ProgramQuery
from jiwon.programs.selectors import public

router = Router(tags=["programs"])


class Anonymous:
    """The last resort of the auth chain: a request without credentials is anonymous."""

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return None
        return AnonymousUser()


OPTIONAL_AUTH = [TokenAuth(), SessionAuth(), Anonymous()]
# ninja lists only the schemes; the empty requirement tells clients they may send none.
OPEN_TO_ALL: dict[str, Any] = {"security": [{"TokenAuth": []}, {"SessionAuth": []}, {}]}
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut, 429: ErrorOut}


@router.get(
    "",
    auth=OPTIONAL_AUTH,
    openapi_extra=OPEN_TO_ALL,
    response={200: ProgramPage, **READ_ERRORS},
    operation_id="programs_list",
    summary="Search published programme notices",
)
def program_list(request, filters: Query[ProgramQuery]):
    """Public notices (never drafts), filtered like the notice board. No authentication is
    needed. Staff who read every programme may add `include_drafts=true`."""
    user = request.auth
    if filters.include_drafts and not has_perm(user, "programs.view_all"):
        raise PermissionDenied
    search = public.NoticeFilters(
        q=filters.q,
        category=filters.category.value if filters.category else "",
        target=filters.target.value if filters.target else "",
        status=filters.status or "",
        region=filters.region,
        fiscal_year=filters.fiscal_year,
        within_days=filters.within_days,
        sort=filters.sort,
    )
    qs = public.notice_search(filters=search, user=user, include_drafts=filters.include_drafts)
    page = paginate(qs, page=filters.page, per_page=filters.page_size)
    return {
        "items": page.items,
        "page": page.number,
        "page_size": page.per_page,
        "has_next": page.has_next,
    }


@router.get(
    "/{program_id}",
    auth=OPTIONAL_AUTH,
    openapi_extra=OPEN_TO_ALL,
    response={200: ProgramOut, **READ_ERRORS},
    operation_id="programs_detail",
    summary="One programme notice, with its attachments",
)
def program_detail(request, program_id: int):
    """A public notice; a draft is not found (404) except by staff who read every programme.
    No authentication is needed."""
    return public.notice_for_api(program_for(request.auth, program_id))
