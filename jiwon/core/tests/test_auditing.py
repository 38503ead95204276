import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jiwon.audit.models import AuditEntry
from jiwon.core import auditing
from jiwon.core.actor import SystemActor
from jiwon.core.models import Agency


@pytest.fixture
def agency(db):
    return Agency.objects.create(code="port-test", name_ko="감사 포트 시험")


def test_without_a_recorder_a_write_through_core_fails_loudly(monkeypatch, agency):
    monkeypatch.setattr(auditing, "_recorder", [])
    with transaction.atomic(), pytest.raises(ImproperlyConfigured, match="no audit recorder"):
        auditing.record(actor=SystemActor("test"), action="core.admin_change", obj=agency)
    assert not AuditEntry.objects.exists()


def test_it_reaches_the_audit_chain_through_the_recorder_the_audit_app_registers(agency):
    with transaction.atomic():
        auditing.record(
            actor=SystemActor("test"),
            action="core.admin_change",
            obj=agency,
            changes={"name_ko": ["옛 이름", "감사 포트 시험"]},
        )
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.object_type, entry.object_id, entry.actor_label) == (
        "core.admin_change",
        "core.agency",
        str(agency.pk),
        "test",
    )
    assert entry.changes == {"name_ko": ["옛 이름", "감사 포트 시험"]}


def test_a_recorder_registered_later_replaces_the_earlier_one(monkeypatch, agency):
    monkeypatch.setattr(auditing, "_recorder", [])
    heard: list[tuple[str, str]] = []

    def first(*, actor, action, obj, changes=None):
        heard.append(("first", action))

    def second(*, actor, action, obj, changes=None):
        heard.append(("second", action))

    auditing.register_recorder(first)
    auditing.register_recorder(second)
    auditing.record(actor=SystemActor("test"), action="core.admin_add", obj=agency)
    assert heard == [("second", "core.admin_add")]


@pytest.mark.parametrize(
    "action",
    [
        "admin_change",  # no app label
        "nosuchapp.do_it",  # not an installed app
        "Core.admin_change",  # not lower case
        "core.admin-change",  # not a function name
        "core.admin_change.again",
    ],
)
def test_it_refuses_an_action_not_named_app_label_dot_service(agency, action):
    with transaction.atomic(), pytest.raises(ValueError, match="<app label>.<service>"):
        auditing.record(actor=SystemActor("test"), action=action, obj=agency)
    assert not AuditEntry.objects.exists()
