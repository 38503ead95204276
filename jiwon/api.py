"""The /api/v1 JSON API. Each app contributes a router; auth and permissions are shared with
the UI (jiwon.core.permissions and each app's access helpers).

Errors have one shape everywhere: `{"detail": "..."}`, or for bad input
`{"detail": [{"field": ..., "message": ...}]}` with messages in the request's language."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from jiwon.accounts.api_auth import CallerRateThrottle, SessionAuth, TokenAuth
from jiwon.companies.api import router as companies_router
from jiwon.companies.models import Membership
from jiwon.companies.schemas import CompanySummary
from jiwon.companies.selectors import companies_of_member
from jiwon.core.permissions import CAPABILITIES, has_perm
from jiwon.core.roles import Role
from jiwon.core.schemas import ErrorOut
from jiwon.equipment.api import router as equipment_router
from jiwon.grants.api import router as grants_router
from jiwon.programs.api import router as programs_router
from jiwon.reviews.api_evaluation import router as evaluation_router

api = NinjaAPI(
    title="Jiwon API",
    version="1.0.0",
    description=(
        "Jiwon (지원) enterprise-support platform API. Authenticate with a personal API token "
        "(`Authorization: Bearer <token>`) or, in the browser, by signing in; the token needs "
        'an account whose role may use the API. Errors are `{"detail": ...}`; invalid input '
        'gives 422 with `{"detail": [{"field": ..., "message": ...}]}` in the language '
        "of `Accept-Language` (ko or en). Calls are limited per token (settings: "
        "`JIWON_API_RATE_LIMIT`, 300 a minute by default): beyond it the answer is 429 with "
        "`Retry-After` in seconds. Lists are paged (`page`, `page_size`; follow `has_next`)."
    ),
    urls_namespace="api-1.0.0",
    auth=[TokenAuth(), SessionAuth()],
    throttle=[CallerRateThrottle()],
)
api.add_router("/companies", companies_router)
api.add_router("/programs", programs_router)
api.add_router("/evaluation", evaluation_router)
api.add_router("/grants", grants_router)
api.add_router("/equipment", equipment_router)


class MyCompanyOut(CompanySummary):
    membership: Membership.Kind


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    role: Role
    role_label: str
    capabilities: list[str]
    companies: list[MyCompanyOut]


@api.get(
    "/me",
    response={200: MeOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    tags=["me"],
    operation_id="me",
    summary="The caller: role, capabilities and the companies they belong to",
)
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]  # set by Ninja's authentication
    return {
        "id": user.pk,
        "username": user.get_username(),
        "display_name": user.display_name,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "capabilities": sorted(cap for cap in CAPABILITIES if has_perm(user, cap)),
        "companies": list(companies_of_member(user)),
    }


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Sign in, or send a valid API token as 'Authorization: Bearer <token>'.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="jiwon"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = _("You do not have permission to do this.")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja's own 400, for a body that is not JSON (or form data), is in English only.
    detail = (
        _("The request body could not be read as JSON.") if exc.status_code == 400 else str(exc)
    )
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # Ninja adds Retry-After to this response.
    detail = _("Too many requests. Try again after the number of seconds in Retry-After.")
    return api.create_response(request, {"detail": detail}, status=429)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the values: the same messages the UI shows beside its fields."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if field == NON_FIELD_ERRORS else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(NinjaValidationError)
def _unparsable(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """The request did not fit the schema (a wrong type, a missing field)."""
    errors = [{"field": _field_of(e), "message": _message_of(e)} for e in exc.errors]
    return api.create_response(request, {"detail": errors}, status=422)


def _field_of(error: dict[str, Any]) -> str | None:
    # loc is (source, [parameter,] field, ...): ("body", "payload", "brn"), ("query", "page").
    loc = [str(part) for part in error.get("loc", ())]
    loc = loc[2:] if loc and loc[0] == "body" else loc[1:]
    return ".".join(loc) or None


def _message_of(error: dict[str, Any]) -> str:
    """Pydantic's messages are English only; the common ones get translated messages, most
    of them Django's own msgids so its Korean catalogue covers them."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a valid date.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in ("enum", "literal_error"):
        return _("Choose one of %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind == "string_type":
        return _("Enter a text value.")
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    return str(error.get("msg", ""))
