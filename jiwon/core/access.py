"""Object-level access to core's own objects: the one way a view fetches one by id."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.core.imports.registry import import_kind
from jiwon.core.models import ImportRun, RoleUser
from jiwon.core.permissions import has_perm


def import_run_for(user: RoleUser | AnonymousUser, pk: int | str) -> ImportRun:
    """Import run `pk`, for the person who uploaded it only (anyone else: 404, the run does
    not exist for them; it names a file and its rows' errors), while they still hold the
    import's capability (403 otherwise)."""
    try:
        run = ImportRun.objects.get(pk=pk)
    except (ImportRun.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("import not found") from exc
    if not user.is_authenticated or run.requested_by_id != user.pk:
        raise Http404("import not found")
    try:
        capability = import_kind(run.kind).capability
    except KeyError as exc:
        raise Http404("import not found") from exc
    if not has_perm(user, capability):
        raise PermissionDenied("may no longer import")
    return run
