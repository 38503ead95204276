from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from jiwon.audit.chain import GENESIS
from jiwon.audit.models import AuditEntry


def verify(*args) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def test_it_reports_an_intact_chain_and_its_head(record, kst):
    record(), record()
    head = record(at=kst(2026, 3, 10, 9, 30))
    output = verify()
    assert "OK: 3 entries, chain intact" in output
    assert f"Head: {head.hash} (entry #{head.id}, 2026-03-10 09:30:00 KST)" in output


def test_it_reports_an_empty_chain_as_intact(db):
    output = verify()
    assert "OK: 0 entries, chain intact" in output
    assert f"Head: {GENESIS} (empty chain)" in output


def test_it_names_the_first_broken_link(record, kst):
    record()
    altered = record(action="companies.company_set_growth_stage", at=kst(2026, 3, 10, 23, 59))
    record()
    AuditEntry.objects.filter(pk=altered.pk).update(object_repr="forged")
    with pytest.raises(CommandError) as excinfo:
        verify()
    message = str(excinfo.value)
    assert (
        f"entry #{altered.id} (2026-03-10 23:59:00 KST, companies.company_set_growth_stage)"
        in message
    )
    assert "content altered" in message
    assert "The 1 entries before it are intact." in message
    assert excinfo.value.returncode == 1


def test_it_says_the_previous_entry_is_missing_when_one_was_deleted(record):
    _, second, third = record(), record(), record()
    second.delete()
    with pytest.raises(CommandError, match=rf"entry #{third.id} .*previous entry missing"):
        verify()


def test_it_exits_with_status_1_from_the_command_line(record, monkeypatch, capsys):
    # run_from_argv closes connections when it finishes, which would end the test transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    entry = record()
    execute_from_command_line(["jiwon", "audit", "verify"])
    assert "OK: 1 entries, chain intact" in capsys.readouterr().out

    AuditEntry.objects.filter(pk=entry.pk).update(changes={})
    with pytest.raises(SystemExit) as excinfo:
        execute_from_command_line(["jiwon", "audit", "verify"])
    assert excinfo.value.code == 1
    assert f"CommandError: Chain broken at entry #{entry.id}" in capsys.readouterr().err


def test_expect_head_catches_entries_deleted_from_the_end(record):
    record(), record()
    last = record()
    recorded_head = last.hash
    last.delete()
    # The chain alone cannot tell: what remains is a valid, shorter chain.
    assert "OK: 2 entries, chain intact" in verify()
    with pytest.raises(CommandError, match="is not in the chain: entries were deleted"):
        verify("--expect-head", recorded_head)


def test_expect_head_accepts_a_chain_that_grew_since(record):
    recorded = record()
    record(), record()
    output = verify("--expect-head", recorded.hash.upper())
    assert f"Expected head found at entry #{recorded.id}." in output


def test_expect_head_of_an_empty_chain_matches_any_chain(record):
    record()
    assert "Expected head found at the start." in verify("--expect-head", GENESIS)


def test_expect_head_must_look_like_a_hash(db):
    with pytest.raises(CommandError, match="64 hexadecimal digits"):
        verify("--expect-head", "abc123")


def test_chunk_size_must_be_positive(db):
    with pytest.raises(CommandError, match="at least 1"):
        verify("--chunk-size", "0")


def test_it_verifies_with_a_small_chunk_size(record):
    for _ in range(5):
        record()
    assert "OK: 5 entries, chain intact" in verify("--chunk-size", "2")
