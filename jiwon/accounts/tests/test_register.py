import pytest
from django.core.exceptions import ValidationError

from jiwon.accounts.models import User
from jiwon.accounts.services import user_register
from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.core.roles import Role

PASSWORD = "purple-lantern-48"


def register(**overrides) -> User:
    values = {
        "username": "newbie",
        "email": "newbie@example.com",
        "display_name": "박새싹",
        "password": PASSWORD,
        "role": Role.COMPANY_MEMBER,
    }
    values.update(overrides)
    return user_register(**values)


def test_it_registers_an_account_that_is_the_actor_of_its_own_creation(db):
    user = register()

    assert (user.username, user.role, user.display_name) == ("newbie", "company_member", "박새싹")
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.user_register")
    assert (entry.actor_id, entry.object_id) == (user.pk, str(user.pk))
    assert entry.changes["role"] == [None, "company_member"]
    assert PASSWORD not in str(entry.changes)


def test_it_refuses_a_taken_username_in_any_case(db):
    UserFactory(username="Newbie")

    with pytest.raises(ValidationError) as exc:
        register()

    assert "username" in exc.value.message_dict
    assert User.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_password_the_validators_refuse(db):
    with pytest.raises(ValidationError) as exc:
        register(password="12345678")

    assert "This password is entirely numeric." in exc.value.message_dict["password"]
    assert not User.objects.exists()
