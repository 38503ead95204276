import pytest
from django.core.exceptions import ValidationError

from jiwon.accounts.models import User
from jiwon.accounts.services import AccountInput, users_bulk_create
from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SystemActor
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db
IMPORT = SystemActor("import")


def account(username: str) -> AccountInput:
    return AccountInput(
        username=username,
        email=f"{username}@example.com",
        display_name="김평가",
        role=Role.EVALUATOR,
    )


def test_a_pool_of_accounts_is_opened_with_one_password_and_one_audit_entry():
    users = users_bulk_create(
        actor=IMPORT, accounts=[account("pool-1"), account("pool-2")], password="s3cret-pass!"
    )

    assert all(u.check_password("s3cret-pass!") for u in users)
    assert not any(u.is_staff for u in users)
    (entry,) = AuditEntry.objects.filter(action="accounts.users_bulk_create")
    assert entry.changes["usernames"] == [None, ["pool-1", "pool-2"]]


def test_without_a_password_nobody_can_sign_in_yet():
    (user,) = users_bulk_create(actor=IMPORT, accounts=[account("pool-3")], password=None)

    assert not user.has_usable_password()


def test_a_username_taken_in_another_case_fails_the_whole_batch():
    UserFactory(username="Pool-4")

    with pytest.raises(ValidationError):
        users_bulk_create(
            actor=IMPORT, accounts=[account("pool-5"), account("pool-4")], password=None
        )

    assert not User.objects.filter(username="pool-5").exists()
