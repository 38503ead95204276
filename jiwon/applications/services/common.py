"""What the writes of applications share: the application row locked for a write, the
applicant check, and the user behind an actor for the foreign keys that record who wrote."""

from django.core.exceptions import PermissionDenied

from jiwon.applications.models import Application
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm


def locked(application: Application) -> Application:
    """`application` read again under a row lock, for the rest of the transaction."""
    # of=("self",): the joined programme row stays unlocked, so drafts of different
    # companies never wait on each other; only submission locks the programme.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "company", "form")
        .get(pk=application.pk)
    )


def require_applicant(actor: Actor, application: Application) -> None:
    """Refuse anyone but the applicant company's members (and the system)."""
    if not has_perm(actor, "applications.apply", application):
        raise PermissionDenied("only the applicant company's members may do this")


def user_pk(actor: Actor) -> int | None:
    """The id of the user behind `actor` for a foreign key to the user; None for the system."""
    user = actor_user(actor)
    return user.pk if user is not None else None
