"""Every role against every company view: allowed, or refused with 403 (404 for nothing)."""

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import Membership
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role

STAFF_READERS = {
    Role.AGENCY_ADMIN,
    Role.PROGRAM_OFFICER,
    Role.FINANCE_OFFICER,
    Role.CITY_VIEWER,
    Role.AUDITOR,
}
STAFF_WRITERS = {Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER}
ALL_ROLES = list(Role)


def user_for(role, own_company):
    user = UserFactory(role=role)
    if role == Role.COMPANY_MEMBER:
        Membership.objects.create(user=user, company=own_company, kind="owner")
    return user


@pytest.fixture
def companies(db):
    return CompanyFactory(), CompanyFactory()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_staff_readers_see_the_company_list(client, companies, role):
    client.force_login(user_for(role, companies[0]))
    response = client.get(reverse("companies:list"))
    assert response.status_code == (200 if role in STAFF_READERS else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_company_pages_are_readable_by_staff_readers_and_own_members(client, companies, role):
    own, other = companies
    client.force_login(user_for(role, own))
    own_status = client.get(reverse("companies:detail", args=[own.pk])).status_code
    other_status = client.get(reverse("companies:detail", args=[other.pk])).status_code
    readable = role in STAFF_READERS
    assert own_status == (200 if readable or role == Role.COMPANY_MEMBER else 403)
    assert other_status == (200 if readable else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_profiles_are_editable_by_staff_writers_and_own_members(client, companies, role):
    own, other = companies
    client.force_login(user_for(role, own))
    own_status = client.get(reverse("companies:edit", args=[own.pk])).status_code
    other_status = client.get(reverse("companies:edit", args=[other.pk])).status_code
    assert own_status == (200 if role in STAFF_WRITERS or role == Role.COMPANY_MEMBER else 403)
    assert other_status == (200 if role in STAFF_WRITERS else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_staff_writers_register_companies(client, companies, role):
    client.force_login(user_for(role, companies[0]))
    response = client.get(reverse("companies:create"))
    assert response.status_code == (200 if role in STAFF_WRITERS else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_staff_writers_change_growth_stages(client, companies, role):
    own = companies[0]
    client.force_login(user_for(role, own))
    response = client.post(
        reverse("companies:set_stage", args=[own.pk]),
        {"stage": "BLUE100", "effective_on": "2021-06-01"},
    )
    own.refresh_from_db()
    if role in STAFF_WRITERS:
        assert response.status_code == 302
        assert own.growth_stage == "BLUE100"
    else:
        assert response.status_code == 403
        assert own.growth_stage == ""


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_member_cannot_post_an_edit_to_another_company(client, companies, role):
    own, other = companies
    client.force_login(user_for(role, own))
    response = client.post(reverse("companies:edit", args=[other.pk]), {"name_ko": "탈취"})
    other.refresh_from_db()
    assert other.name_ko != "탈취"
    if role not in STAFF_WRITERS:
        assert response.status_code == 403


def test_an_unknown_company_is_404_not_403(client, officer):
    client.force_login(officer)
    assert client.get(reverse("companies:detail", args=[999999])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, company):
    for url in (reverse("companies:list"), reverse("companies:detail", args=[company.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
