import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.access import audit_entry_for
from jiwon.core.roles import Role


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.AUDITOR])
def test_it_gives_an_entry_to_those_who_read_the_log(record, role):
    entry = record()
    assert audit_entry_for(UserFactory(role=role), entry.pk) == entry


def test_it_answers_404_for_an_id_no_entry_has(db):
    with pytest.raises(Http404):
        audit_entry_for(UserFactory(role=Role.AUDITOR), 999_999)


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.AGENCY_ADMIN, Role.AUDITOR)])
def test_it_refuses_everyone_else_before_looking_the_id_up(record, role):
    entry = record()
    user = UserFactory(role=role)
    with pytest.raises(PermissionDenied):
        audit_entry_for(user, entry.pk)
    # An unknown id is refused the same way: nobody without the capability learns which
    # entries exist.
    with pytest.raises(PermissionDenied):
        audit_entry_for(user, 999_999)


def test_it_refuses_anonymous_and_inactive_users(record):
    entry = record()
    with pytest.raises(PermissionDenied):
        audit_entry_for(AnonymousUser(), entry.pk)
    with pytest.raises(PermissionDenied):
        audit_entry_for(UserFactory(role=Role.AUDITOR, is_active=False), entry.pk)
