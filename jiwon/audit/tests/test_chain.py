from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from jiwon.accounts.models import User
from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.chain import GENESIS, Reason, canonical_json, digest_of, verify
from jiwon.audit.models import AuditEntry
from jiwon.audit.selectors import chain_report, entries_in_chain_order
from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import CompanyKind
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.actor import SYSTEM, SystemActor
from jiwon.core.roles import Role


def broken_link():
    return verify(entries_in_chain_order())


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_a_transaction():
    company = CompanyFactory()
    with pytest.raises(transaction.TransactionManagementError, match="transaction.atomic"):
        audit_record(actor=SYSTEM, action="companies.company_update", obj=company, changes={})
    assert not AuditEntry.objects.exists()


def test_it_refuses_to_record_an_unsaved_object(db):
    with transaction.atomic(), pytest.raises(ValueError, match="saved object"):
        audit_record(actor=SYSTEM, action="companies.company_create", obj=CompanyFactory.build())


def test_it_chains_three_entries_that_verify(record):
    first, second, third = record(), record(), record()
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert broken_link() is None
    report = chain_report()
    assert (report.count, report.head_hash, report.head_id) == (3, third.hash, third.id)


def test_it_detects_changes_altered_by_a_queryset_update(record):
    record()
    second = record(changes={"employees": [10, 12]})
    record()
    AuditEntry.objects.filter(pk=second.pk).update(changes={"employees": [10, 99]})
    broken = broken_link()
    assert (broken.entry_id, broken.reason) == (second.id, Reason.ALTERED)
    assert chain_report().count == 1


def test_it_detects_a_deleted_middle_entry_at_the_next_one(record):
    _, second, third = record(), record(), record()
    AuditEntry.objects.filter(pk=second.pk).delete()
    broken = broken_link()
    assert (broken.entry_id, broken.reason) == (third.id, Reason.PREVIOUS)


def test_it_detects_a_deleted_first_entry(record):
    first, second = record(), record()
    first.delete()
    assert (broken_link().entry_id, broken_link().reason) == (second.id, Reason.PREVIOUS)


def test_it_detects_an_altered_hash_at_that_entry(record):
    _, second, _ = record(), record(), record()
    AuditEntry.objects.filter(pk=second.pk).update(hash="f" * 64)
    broken = broken_link()
    assert (broken.entry_id, broken.reason) == (second.id, Reason.ALTERED)


def test_it_detects_an_altered_and_rehashed_entry_at_its_successor(record):
    _, second, third = record(), record(), record()
    second.actor_label = "someone-else"
    AuditEntry.objects.filter(pk=second.pk).update(
        actor_label="someone-else", hash=digest_of(second)
    )
    broken = broken_link()
    assert (broken.entry_id, broken.reason) == (third.id, Reason.PREVIOUS)


def test_it_detects_an_inserted_entry(record):
    first, second = record(), record()
    forged = AuditEntry(
        at=second.at,
        actor_label="intruder",
        action="companies.company_update",
        object_type=second.object_type,
        object_id=second.object_id,
        object_repr=second.object_repr,
        changes={},
        prev_hash=second.hash,
    )
    forged.hash = digest_of(forged)
    forged.save()
    # Make room after `first` for the forgery by moving `second` behind it.
    AuditEntry.objects.filter(pk=second.pk).update(prev_hash="e" * 64)
    AuditEntry.objects.filter(pk=forged.pk).update(prev_hash=first.hash)
    assert broken_link().entry_id == second.id


def test_it_reads_the_chain_in_chunks_across_boundaries(record, django_assert_num_queries):
    entries = [record() for _ in range(5)]
    with django_assert_num_queries(3):
        assert chain_report(chunk_size=2).count == 5
    assert chain_report(chunk_size=5).count == 5
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    for size in (1, 2, 3, 10):
        assert chain_report(chunk_size=size).broken.entry_id == entries[3].id


def test_it_refuses_a_second_entry_after_the_same_predecessor(record):
    first = record()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(
            at=first.at,
            actor_label="fork",
            action="companies.company_update",
            object_type="companies.company",
            object_id="1",
            object_repr="x",
            prev_hash=first.prev_hash,
            hash="a" * 64,
        )


# Written on both SQLite and PostgreSQL by the test suite; a drift in either (JSON key order,
# number or time format) changes this value and breaks every chain already stored.
KNOWN_HASH = "d66cbf1bda1e26984d00b86b7fdf1ba458a82aa163a5b3bd034c9696cc016753"


def test_it_hashes_the_same_on_every_database(db, record, kst):
    actor = UserFactory(pk=9001, username="kim.auditor", role=Role.AUDITOR)
    obj = User(pk=9002, username="lee")
    at = kst(2026, 3, 10, 23, 59, 59, 123456)
    changes = {
        "name_ko": ["안양 주식회사", "안양 테크"],
        "annual_sales_won": [999_999_999_999, 1_000_000_000_000],
        "region": [41171, None],
        "is_local": [False, True],
        "certification": [None, {"b": [1, ""], "a": "\u00e9"}],
    }
    entry = record(actor=actor, action="accounts.user_update", obj=obj, changes=changes, at=at)
    assert canonical_json(
        at=at,
        actor_id=9001,
        actor_label="kim.auditor",
        action="accounts.user_update",
        object_type="accounts.user",
        object_id="9002",
        object_repr="lee",
        changes={"region": [41171, None]},
    ) == (
        '{"action":"accounts.user_update","actor_id":9001,"actor_label":"kim.auditor",'
        '"at":"2026-03-10T14:59:59.123456+00:00","changes":{"region":[41171,null]},'
        '"object_id":"9002","object_repr":"lee","object_type":"accounts.user"}'
    )
    assert entry.hash == KNOWN_HASH
    entry.refresh_from_db()
    assert digest_of(entry) == KNOWN_HASH


def test_it_stores_values_that_hash_the_same_after_reading_them_back(record):
    entry = record(
        changes={
            "amount": [Decimal("1.50"), Decimal("2.00")],
            "rate": [None, 0.1],
            "founded_on": [None, date(2024, 1, 2)],
            "kind": [CompanyKind.PREFOUNDER, CompanyKind.COMPANY],
        }
    )
    entry.refresh_from_db()
    assert entry.changes == {
        "amount": ["1.50", "2.00"],
        "rate": [None, "0.1"],
        "founded_on": [None, "2024-01-02"],
        "kind": ["prefounder", "company"],
    }
    assert broken_link() is None


def test_it_labels_an_actor_who_is_not_a_user(record):
    assert record(actor=SYSTEM).actor_label == "system"
    entry = record(actor=SystemActor("excel-import"))
    assert (entry.actor_label, entry.actor_id) == ("excel-import", None)


def test_snapshot_and_diff_record_only_changed_fields(db):
    company = CompanyFactory(employees=10)
    before = snapshot(company, ["employees", "region", "founded_on", "name_ko"])
    company.employees = 12
    after = snapshot(company, ["employees", "region", "founded_on", "name_ko"])
    assert before["region"] == str(company.region)
    assert before["founded_on"] == company.founded_on.isoformat()
    assert diff(before, after) == {"employees": [10, 12]}
