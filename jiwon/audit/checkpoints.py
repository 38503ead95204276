"""Keyed checkpoints of the audit chain's head (the anchor the unkeyed chain lacks).

The chain's SHA-256 uses no secret: whoever can write to the table can alter an entry and
recompute every hash after it, or delete the tail, and `verify` still finds a valid chain. A
checkpoint records the head at a moment (the entry's id, its hash and how many entries the
chain held up to it) with an HMAC-SHA256 under a key that lives outside the database
(`JIWON_AUDIT_KEY`, from the environment). Without the key nobody can make or alter a
checkpoint; with the checkpoints, a rewrite reaching back past one, or a cut tail, shows.
Auditors export them to keep elsewhere, so that deleting checkpoints from the database does
not hide anything either.

    mac = lowercase hex HMAC-SHA256(key, "jiwon-audit-checkpoint/1|<entry id>|<entry hash>|
                                         <entry count>|<made_at, UTC ISO 8601 with µs>")

This module computes and checks; jiwon.audit.services writes checkpoints and
jiwon.audit.selectors walks the chain against them.
"""

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from jiwon.audit.models import AuditCheckpoint

PURPOSE = "jiwon-audit-checkpoint/1"
EXPORT_FORMAT = "jiwon-audit-checkpoints/1"


def checkpoint_key() -> bytes:
    """JIWON_AUDIT_KEY, or without it a key derived from the secret key (also from the
    environment, never in the database)."""
    if settings.JIWON_AUDIT_KEY:
        return settings.JIWON_AUDIT_KEY.encode()
    return hmac.new(settings.SECRET_KEY.encode(), PURPOSE.encode(), hashlib.sha256).digest()


def key_id(key: bytes | None = None) -> str:
    """A short name of the key (it reveals nothing of it), so a checkpoint made with another
    key is told apart from a forged one."""
    key = checkpoint_key() if key is None else key
    return hashlib.sha256(b"key-id|" + key).hexdigest()[:16]


def checkpoint_mac(
    *, entry_id: int, entry_hash: str, entry_count: int, made_at: datetime, key: bytes | None = None
) -> str:
    at = made_at.astimezone(UTC).isoformat(timespec="microseconds")
    message = f"{PURPOSE}|{entry_id}|{entry_hash}|{entry_count}|{at}".encode()
    key = checkpoint_key() if key is None else key
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """A checkpoint as verification reads it: from the database or from an exported file."""

    made_at: datetime
    made_by: str
    entry_id: int
    entry_hash: str
    entry_count: int
    key_id: str
    mac: str
    source: str

    @classmethod
    def of(cls, checkpoint: AuditCheckpoint) -> "Anchor":
        return cls(
            made_at=checkpoint.made_at,
            made_by=checkpoint.made_by,
            entry_id=checkpoint.entry_id,
            entry_hash=checkpoint.entry_hash,
            entry_count=checkpoint.entry_count,
            key_id=checkpoint.key_id,
            mac=checkpoint.mac,
            source="database",
        )

    def mac_holds(self) -> bool:
        expected = checkpoint_mac(
            entry_id=self.entry_id,
            entry_hash=self.entry_hash,
            entry_count=self.entry_count,
            made_at=self.made_at,
        )
        return hmac.compare_digest(expected, self.mac)

    def as_json(self) -> dict[str, Any]:
        return {
            "made_at": self.made_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "made_by": self.made_by,
            "entry_id": self.entry_id,
            "entry_hash": self.entry_hash,
            "entry_count": self.entry_count,
            "key_id": self.key_id,
            "mac": self.mac,
        }


class ExportError(ValueError):
    pass


def anchors_from_export(data: Any, *, source: str) -> list[Anchor]:
    """The checkpoints of an exported file (parsed JSON); ExportError when it is not one."""
    if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
        raise ExportError(f"{source} is not an export of audit checkpoints ({EXPORT_FORMAT})")
    anchors = []
    for i, row in enumerate(data.get("checkpoints") or []):
        try:
            anchors.append(
                Anchor(
                    made_at=datetime.fromisoformat(row["made_at"]),
                    made_by=str(row["made_by"]),
                    entry_id=int(row["entry_id"]),
                    entry_hash=str(row["entry_hash"]),
                    entry_count=int(row["entry_count"]),
                    key_id=str(row["key_id"]),
                    mac=str(row["mac"]),
                    source=source,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ExportError(f"{source}: checkpoint {i + 1} is incomplete ({exc})") from exc
    return anchors


class Problem(StrEnum):
    # The MAC does not match: the checkpoint was altered, or made without the key.
    FORGED = "forged"
    # Made under another key (rotated since): it cannot be checked with this one.
    OTHER_KEY = "other_key"
    # The chain ends before the anchored entry: entries were deleted from the end.
    TRUNCATED = "truncated"
    # The anchored entry is gone, carries another hash, or stands elsewhere in the chain: the
    # chain was rewritten from before it.
    REWRITTEN = "rewritten"


@dataclass(frozen=True)
class AnchorFinding:
    anchor: Anchor
    problem: Problem
    head_id: int | None

    def summary(self) -> str:
        anchor = self.anchor
        where = {
            "at": timezone.localtime(anchor.made_at).strftime("%Y-%m-%d %H:%M:%S %Z"),
            "id": anchor.entry_id,
            "count": anchor.entry_count,
            "source": anchor.source,
        }
        head = gettext("the chain ends at entry #%(id)s") % {"id": self.head_id}
        if self.head_id is None:
            head = gettext("the chain is empty")
        text = {
            Problem.FORGED: gettext(
                "its signature does not match: the checkpoint was altered or not made with "
                "this installation's key"
            ),
            Problem.OTHER_KEY: gettext(
                "it was made with another key (%(key)s) and cannot be checked with this one"
            )
            % {"key": anchor.key_id},
            Problem.TRUNCATED: gettext("%(head)s: entries were deleted from the end of the chain")
            % {"head": head},
            Problem.REWRITTEN: gettext(
                "the chain no longer holds that entry as it was: it was rewritten since"
            ),
        }[self.problem]
        return (
            gettext("checkpoint of %(at)s (entry #%(id)s, %(count)s entries, from %(source)s): ")
            % where
            + text
        )


def check_anchor(
    anchor: Anchor, *, seen: Mapping[int, tuple[str, int]], head_id: int | None, current_key: str
) -> AnchorFinding | None:
    """What is wrong with `anchor` given the intact chain: `seen` maps the anchored entry ids
    found in it to their hash and position (1 for the first entry)."""
    if anchor.key_id != current_key:
        return AnchorFinding(anchor, Problem.OTHER_KEY, head_id)
    if not anchor.mac_holds():
        return AnchorFinding(anchor, Problem.FORGED, head_id)
    if anchor.entry_id in seen:
        if seen[anchor.entry_id] == (anchor.entry_hash, anchor.entry_count):
            return None
        return AnchorFinding(anchor, Problem.REWRITTEN, head_id)
    if head_id is None or anchor.entry_id > head_id:
        return AnchorFinding(anchor, Problem.TRUNCATED, head_id)
    return AnchorFinding(anchor, Problem.REWRITTEN, head_id)
