"""Getting an audit entry for a view. The log is no secret to the people who may read it and
is closed to everyone else: the capability is checked before the id, so nobody without it
learns which entries exist."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from jiwon.audit.models import AuditEntry
from jiwon.core.actor import Viewer
from jiwon.core.permissions import has_perm


def audit_entry_for(user: Viewer, pk: int) -> AuditEntry:
    """Entry `pk` for `user`: PermissionDenied without the audit.view capability, Http404 for
    an id no entry has."""
    if not has_perm(user, "audit.view"):
        raise PermissionDenied("audit.view")
    return get_object_or_404(AuditEntry, pk=pk)
