from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.chain import verify
from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.programs.models import EligibilityRuleVersion
from jiwon.programs.selectors.rules import program_eligibility, rule_version_on
from jiwon.programs.services.rules import rule_version_add
from jiwon.programs.tests.factories import ProgramFactory
from jiwon.programs.workflow import ProgramStatus

YOUTH = {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]}
MIDDLE_AGED = {"type": "all", "criteria": [{"type": "representative_age", "min": 40}]}


def add(program, actor, rule=YOUTH, effective_from=None, note=""):
    return rule_version_add(
        actor=actor,
        program=program,
        rule=rule,
        effective_from=effective_from or timezone.localdate(),
        note=note,
    )


@pytest.fixture
def draft(db):
    return ProgramFactory(status=ProgramStatus.DRAFT)


def test_it_stores_the_canonical_rule_as_version_one(draft, officer):
    version = add(draft, officer, note="  첫 공고  ")

    assert version.version == 1
    assert version.created_by == officer
    assert version.note == "첫 공고"
    assert version.rule == {
        "type": "all",
        "criteria": [{"type": "representative_age", "min": None, "max": 39}],
    }


def test_it_numbers_versions_after_the_highest_so_far(draft, officer):
    add(draft, officer)
    add(draft, officer, MIDDLE_AGED)
    third = add(draft, officer)
    other = add(ProgramFactory(status=ProgramStatus.DRAFT), officer)

    assert third.version == 3
    assert other.version == 1
    assert list(draft.rule_versions.order_by("version").values_list("version", flat=True)) == [
        1,
        2,
        3,
    ]


def test_it_never_changes_a_stored_version(draft, officer):
    first = add(draft, officer, YOUTH, note="v1")
    before = EligibilityRuleVersion.objects.filter(pk=first.pk).values().get()

    add(draft, officer, MIDDLE_AGED, note="v2")

    assert EligibilityRuleVersion.objects.filter(pk=first.pk).values().get() == before
    assert draft.rule_versions.count() == 2


def test_it_rejects_a_bad_rule_naming_where_each_problem_is(draft, officer):
    bad = {
        "type": "all",
        "criteria": [
            {"type": "representative_age", "max": "서른아홉"},
            {"type": "region", "in": ["99999"]},
        ],
    }

    with pytest.raises(ValidationError) as caught:
        add(draft, officer, bad)

    messages = caught.value.messages
    assert any(m.startswith("rule.criteria[0].max: ") for m in messages)
    assert any(m.startswith("rule.criteria[1].in: ") and "99999" in m for m in messages)
    assert not draft.rule_versions.exists()
    assert not AuditEntry.objects.filter(action="programs.rule_version_add").exists()


def test_it_records_the_version_and_the_rule_in_the_audit_log(draft, officer):
    add(draft, officer, YOUTH)
    second = add(draft, officer, MIDDLE_AGED, date(2026, 12, 1), note="정정공고")

    entry = AuditEntry.objects.filter(action="programs.rule_version_add").order_by("-id").first()
    assert entry.object_type == "programs.program" and entry.object_id == str(draft.pk)
    assert entry.actor == officer
    assert entry.changes["version"] == [1, 2]
    assert entry.changes["rule"][1] == second.rule
    assert entry.changes["rule"][0]["criteria"][0]["max"] == 39
    assert entry.changes["effective_from"][1] == "2026-12-01"
    assert entry.changes["note"] == [None, "정정공고"]
    assert verify(AuditEntry.objects.order_by("id")) is None


def groups(program) -> list[str]:
    return list(program.targets.order_by("group").values_list("group", flat=True))


def test_it_derives_the_target_groups_from_the_newest_version(draft, officer):
    add(draft, officer, YOUTH)
    assert groups(draft) == ["youth"]

    # The newest version states who the notice is for, even before it takes effect.
    add(draft, officer, MIDDLE_AGED, timezone.localdate() + timedelta(days=30))
    assert groups(draft) == ["middle_aged"]

    add(draft, officer, {"type": "all", "criteria": []})
    assert groups(draft) == []


