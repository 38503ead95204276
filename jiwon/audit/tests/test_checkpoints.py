"""Keyed checkpoints anchor the audit chain (issue 10, item 14): altering an entry and
recomputing every hash after it, or deleting the tail, passed `jiwon audit verify`; with
checkpoints it no longer does, and an exported file keeps the anchor when the database's
checkpoints are deleted too."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from jiwon.audit import checkpoints as cp
from jiwon.audit.chain import GENESIS, digest_of
from jiwon.audit.models import AuditCheckpoint, AuditEntry
from jiwon.audit.services import CheckpointRefused, checkpoint_create
from jiwon.core.actor import SYSTEM
from jiwon.core.models import ScheduledJob
from jiwon.core.roles import Role
from jiwon.core.scheduling import run_due_jobs

CHECKPOINTS = reverse("audit:checkpoints")


def verify(*args) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def rewrite_from(entry: AuditEntry, **changes) -> None:
    """What an attacker with write access to the table does: change an entry and recompute
    its hash and every later one, so that the chain alone holds again."""
    AuditEntry.objects.filter(pk=entry.pk).update(**changes)
    prev = None
    for e in AuditEntry.objects.filter(id__gte=entry.id).order_by("id"):
        if prev is not None:
            e.prev_hash = prev
        e.hash = digest_of(e)
        AuditEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
        prev = e.hash


@pytest.fixture
def five(record):
    return [record() for _ in range(5)]


def test_it_anchors_the_head_with_a_keyed_checkpoint(five):
    made = checkpoint_create(actor=SYSTEM)
    assert (made.entry_id, made.entry_hash, made.entry_count) == (five[-1].id, five[-1].hash, 5)
    assert made.key_id == cp.key_id()
    assert cp.Anchor.of(made).mac_holds()
    assert "Checkpoints: 1 checked, all hold." in verify()


def test_it_catches_an_entry_altered_with_every_later_hash_recomputed(five):
    checkpoint_create(actor=SYSTEM)
    rewrite_from(five[1], object_repr="forged")
    with pytest.raises(CommandError) as excinfo:
        verify()
    message = str(excinfo.value)
    assert "1 of 1 checkpoints do not hold" in message
    assert f"entry #{five[-1].id}, 5 entries, from database" in message
    assert "rewritten" in message


def test_it_reports_entries_deleted_from_the_end_of_the_chain(five):
    checkpoint_create(actor=SYSTEM)
    AuditEntry.objects.filter(id__gt=five[2].id).delete()
    with pytest.raises(CommandError, match=rf"chain ends at entry #{five[2].id}: entries were "):
        verify()


def test_it_reports_an_emptied_table(five):
    checkpoint_create(actor=SYSTEM)
    AuditEntry.objects.all().delete()
    with pytest.raises(CommandError, match="the chain is empty: entries were deleted"):
        verify()


def test_it_refuses_a_checkpoint_altered_or_made_without_the_key(five):
    made = checkpoint_create(actor=SYSTEM)
    rewrite_from(five[1], object_repr="forged")
    # The attacker moves the checkpoint onto the rewritten head: without the key its
    # signature cannot follow.
    AuditCheckpoint.objects.filter(pk=made.pk).update(
        entry_hash=AuditEntry.objects.get(pk=five[-1].pk).hash
    )
    with pytest.raises(CommandError, match="signature does not match"):
        verify()


def test_it_names_a_checkpoint_made_with_another_key(five, settings):
    checkpoint_create(actor=SYSTEM)
    settings.JIWON_AUDIT_KEY = "a rotated key"
    with pytest.raises(CommandError, match="made with another key"):
        verify()


def test_an_exported_file_still_catches_the_cut_when_the_checkpoints_are_deleted(five, tmp_path):
    checkpoint_create(actor=SYSTEM)
    kept = tmp_path / "checkpoints.json"
    call_command("audit", "export-checkpoints", "--output", str(kept), stdout=StringIO())
    AuditCheckpoint.objects.all().delete()
    AuditEntry.objects.filter(id__gt=five[1].id).delete()
    assert "Checkpoints: 0 checked" in verify()
    with pytest.raises(CommandError, match=rf"from {kept}\): the chain ends at entry"):
        verify("--checkpoints", str(kept))


def test_it_refuses_a_file_that_is_not_an_export(db, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(CommandError, match="is not an export of audit checkpoints"):
        verify("--checkpoints", str(other))


def test_it_refuses_to_anchor_a_chain_broken_since_the_last_checkpoint(five, record):
    checkpoint_create(actor=SYSTEM)
    later = record()
    record()
    AuditEntry.objects.filter(pk=later.pk).update(object_repr="forged")
    with pytest.raises(CheckpointRefused, match=f"entry #{later.id}"):
        checkpoint_create(actor=SYSTEM)
    assert AuditCheckpoint.objects.count() == 1


def test_it_refuses_to_anchor_when_the_last_checkpoint_no_longer_holds(five, record):
    checkpoint_create(actor=SYSTEM)
    rewrite_from(five[0], object_repr="forged")
    record()
    with pytest.raises(CheckpointRefused, match="no longer holds"):
        checkpoint_create(actor=SYSTEM)


def test_the_scheduler_makes_checkpoints_only_when_the_chain_grew(five, record):
    now = timezone.now()
    run_due_jobs(only="audit.checkpoint")
    assert AuditCheckpoint.objects.count() == 1
    run_due_jobs(now=now + timedelta(minutes=30))
    assert ScheduledJob.objects.get(name="audit.checkpoint").runs == 1
    run_due_jobs(now=now + timedelta(minutes=61))
    assert AuditCheckpoint.objects.count() == 1
    assert ScheduledJob.objects.get(name="audit.checkpoint").last_result.startswith("nothing")
    record()
    run_due_jobs(now=now + timedelta(hours=3))
    assert AuditCheckpoint.objects.count() == 2
    assert AuditCheckpoint.objects.first().entry_count == 6


def test_the_scheduler_records_a_broken_chain_as_a_failed_run(five):
    AuditEntry.objects.filter(pk=five[2].pk).update(object_repr="forged")
    run_due_jobs(only="audit.checkpoint")
    job = ScheduledJob.objects.get(name="audit.checkpoint")
    assert not job.last_ok
    assert f"entry #{five[2].id}" in job.last_result
    assert not AuditCheckpoint.objects.exists()


def test_the_empty_chain_gets_no_checkpoint(db):
    assert checkpoint_create(actor=SYSTEM) is None
    assert GENESIS in verify()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.AGENCY_ADMIN])
def test_auditors_make_and_export_checkpoints_from_the_page(client, user_with_role, five, role):
    client.force_login(user_with_role(role))
    response = client.post(reverse("audit:checkpoint_new"), follow=True)
    assert f"Checkpoint made at entry #{five[-1].id} (5 entries)." in response.content.decode()
    assert f"#{five[-1].id}" in client.get(CHECKPOINTS).content.decode()
    export = client.get(reverse("audit:checkpoint_export"))
    assert export["Content-Disposition"].startswith('attachment; filename="audit-checkpoints-')
    assert "no-store" in export["Cache-Control"]
    data = json.loads(export.content)
    assert [a.entry_id for a in cp.anchors_from_export(data, source="export")] == [five[-1].id]


def test_the_page_verifies_against_the_checkpoints(client, user_with_role, five):
    checkpoint_create(actor=SYSTEM)
    AuditEntry.objects.filter(id__gt=five[2].id).delete()
    client.force_login(user_with_role(Role.AUDITOR))
    response = client.post(reverse("audit:verify"), {"next": "checkpoints"}, follow=True)
    assert response.redirect_chain[-1][0] == CHECKPOINTS
    page = response.content.decode()
    assert "The chain holds, but 1 of 1 checkpoints do not" in page
    assert "entries were deleted from the end of the chain" in page


def test_the_page_is_in_korean_by_default(client, user_with_role, five):
    checkpoint_create(actor=SYSTEM)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    client.force_login(user_with_role(Role.AUDITOR))
    page = client.get(CHECKPOINTS).content.decode()
    assert "감사 체크포인트" in page
    assert "지금 체크포인트 만들기" in page


@pytest.mark.parametrize("role", [Role.PROGRAM_OFFICER, Role.CITY_VIEWER, Role.COMPANY_MEMBER])
def test_other_roles_cannot_see_make_or_export_checkpoints(client, user_with_role, db, role):
    client.force_login(user_with_role(role))
    assert client.get(CHECKPOINTS).status_code == 403
    assert client.post(reverse("audit:checkpoint_new")).status_code == 403
    assert client.get(reverse("audit:checkpoint_export")).status_code == 403
