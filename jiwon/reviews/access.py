"""Who may reach what in evaluation: the one way every view and API endpoint of reviews gets
an object from an id in its URL (`<noun>_for(user, pk, ...)`).

- Staff objects (the pool, committees, conflicts to decide, rankings, appeals to decide) are
  for reviews.manage. Anyone else is refused with 403 before the id is looked up, as their
  pages refuse them, so the answer never tells whether the id exists; for staff an unknown id
  is 404.
- An evaluator reaches only their own assignments, and reads an application (answers and
  files, through the applications app's pages, file view and the API) only when assigned to
  it, active, and no blocking conflict (제척, 회피, 기피 upheld) stands between them. Anything
  else does not exist for them: an unassigned application, someone else's assignment and a
  conflicted one all answer 404, so an evaluator cannot tell which applications exist or which
  of them they are conflicted with. Reading ends with the evaluation: JIWON_EVALUATOR_ACCESS_
  GRACE_DAYS after the committee closed, its ranking was confirmed or the programme completed
  (`selectors.pool.evaluation_open_for`). `evaluator_may_read` is registered with
  jiwon.applications.access in ReviewsConfig.ready().
- An applicant reaches the results of their own company's applications once they are
  published, and appeals against them; before publication, and for anyone else's, a result
  does not exist (404).

The object rules registered in ReviewsConfig.ready() say the same to `has_perm`: reviews.score
on an assignment is its own evaluator's, reviews.appeal on a result the applicant company's.
"""

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from jiwon.applications.access import is_applicant
from jiwon.applications.models import Application
from jiwon.core.permissions import has_perm
from jiwon.reviews.models import (
    Appeal,
    Assignment,
    Committee,
    CommitteeMember,
    Conflict,
    Evaluator,
    EvaluatorRelationship,
    RunStatus,
    SelectionResult,
    SelectionRun,
)
from jiwon.reviews.selectors.conflicts import is_blocked
from jiwon.reviews.selectors.pool import evaluation_open_for

ASSIGNMENT_ACTIONS = ("score", "manage")
RESULT_ACTIONS = ("appeal", "decide")


def evaluator_of(user) -> Evaluator | None:
    """The pool profile of a user who scores, or None."""
    if not has_perm(user, "reviews.score"):
        return None
    try:
        return user.evaluator
    except Evaluator.DoesNotExist:
        return None


def is_own_assignment(user, assignment: Assignment) -> bool:
    """`assignment` is the user's, they are active in the pool, and no conflict blocks it."""
    evaluator = evaluator_of(user)
    return (
        evaluator is not None
        and evaluator.active
        and assignment.evaluator_id == evaluator.pk
        and not is_blocked(evaluator.pk, assignment.application_id)
    )


def evaluator_may_read(user, application: Application) -> bool:
    evaluator = evaluator_of(user)
    if evaluator is None or not evaluator.active:
        return False
    committees = Committee.objects.filter(
        assignments__evaluator=evaluator, assignments__application=application
    ).select_related("program")
    return any(evaluation_open_for(c) for c in committees.distinct()) and not is_blocked(
        evaluator.pk, application.pk
    )


def is_result_applicant(user, result: SelectionResult) -> bool:
    return is_applicant(user, result.application)


M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], pk) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"{queryset.model._meta.model_name} not found") from exc


def _staff_only(user) -> None:
    if not has_perm(user, "reviews.manage"):
        raise PermissionDenied("reviews.manage required")


def evaluator_for(user, pk) -> Evaluator:
    """An evaluator of the pool, with their relationships (staff)."""
    _staff_only(user)
    return _get(
        Evaluator.objects.select_related("user").prefetch_related("relationships__company"), pk
    )


def relationship_for(user, pk) -> EvaluatorRelationship:
    """A relationship an evaluator declared (staff)."""
    _staff_only(user)
    return _get(EvaluatorRelationship.objects.select_related("evaluator"), pk)


def committee_for(user, pk) -> Committee:
    """A committee with its programme (staff)."""
    _staff_only(user)
    return _get(Committee.objects.select_related("program", "program__agency"), pk)


def member_for(user, pk) -> CommitteeMember:
    """A committee's member (staff)."""
    _staff_only(user)
    return _get(CommitteeMember.objects.select_related("committee", "evaluator"), pk)


def conflict_for(user, pk) -> Conflict:
    """A conflict of interest, to decide when it is a challenge (staff)."""
    _staff_only(user)
    return _get(Conflict.objects.select_related("application", "evaluator"), pk)


def assignment_for(user, pk, *, action: str = "score") -> Assignment:
    """Assignment `pk`: with "score", only the user's own and unblocked (anything else is
    404); with "manage", any (staff)."""
    if action not in ASSIGNMENT_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if action == "manage":
        _staff_only(user)
        return _get(Assignment.objects.select_related("committee", "evaluator"), pk)
    assignment = _get(
        Assignment.objects.select_related(
            "committee", "committee__program", "application", "application__company", "evaluator"
        ),
        pk,
    )
    if not has_perm(user, "reviews.score", assignment):
        raise Http404("assignment not found")
    return assignment


def run_for(user, pk) -> SelectionRun:
    """A committee's ranking, to confirm or publish (staff)."""
    _staff_only(user)
    return _get(SelectionRun.objects.select_related("program", "committee"), pk)


def result_for(user, pk, *, action: str) -> SelectionResult:
    """One application's result in a ranking.

    - "appeal": the applicant company's members, once the ranking is published; anyone else,
      and anyone before publication, gets 404, except staff, who know the result but do not
      appeal (403).
    - "decide" (staff's decision on a tie at the cutoff): staff.
    """
    if action not in RESULT_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if action == "decide":
        _staff_only(user)
    result = _get(
        SelectionResult.objects.select_related(
            "run", "run__program", "run__committee", "application", "application__company"
        ),
        pk,
    )
    if action == "decide":
        return result
    if has_perm(user, "reviews.manage"):
        raise PermissionDenied("staff do not appeal")
    if result.run.status != RunStatus.PUBLISHED or not has_perm(user, "reviews.appeal", result):
        raise Http404("result not found")
    return result


def appeal_for(user, pk) -> Appeal:
    """An appeal with its result and status history, to review and decide (staff)."""
    _staff_only(user)
    return _get(
        Appeal.objects.select_related(
            "application",
            "application__company",
            "application__program",
            "result",
            "result__run",
            "result__run__committee",
            "decided_by",
            "lodged_by",
        ).prefetch_related("status_history__actor"),
        pk,
    )
