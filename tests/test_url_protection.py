"""Every page of the project refuses anonymous visitors unless it is listed as public here, and
every role either gets a page or a 403: a new view cannot be added without deciding who sees it."""

import importlib
import inspect
import re
import sys
from unittest import mock

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import Membership
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role

PUBLIC = {
    "core:home",
    "core:favicon",  # a redirect to the static icon
    "accounts:login",
    "signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
    # The API describes itself publicly; its endpoints authenticate (see test_api.py).
    "api-1.0.0:openapi-json",
    "api-1.0.0:openapi-view",
    "api-1.0.0:api-root",
    # The public notice board, its feeds and its API: published programmes only (drafts 404,
    # see jiwon/programs/tests/test_public.py and test_api.py).
    "notices:list",
    "notices:detail",
    "notices:attachment",
    "notices:rss",
    "notices:atom",
    "notices:calendar",
    "notices:program_calendar",
    "api-1.0.0:program_list",
    "api-1.0.0:program_detail",
    # Shared equipment: what can be booked and when it is free (free/busy only; the companies
    # behind a booking are for staff, see jiwon/equipment/tests/test_views.py).
    "equipment:public",
    "equipment:resource",
    "equipment:kind",
    # Startup spaces: the sites and how many units are free (never who rents them), and the
    # QR check-in that counts a visit without a name (jiwon/spaces/tests/test_views.py).
    "spaces:public",
    "spaces:check_in",
    "equipment:resource_photo",
    # Liveness and readiness for the proxy and load balancers: status words only, no data
    # (jiwon/ops/tests/test_health.py); the proxy keeps them on the machine (deploy/nginx).
    "ops:healthz",
    "ops:readyz",
}
# Pages whose audience is "everyone signed in".
SIGNED_IN = {
    "dashboard:index",
    "accounts:logout",
    "accounts:profile",
    "accounts:api_token_create",
    "accounts:api_token_revoke",
    "accounts:password_change",
    "accounts:password_change_done",
}


def named_patterns(patterns=None, namespace=None, prefix=""):
    """(name, full route) of every named URL, the route including its includes' prefixes."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from named_patterns(
                p.url_patterns, p.namespace or namespace, prefix + str(p.pattern)
            )
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern)


def url_for(name, route, company_pk):
    kwargs = {}
    for arg in re.findall(r"<(?:\w+:)?(\w+)>", route):
        kwargs[arg] = {"uidb64": "MQ", "token": "x-y"}.get(arg, company_pk)
    return reverse(name, kwargs=kwargs)


ALL = sorted(named_patterns(), key=lambda item: item[0])


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[n for n, _ in ALL])
def test_anonymous_visitors_reach_only_public_pages(client, db, name, pattern):
    company = CompanyFactory()
    url = url_for(name, pattern, company.pk)
    response = client.get(url)
    if name in PUBLIC:
        # The API root has no page of its own: 404 is its public answer.
        assert response.status_code in (200, 302, 404)
        return
    refused = response.status_code in (401, 403, 405) or (
        response.status_code == 302 and reverse("accounts:login") in response["Location"]
    )
    assert refused, f"{name} ({url}) answered {response.status_code} to an anonymous visitor"


STAFF_ONLY_PAGES = [
    name
    for name, _ in ALL
    if name.split(":")[0] in ("companies", "audit")
    and name not in ("companies:mine",)
    and not any(tag in name for tag in ("detail", "edit", "register_business"))
]


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR, Role.COMPANY_MEMBER])
@pytest.mark.parametrize("name", STAFF_ONLY_PAGES)
def test_non_staff_roles_are_refused_every_back_office_page(client, db, role, name):
    own = CompanyFactory()
    user = UserFactory(role=role)
    if role == Role.COMPANY_MEMBER:
        Membership.objects.create(user=user, company=own, kind="owner")
    client.force_login(user)
    pattern = dict(ALL)[name]
    response = client.get(url_for(name, pattern, own.pk))
    assert response.status_code in (403, 405), f"{name} answered {response.status_code}"


def test_the_django_admin_is_for_agency_admins_only(client, admin_user):
    officer = UserFactory(role=Role.PROGRAM_OFFICER, is_staff=True)
    client.force_login(officer)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


# Every view that takes an object id fetches that object through its app's access helper
# (`<noun>_for(user, pk, action=...)` in `jiwon/<app>/access.py`): the helper decides 404 (the
# user may not know the object exists) or 403 (they may, but not do this). The check replaces
# every helper by a spy that records the ids it is given and returns a stand-in object, then
# calls each such URL as each role, GET and POST: every id in the URL must reach a helper.
OBJECT_ID = re.compile(r"^(pk|\w+_pk|\w+_id)$")


def access_helpers():
    """(module, name, function) of every access helper of every Jiwon app."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiwon."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.access")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if (
                name.endswith("_for")
                and inspect.isfunction(value)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


@pytest.fixture
def spied_helpers(monkeypatch):
    calls: list[tuple] = []
    originals = {id(f): f for f in access_helpers()}

    def spy_of(original):
        def spy(*args, **kwargs):
            calls.append((original.__name__, args, kwargs))
            return mock.MagicMock(name=f"{original.__name__}()")

        return spy

    spies = {key: spy_of(f) for key, f in originals.items()}
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("jiwon.") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if id(value) in spies and value is originals[id(value)]:
                monkeypatch.setattr(module, attr, spies[id(value)])
    return calls


ID_VIEWS = sorted(
    (name, route)
    for name, route in ALL
    if any(OBJECT_ID.match(arg) for arg in re.findall(r"<(?:\w+:)?(\w+)>", route))
)


def _reached(calls, value) -> bool:
    wanted = {value, str(value)}
    return any(arg in wanted for _name, args, kwargs in calls for arg in (*args, *kwargs.values()))


@pytest.mark.parametrize(("name", "route"), ID_VIEWS, ids=[n for n, _ in ID_VIEWS])
def test_every_view_fetches_its_objects_through_an_access_helper(
    client, db, spied_helpers, name, route
):
    ids = {}
    kwargs = {}
    for n, arg in enumerate(re.findall(r"<(?:\w+:)?(\w+)>", route)):
        kwargs[arg] = 900_001 + n if OBJECT_ID.match(arg) else 1
        if OBJECT_ID.match(arg):
            ids[arg] = kwargs[arg]
    url = reverse(name, kwargs=kwargs)
    client.raise_request_exception = False
    missing = set(ids)
    for role in Role:
        client.force_login(UserFactory(role=role))
        for method in (client.get, client.post):
            spied_helpers.clear()
            method(url)
            missing -= {arg for arg, value in ids.items() if _reached(spied_helpers, value)}
    assert not missing, (
        f"{name} ({route}) fetches {sorted(missing)} without its app's access helper"
    )
