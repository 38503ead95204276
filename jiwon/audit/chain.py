"""The hash chain over audit entries (the format is specified in jiwon/audit/README.md).

hash = SHA-256(prev_hash + canonical JSON of the entry's recorded fields). The first entry's
prev_hash is GENESIS. Canonical JSON: sorted keys, no whitespace, UTF-8, times in UTC ISO 8601
with microseconds, so the same entry hashes the same on SQLite and PostgreSQL.

This module only computes and checks; reading entries from the database in chain order is
jiwon.audit.selectors' job, so the check can stream millions of entries.
"""

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypedDict, Unpack

from django.utils import timezone
from django.utils.translation import gettext

from jiwon.audit.models import AuditEntry

GENESIS = "0" * 64


class EntryFields(TypedDict):
    """The recorded fields of an entry: what its hash covers."""

    at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    # {field: [before, after]} as stored: JSON values only (see services._json_safe).
    changes: Any


def canonical_json(
    *,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: Any,
) -> str:
    payload = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr,
        "changes": changes,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_digest(*, prev_hash: str, **fields: Unpack[EntryFields]) -> str:
    """The hash of an entry with these recorded fields that follows `prev_hash`."""
    return hashlib.sha256((prev_hash + canonical_json(**fields)).encode()).hexdigest()


def digest_of(entry: AuditEntry) -> str:
    """The hash `entry` should carry given its current content."""
    return entry_digest(
        prev_hash=entry.prev_hash,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        changes=entry.changes,
    )


class Reason(StrEnum):
    # The entry's content (or its stored hash) no longer matches its hash.
    ALTERED = "altered"
    # The entry is intact but does not follow the entry before it: that one was deleted,
    # altered and re-hashed, or an entry was inserted.
    PREVIOUS = "previous"


@dataclass(frozen=True)
class BrokenLink:
    entry_id: int
    at: datetime
    action: str
    reason: Reason

    def summary(self) -> str:
        """Entry id, its time in the site's zone (KST), action and reason, in one line."""
        return gettext("entry #%(id)s (%(at)s, %(action)s): %(reason)s") % {
            "id": self.entry_id,
            "at": timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M:%S %Z"),
            "action": self.action,
            "reason": self.describe(),
        }

    def describe(self) -> str:
        if self.reason is Reason.ALTERED:
            return gettext("content altered: the entry no longer matches its hash")
        return gettext(
            "previous entry missing or altered: the entry does not follow the one before it"
        )


@dataclass(frozen=True)
class ChainReport:
    """What a walk of the chain found. `count` is the number of intact entries walked (all of
    them when `broken` is None); `head_hash` is the hash of the last intact entry, GENESIS for
    an empty chain. `expected_head_found` is None when no head was expected; otherwise whether
    the intact part of the chain contains it (GENESIS, the start of every chain, always is).
    `expected_head_id` is the entry carrying it."""

    count: int
    head_hash: str
    head_id: int | None
    head_at: datetime | None
    broken: BrokenLink | None
    expected_head_found: bool | None = None
    expected_head_id: int | None = None
    # The watched entries found in the intact part: id -> (hash, position from 1).
    seen: dict[int, tuple[str, int]] = field(default_factory=dict)


def walk(
    entries: Iterable[AuditEntry],
    *,
    expect_head: str | None = None,
    watch: Collection[int] = (),
    start_hash: str = GENESIS,
    start_count: int = 0,
) -> ChainReport:
    """Walk entries in id order, stopping at the first broken link.

    `expect_head` is a head hash recorded earlier: an intact chain that no longer contains it
    was truncated (or rewritten) since. `watch` names entries (checkpoints' heads) whose hash
    and position to note. `start_hash` and `start_count` continue a walk from a checkpoint:
    `entries` are then those after it."""
    expected_prev = start_hash
    count = start_count
    head_id: int | None = None
    head_at: datetime | None = None
    expected_head_id: int | None = None
    seen: dict[int, tuple[str, int]] = {}
    found = None if expect_head is None else expect_head == GENESIS
    for entry in entries:
        # Check the entry itself first, so an edited entry is blamed rather than its successor.
        if digest_of(entry) != entry.hash:
            reason = Reason.ALTERED
        elif entry.prev_hash != expected_prev:
            reason = Reason.PREVIOUS
        else:
            count += 1
            expected_prev, head_id, head_at = entry.hash, entry.id, entry.at
            if entry.id in watch:
                seen[entry.id] = (entry.hash, count)
            if entry.hash == expect_head:
                found, expected_head_id = True, entry.id
            continue
        return ChainReport(
            count=count,
            head_hash=expected_prev,
            head_id=head_id,
            head_at=head_at,
            broken=BrokenLink(entry.id, entry.at, entry.action, reason),
            expected_head_found=found,
            expected_head_id=expected_head_id,
            seen=seen,
        )
    return ChainReport(
        count=count,
        head_hash=expected_prev,
        head_id=head_id,
        head_at=head_at,
        broken=None,
        expected_head_found=found,
        expected_head_id=expected_head_id,
        seen=seen,
    )


def verify(entries: Iterable[AuditEntry]) -> BrokenLink | None:
    """Walk entries in id order; return the first broken link, or None if the chain holds."""
    return walk(entries).broken
