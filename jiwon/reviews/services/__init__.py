"""Writes of the evaluation, one module per topic (pool, conflicts, assignment, scoring,
selection, appeals): keyword-only, typed, atomic and audited; each takes the `actor` who asks
and refuses one without the capability."""

from django.core.exceptions import PermissionDenied

from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm


def require_perm(actor: Actor, capability: str) -> None:
    if not has_perm(actor, capability):
        raise PermissionDenied(f"{capability} required")
