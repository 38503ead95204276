"""Writes of the evaluation, one module per topic (pool, conflicts, assignment, scoring,
selection, appeals): keyword-only, typed, atomic and audited; each takes the `actor` who asks
and refuses one without the capability."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.accounts.models import User
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.programs.models import Program
from jiwon.programs.selectors.programs import evaluation_problem


def require_perm(actor: Actor, capability: str) -> None:
    if not has_perm(actor, capability):
        raise PermissionDenied(f"{capability} required")


def require_closed(program: Program, now: datetime | None = None) -> None:
    """Refuse evaluation work (assigning, scoring, ranking, publishing) on a call still open
    to applicants, unless it is a rolling call."""
    problem = evaluation_problem(program, now)
    if problem:
        raise ValidationError(problem)


def account_of(actor: Actor) -> User | None:
    """`actor_user(actor)` as the model the foreign keys to the user name (AUTH_USER_MODEL,
    accounts.User, whose base core's actor knows): None for a system actor."""
    user = actor_user(actor)
    if user is None or isinstance(user, User):
        return user
    raise TypeError(f"{user!r} is not an account of AUTH_USER_MODEL")
