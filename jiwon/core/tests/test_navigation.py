import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.navigation import menu_for
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db


def menu(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return {group.key: [str(e.label) for e in group.items] for group in menu_for(request)}


def test_visitors_see_only_the_public_entries():
    assert menu(AnonymousUser()) == {
        "notices": ["Notices"],
        "support": ["Startup spaces", "Shared equipment"],
    }


def test_company_members_get_their_portal_and_no_back_office_or_api():
    groups = menu(UserFactory(role=Role.COMPANY_MEMBER))
    assert "My company" in groups["portal"] and "My applications" in groups["portal"]
    assert not {"programmes", "companies", "oversight"} & set(groups)


def test_staff_groups_follow_their_capabilities():
    officer = menu(UserFactory(role=Role.PROGRAM_OFFICER))
    assert officer["programmes"][:2] == ["Programmes", "Applications"]
    assert "oversight" in officer and "Audit log" not in officer["oversight"]
    auditor = menu(UserFactory(role=Role.AUDITOR))
    assert "Audit log" in auditor["oversight"] and "Evaluation" not in auditor.get("programmes", [])


def test_the_entry_of_the_current_section_is_marked_and_home_only_on_itself():
    request = RequestFactory().get("/programs/12/")
    request.user = UserFactory(role=Role.PROGRAM_OFFICER)
    groups = {g.key: g for g in menu_for(request)}
    assert groups["programmes"].current
    assert [e.current for e in groups["programmes"].items][0]
    assert not groups["home"].current
