"""The audit port: how core's own writes (the workflow engine) reach the audit chain.

The chain lives in the audit app, above core, so core cannot import it. The audit app plugs
its recorder in here when Django starts (AuditConfig.ready()); a write through core without a
recorder fails loudly instead of going unaudited.
"""

from collections.abc import Mapping
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from jiwon.core.actor import Actor


class Recorder(Protocol):
    def __call__(
        self,
        *,
        actor: Actor,
        action: str,
        obj: models.Model,
        changes: Mapping[str, Any] | None = None,
    ) -> object: ...


_recorder: list[Recorder] = []


def register_recorder(recorder: Recorder) -> None:
    _recorder[:] = [recorder]


def record(
    *, actor: Actor, action: str, obj: models.Model, changes: Mapping[str, Any] | None = None
) -> None:
    """Append one audit entry through the registered recorder (inside the caller's
    transaction, like every audit write)."""
    if not _recorder:
        raise ImproperlyConfigured("no audit recorder: is jiwon.audit in INSTALLED_APPS?")
    _recorder[0](actor=actor, action=action, obj=obj, changes=changes)
