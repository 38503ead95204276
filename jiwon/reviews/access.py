"""Who may read what in evaluation.

An evaluator reads an application (answers and files, through the applications app's pages,
file view and the API) only when they are assigned to it and no blocking conflict (제척, 회피,
기피 upheld) stands between them. `evaluator_may_read` is registered with
jiwon.applications.access in ReviewsConfig.ready(). Anything else does not exist for them:
an unassigned application and a conflicted one both answer 404, so an evaluator cannot tell
which applications exist or which of them they are conflicted with.
"""

from django.http import Http404

from jiwon.core.permissions import has_perm
from jiwon.reviews.models import BLOCKING_STATUSES, Assignment, Conflict, Evaluator


def evaluator_of(user) -> Evaluator | None:
    if not has_perm(user, "reviews.score"):
        return None
    try:
        return user.evaluator
    except Evaluator.DoesNotExist:
        return None


def is_blocked(evaluator_id: int, application_id: int) -> bool:
    return Conflict.objects.filter(
        evaluator_id=evaluator_id, application_id=application_id, status__in=BLOCKING_STATUSES
    ).exists()


def evaluator_may_read(user, application) -> bool:
    evaluator = evaluator_of(user)
    if evaluator is None or not evaluator.active:
        return False
    return Assignment.objects.filter(
        evaluator=evaluator, application=application
    ).exists() and not is_blocked(evaluator.pk, application.pk)


def assignment_for(user, pk) -> Assignment:
    """`user`'s own assignment `pk`, or 404 (someone else's, a conflicted one, or none)."""
    evaluator = evaluator_of(user)
    if evaluator is None or not evaluator.active:
        raise Http404("assignment not found")
    try:
        assignment = Assignment.objects.select_related(
            "committee", "committee__program", "application", "application__company", "evaluator"
        ).get(pk=pk, evaluator=evaluator)
    except (Assignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("assignment not found") from exc
    if is_blocked(evaluator.pk, assignment.application_id):
        raise Http404("assignment not found")
    return assignment
