"""Appending to the audit chain (every service write calls audit_record() in its transaction)
and anchoring it with keyed checkpoints."""

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from jiwon.audit import checkpoints as cp
from jiwon.audit.chain import GENESIS, EntryFields, entry_digest
from jiwon.audit.models import AuditCheckpoint, AuditEntry
from jiwon.audit.selectors import chain_report_since
from jiwon.core.actor import Actor, actor_label, actor_user

# Arbitrary constant key for pg_advisory_xact_lock: serialises appends to the chain.
_CHAIN_LOCK_KEY = 4_242_001
# Every action is named after the service that wrote it: "<app label>.<service function>".
ACTION_NAME = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*$")


def _json_safe(value: Any) -> Any:
    """`value` reduced to JSON types whose text is the same after a round trip through SQLite's
    JSON text and PostgreSQL's jsonb, so a stored entry re-hashes to the hash it was given."""
    if value is None or isinstance(value, bool):
        return value
    # int/str subclasses (IntegerChoices, TextChoices, SafeString) become plain values.
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, models.Model):
        return _json_safe(value.pk)
    if isinstance(value, datetime | date):
        return value.isoformat()
    # Decimals and floats as text: jsonb would keep or drop digits differently from Python.
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The recorded values of `fields`, in the form audit entries store them. A foreign key is
    recorded as its target's text (e.g. "41171 안양시 만안구") so the log reads without joins."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.Field) and not field.is_relation:
            data[name] = _json_safe(getattr(instance, field.attname))
        else:
            target = getattr(instance, name)
            data[name] = None if target is None else str(target)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        # Held until commit: the next writer reads the head only after this entry is visible,
        # so two transactions can never chain onto the same predecessor.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite needs no lock: its transactions begin IMMEDIATE (settings), so writers queue.


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit chain. Must run inside the caller's transaction so the
    entry and the write it describes commit or roll back together. `action` names the
    service that writes: "<app label>.<service function>", e.g. "programs.program_create"."""
    if not ACTION_NAME.match(action) or not apps.is_installed(f"jiwon.{action.split('.')[0]}"):
        raise ValueError(f"audit action {action!r} is not named <app label>.<service>")
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "audit_record must be called inside transaction.atomic()"
        )
    if obj.pk is None:
        raise ValueError("audit_record needs a saved object: save it first")
    _lock_chain()
    last = AuditEntry.objects.order_by("-id").only("hash").first()
    prev_hash = last.hash if last else GENESIS
    user = actor_user(actor)
    fields: EntryFields = {
        "at": timezone.now(),
        "actor_id": user.pk if user else None,
        "actor_label": actor_label(actor)[:150],
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
        "changes": _json_safe(dict(changes or {})),
    }
    digest = entry_digest(prev_hash=prev_hash, **fields)
    return AuditEntry.objects.create(prev_hash=prev_hash, hash=digest, **fields)


class CheckpointRefused(Exception):
    """The chain does not hold since the last checkpoint: anchoring its head now would bless
    the damage. The message says where it broke (English and Korean through gettext)."""


@transaction.atomic
def checkpoint_create(*, actor: Actor) -> AuditCheckpoint | None:
    """Anchor the chain's current head; None when nothing was appended since the last
    checkpoint (or the chain is empty). Walks only the entries after the last checkpoint,
    once that checkpoint's own entry is found as it was; CheckpointRefused when the walk
    finds a broken link or the last checkpoint no longer holds (run `jiwon audit verify`)."""
    _lock_chain()
    last = AuditCheckpoint.objects.order_by("-entry_id", "-id").first()
    report = chain_report_since(last)
    if report is None:
        assert last is not None
        raise CheckpointRefused(
            gettext("The last checkpoint (entry #%(id)s) no longer holds: run jiwon audit verify.")
            % {"id": last.entry_id}
        )
    if report.broken is not None:
        raise CheckpointRefused(report.broken.summary())
    if report.head_id is None or (last is not None and report.head_id == last.entry_id):
        return None
    made_at = timezone.now()
    head_id, head_hash, count = report.head_id, report.head_hash, report.count
    return AuditCheckpoint.objects.create(
        made_at=made_at,
        made_by=actor_label(actor)[:150],
        entry_id=head_id,
        entry_hash=head_hash,
        entry_count=count,
        key_id=cp.key_id(),
        mac=cp.checkpoint_mac(
            entry_id=head_id, entry_hash=head_hash, entry_count=count, made_at=made_at
        ),
    )
