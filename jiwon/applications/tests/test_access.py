"""Who reaches an application and its files: the applicant company's members, staff who read
every application, and registered readers; 404 for everyone else, 403 for readers who may not
do what they ask."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.applications import access
from jiwon.applications.access import application_file_for, application_for
from jiwon.applications.tests.factories import complete, started
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.core.permissions import has_perm
from jiwon.core.roles import Role


@pytest.fixture
def stranger(db):
    return member_of(CompanyFactory())


def test_it_gives_the_applicant_their_application_for_every_own_action(draft, member):
    assert application_for(member, draft.pk) == draft
    assert application_for(member, draft.pk, action="change") == draft
    with pytest.raises(PermissionDenied):
        application_for(member, draft.pk, action="screen")


def test_it_hides_the_application_from_other_companies_and_the_anonymous(draft, stranger):
    for user in (stranger, AnonymousUser()):
        for action in ("view", "change", "screen"):
            with pytest.raises(Http404):
                application_for(user, draft.pk, action=action)


@pytest.mark.parametrize(
    ("role", "screens"),
    [
        (Role.AGENCY_ADMIN, True),
        (Role.PROGRAM_OFFICER, True),
        (Role.FINANCE_OFFICER, False),
        (Role.CITY_VIEWER, False),
        (Role.AUDITOR, False),
    ],
)
def test_it_lets_back_office_staff_read_and_screeners_screen(draft, user_with_role, role, screens):
    staff = user_with_role(role)
    assert application_for(staff, draft.pk) == draft
    with pytest.raises(PermissionDenied):
        application_for(staff, draft.pk, action="change")
    if screens:
        assert application_for(staff, draft.pk, action="screen") == draft
    else:
        with pytest.raises(PermissionDenied):
            application_for(staff, draft.pk, action="screen")


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR])
def test_it_hides_the_application_from_roles_that_read_only_what_is_theirs(
    draft, user_with_role, role
):
    with pytest.raises(Http404):
        application_for(user_with_role(role), draft.pk)


def test_it_answers_404_for_an_unknown_or_malformed_id(member):
    for pk in (999_999, "x", None):
        with pytest.raises(Http404):
            application_for(member, pk)
    with pytest.raises(ValueError, match="unknown action"):
        application_for(member, 1, action="delete")


def test_it_admits_whom_a_registered_reader_admits_and_nobody_else(
    draft, user_with_role, monkeypatch
):
    evaluator, other = user_with_role(Role.EVALUATOR), user_with_role(Role.EVALUATOR)
    monkeypatch.setattr(access, "_READERS", list(access._READERS))
    reader = access.register_reader(lambda user, application: user.pk == evaluator.pk)
    access.register_reader(reader)
    assert access._READERS.count(reader) == 1
    assert application_for(evaluator, draft.pk) == draft
    with pytest.raises(PermissionDenied):
        application_for(evaluator, draft.pk, action="change")
    with pytest.raises(Http404):
        application_for(other, draft.pk)


def test_it_never_admits_an_inactive_user(draft, member):
    member.is_active = False
    member.save()
    with pytest.raises(Http404):
        application_for(member, draft.pk)


def test_it_gives_a_file_to_whoever_reads_its_application(draft, member, officer, stranger):
    file = complete(draft, member).files.get()
    assert application_file_for(member, draft.pk, file.pk) == file
    assert application_file_for(officer, draft.pk, file.pk) == file
    assert application_file_for(member, draft.pk, file.pk, action="change") == file
    with pytest.raises(PermissionDenied):
        application_file_for(officer, draft.pk, file.pk, action="change")
    for action in ("view", "change"):
        with pytest.raises(Http404):
            application_file_for(stranger, draft.pk, file.pk, action=action)


def test_it_finds_a_file_only_in_its_own_application(draft, member, program):
    elsewhere = CompanyFactory()
    colleague = member_of(elsewhere)
    other = complete(started(program, colleague, elsewhere), colleague).files.get()
    for file_pk in (other.pk, 999_999, "x"):
        with pytest.raises(Http404):
            application_file_for(member, draft.pk, file_pk)
    with pytest.raises(ValueError, match="unknown action"):
        application_file_for(member, draft.pk, other.pk, action="screen")


def test_a_member_applies_only_for_their_own_company(draft, member, stranger, officer, company):
    assert has_perm(member, "applications.apply", company)
    assert has_perm(member, "applications.apply", draft)
    assert not has_perm(stranger, "applications.apply", company)
    assert not has_perm(stranger, "applications.apply", draft)
    # A staff user added to the company still does not apply: the role holds no capability.
    company.memberships.create(user=officer, kind="owner")
    assert not access.is_applicant(officer, draft)
    assert not has_perm(officer, "applications.apply", draft)
    assert not access.is_applicant(SYSTEM, draft)
