"""Who performs a write.

Every service takes `actor: Actor`: the signed-in user who asked for the write, or a
`SystemActor` for the writes nobody signed in makes (the demo loader, scheduled tasks, imports
started by the system). Audit entries and status histories record a user by its id and name,
a system actor by its label. A system actor is the agency acting by itself: it holds every
capability (see `jiwon.core.permissions.has_perm`).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from jiwon.core.models import RoleUser

if TYPE_CHECKING:
    # For the type checker only: foreign keys to AUTH_USER_MODEL are typed as the concrete
    # user model, which lives above core. At run time every user is a RoleUser.
    from jiwon.accounts.models import User as UserModel
else:
    UserModel = RoleUser


@dataclass(frozen=True)
class SystemActor:
    label: str

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ValueError("a system actor needs a label")

    def __str__(self) -> str:
        return self.label


SYSTEM = SystemActor("system")

Actor = RoleUser | SystemActor
# Whom a permission check or a page is about: an actor, or a visitor who has not signed in (who
# holds no capability).
Viewer = Actor | AnonymousUser


def actor_user(actor: Actor) -> "UserModel | None":
    """The user behind `actor`, or None for a system actor (for foreign keys to the user)."""
    return actor if isinstance(actor, UserModel) else None


def actor_label(actor: Actor) -> str:
    """The name an audit entry or a history row shows for `actor`."""
    if isinstance(actor, SystemActor):
        return actor.label
    return actor.get_username()
