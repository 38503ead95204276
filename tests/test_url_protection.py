"""Every page of the project refuses anonymous visitors unless it is listed as public here, and
every role either gets a page or a 403: a new view cannot be added without deciding who sees it."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import Membership
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role

PUBLIC = {
    "core:home",
    "accounts:login",
    "accounts:signup",
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
}
# Pages whose audience is "everyone signed in".
SIGNED_IN = {
    "core:dashboard",
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
