from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core import permissions
from jiwon.core.actor import SYSTEM
from jiwon.core.models import Agency, Region
from jiwon.core.permissions import (
    CAPABILITIES,
    capabilities_markdown,
    has_perm,
    register_object_rule,
)
from jiwon.core.roles import Role

DOCS = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def test_it_documents_exactly_the_table_in_the_code():
    out = StringIO()
    call_command("permissions", stdout=out)
    assert DOCS.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/permissions.md is stale: run `jiwon permissions > docs/permissions.md`"
    )


def test_it_marks_each_role_that_holds_a_capability():
    roles = [str(r.label) for r in Role]
    [row] = [line for line in capabilities_markdown().splitlines() if "`audit.view`" in line]
    marks = [cell.strip() for cell in row.strip("|").split("|")[2:]]
    assert dict(zip(roles, marks, strict=True)) == {
        str(r.label): "✓" if r in (Role.AGENCY_ADMIN, Role.AUDITOR) else "" for r in Role
    }


def test_it_answers_for_the_role_and_refuses_anonymous_and_inactive_users(db):
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    assert has_perm(officer, "programs.manage")
    assert not has_perm(officer, "audit.view")
    assert not has_perm(AnonymousUser(), "api.use")
    officer.is_active = False
    assert not has_perm(officer, "programs.manage")


def test_it_gives_every_capability_to_a_system_actor(object_rules):
    register_object_rule(Agency, "programs.manage", lambda user, obj: False)
    assert all(has_perm(SYSTEM, name) for name in CAPABILITIES)
    assert has_perm(SYSTEM, "programs.manage", Agency(code="any"))


def test_it_treats_an_unknown_capability_as_a_programming_error(db):
    with pytest.raises(KeyError):
        has_perm(UserFactory(), "programs.fly")
    with pytest.raises(KeyError):
        register_object_rule(Agency, "programs.fly", lambda user, obj: True)


def test_it_refuses_a_table_naming_a_capability_twice_or_an_unknown_role():
    with pytest.raises(ValueError, match="defined twice"):
        permissions._table(
            ("x.do", frozenset({Role.AUDITOR}), "Do"), ("x.do", frozenset({Role.AUDITOR}), "Do")
        )
    with pytest.raises(ValueError, match="unknown roles"):
        permissions._table(("x.do", frozenset({"janitor"}), "Do"))


def test_an_object_rule_narrows_the_role_and_never_widens_it(db, object_rules):
    asked = []

    def not_the_test_agency(user, agency):
        asked.append((user, agency))
        return agency.code != "rule-test"

    register_object_rule(Agency, "programs.manage", not_the_test_agency)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    member = UserFactory(role=Role.COMPANY_MEMBER)
    mine, other = Agency(code="rule-test"), Agency(code="other")
    assert has_perm(officer, "programs.manage")
    assert not has_perm(officer, "programs.manage", mine)
    assert has_perm(officer, "programs.manage", other)
    assert not has_perm(member, "programs.manage", other)
    # The rule is asked only for a role that holds the capability, with the user and the object.
    assert asked == [(officer, mine), (officer, other)]


def test_an_object_rule_applies_to_its_model_and_capability_only(db, object_rules):
    register_object_rule(Agency, "programs.manage", lambda user, obj: False)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    assert has_perm(officer, "programs.manage", Region(code="41171"))
    assert has_perm(officer, "programs.view_all", Agency(code="x"))


def test_every_rule_registered_for_an_object_must_agree(db, object_rules):
    register_object_rule(Agency, "programs.manage", lambda user, obj: obj.code != "a")
    register_object_rule(Agency, "programs.manage", lambda user, obj: obj.code != "b")
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    assert not has_perm(officer, "programs.manage", Agency(code="a"))
    assert not has_perm(officer, "programs.manage", Agency(code="b"))
    assert has_perm(officer, "programs.manage", Agency(code="c"))


def test_registering_the_same_rule_again_has_no_effect(db, object_rules):
    calls = []

    def rule(user, obj):
        calls.append(obj)
        return True

    assert register_object_rule(Agency, "programs.manage", rule) is rule
    register_object_rule(Agency, "programs.manage", rule)
    has_perm(UserFactory(role=Role.PROGRAM_OFFICER), "programs.manage", Agency(code="x"))
    assert len(calls) == 1