def test_it_records_the_target_groups_before_and_after_in_the_audit_log(draft, officer):
    add(draft, officer, YOUTH)
    first = AuditEntry.objects.filter(action="programs.rule_version_add").order_by("-id").first()
    assert first.changes["targets"] == [[], ["youth"]]

    both = {"type": "all", "criteria": [{"type": "women_owned"}, {"type": "disabled_owned"}]}
    add(draft, officer, both)
    second = AuditEntry.objects.filter(action="programs.rule_version_add").order_by("-id").first()
    assert second.changes["targets"] == [["youth"], ["disabled", "women"]]
    assert verify(AuditEntry.objects.order_by("id")) is None


def test_it_keeps_the_target_groups_when_a_version_is_rejected(draft, officer):
    add(draft, officer, YOUTH)

    with pytest.raises(ValidationError):
        add(draft, officer, {"type": "all", "criteria": [{"type": "women_owned"}, {"x": 1}]})

    assert groups(draft) == ["youth"]


@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.CITY_VIEWER, Role.COMPANY_MEMBER])
def test_it_lets_only_programme_managers_add_versions(draft, role):
    with pytest.raises(PermissionDenied):
        add(draft, UserFactory(role=role))
    assert not draft.rule_versions.exists()


def test_it_lets_an_agency_admin_and_a_system_job_add_versions(draft):
    add(draft, UserFactory(role=Role.AGENCY_ADMIN))
    version = add(draft, SYSTEM)

    assert version.version == 2 and version.created_by is None


def test_it_accepts_any_effective_date_while_the_programme_is_a_draft(draft, officer):
    version = add(draft, officer, effective_from=timezone.localdate() - timedelta(days=400))

    assert version.version == 1


def test_it_requires_today_or_later_once_the_programme_is_published(db, officer):
    program = ProgramFactory(status=ProgramStatus.PUBLISHED)
    today = timezone.localdate()

    with pytest.raises(ValidationError) as caught:
        add(program, officer, effective_from=today - timedelta(days=1))
    assert caught.value.error_list[0].code == "effective_in_past"

    assert add(program, officer, effective_from=today).version == 1
    assert add(program, officer, effective_from=today + timedelta(days=30)).version == 2


@pytest.mark.parametrize(
    "status", [ProgramStatus.CLOSED, ProgramStatus.UNDER_REVIEW, ProgramStatus.COMPLETED]
)
def test_it_refuses_new_versions_once_the_programme_has_closed(db, officer, status):
    program = ProgramFactory(status=status)

    with pytest.raises(ValidationError) as caught:
        add(program, officer, effective_from=timezone.localdate() + timedelta(days=1))

    assert [e.code for e in caught.value.error_list] == ["not_editable"]
    assert not program.rule_versions.exists()


def test_it_rejects_a_note_longer_than_the_field(draft, officer):
    with pytest.raises(ValidationError) as caught:
        add(draft, officer, note="가" * 201)

    assert [e.code for e in caught.value.error_list] == ["note_too_long"]


def test_it_applies_a_version_from_its_effective_date(draft, officer):
    add(draft, officer, YOUTH, date(2026, 3, 1))
    add(draft, officer, MIDDLE_AGED, date(2026, 6, 1))

    assert rule_version_on(draft, date(2026, 5, 31)).version == 1
    assert rule_version_on(draft, date(2026, 6, 1)).version == 2
    assert rule_version_on(draft, date(2026, 6, 2)).version == 2
    # Before the first version takes effect, the first one is the programme's rule.
    assert rule_version_on(draft, date(2026, 1, 1)).version == 1


def test_a_version_saved_after_the_notice_applies_from_its_effective_date(db, officer):
    program = ProgramFactory(status=ProgramStatus.DRAFT, notice_date=date(2026, 6, 1))
    add(program, officer, YOUTH, date(2026, 3, 1))
    add(program, officer, MIDDLE_AGED, date(2026, 6, 2))

    on_first = program_eligibility(program, date(2026, 6, 1))
    assert on_first.rule.criteria[0].maximum == 39
    on_second = program_eligibility(program, date(2026, 6, 2))
    assert on_second.rule.criteria[0].minimum == 40
    # The facts are still judged on the notice date.
    assert on_second.reference_date == date(2026, 6, 1)
