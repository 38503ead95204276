from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.actor import SYSTEM
from jiwon.core.permissions import CAPABILITIES, has_perm, register_object_rule
from jiwon.core.roles import Role

DOCS = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def test_the_documented_table_is_the_table_in_the_code():
    out = StringIO()
    call_command("permissions", stdout=out)
    assert DOCS.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/permissions.md is stale: run `jiwon permissions > docs/permissions.md`"
    )


def test_it_answers_for_the_role_and_refuses_anonymous_and_inactive_users(db):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    assert has_perm(officer, "programs.manage")
    assert not has_perm(officer, "audit.view")
    assert not has_perm(AnonymousUser(), "api.use")
    officer.is_active = False
    assert not has_perm(officer, "programs.manage")


def test_a_system_actor_holds_every_capability():
    assert all(has_perm(SYSTEM, name) for name in CAPABILITIES)


def test_an_unknown_capability_is_a_programming_error(db):
    with pytest.raises(KeyError):
        has_perm(UserFactory(), "programs.fly")


def test_an_object_rule_narrows_the_role_and_never_widens_it(db):
    from jiwon.core.models import Agency

    agency = Agency.objects.create(code="rule-test", name_ko="시험")
    register_object_rule(Agency, "programs.manage", lambda user, obj: obj.code != "rule-test")
    try:
        officer = UserFactory(role=Role.PROGRAM_OFFICER)
        member = UserFactory(role=Role.COMPANY_MEMBER)
        assert has_perm(officer, "programs.manage")
        assert not has_perm(officer, "programs.manage", agency)
        assert not has_perm(member, "programs.manage", Agency(code="other"))
        assert has_perm(officer, "programs.manage", Agency(code="other"))
    finally:
        from jiwon.core import permissions

        permissions._OBJECT_RULES.pop((Agency, "programs.manage"))
