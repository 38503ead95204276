import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.admin_site import JiwonAdminSite
from jiwon.core.roles import Role


def test_the_default_admin_site_is_jiwons():
    assert isinstance(admin.site, JiwonAdminSite)


@pytest.mark.parametrize(
    ("role", "is_staff", "is_active", "opens"),
    [
        (Role.AGENCY_ADMIN, True, True, True),
        (Role.AGENCY_ADMIN, False, True, False),
        (Role.AGENCY_ADMIN, True, False, False),
        (Role.PROGRAM_OFFICER, True, True, False),
        (Role.AUDITOR, True, True, False),
    ],
)
def test_it_opens_only_to_active_staff_with_the_admin_capability(
    rf, db, role, is_staff, is_active, opens
):
    request = rf.get("/admin/")
    request.user = UserFactory(role=role, is_staff=is_staff, is_active=is_active)
    assert admin.site.has_permission(request) is opens


def test_it_stays_closed_to_anonymous_visitors(rf):
    request = rf.get("/admin/")
    request.user = AnonymousUser()
    assert not admin.site.has_permission(request)
