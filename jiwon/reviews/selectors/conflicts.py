"""Reads for conflicts of interest: which pairs are blocked, whom an applicant may challenge,
and the conflicts staff see per programme, evaluator and application."""

from collections.abc import Iterable

from django.db.models import QuerySet

from jiwon.applications.models import Application
from jiwon.applications.workflow import ApplicationStatus
from jiwon.reviews.models import (
    BLOCKING_STATUSES,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evaluator,
)

S = ApplicationStatus
# Applications an evaluator may still be asked to read: submitted and not yet decided.
REVIEWABLE_STATUSES = (
    S.SUBMITTED,
    S.SCREENING,
    S.SUPPLEMENT_REQUESTED,
    S.SCREENED_PASS,
    S.UNDER_EVALUATION,
)


def is_blocked(evaluator_id: int, application_id: int) -> bool:
    return Conflict.objects.filter(
        evaluator_id=evaluator_id, application_id=application_id, status__in=BLOCKING_STATUSES
    ).exists()


def blocked_pairs(
    application_ids: Iterable[int], evaluator_ids: Iterable[int]
) -> set[tuple[int, int]]:
    """The (application, evaluator) pairs among these that a conflict blocks."""
    return set(
        Conflict.objects.filter(
            application_id__in=list(application_ids),
            evaluator_id__in=list(evaluator_ids),
            status__in=BLOCKING_STATUSES,
        ).values_list("application_id", "evaluator_id")
    )


def challengeable_evaluators(application: Application) -> QuerySet[Evaluator]:
    """Whom the applicant may challenge: the members of the programme's committees (names and
    affiliations only; who is assigned to whom is never shown)."""
    return (
        Evaluator.objects.filter(committees__program_id=application.program_id)
        .distinct()
        .order_by("name", "id")
    )


def challenges_of(application: Application) -> QuerySet[Conflict]:
    return (
        Conflict.objects.filter(application=application, kind=ConflictKind.CHALLENGE)
        .select_related("evaluator")
        .order_by("created_at", "id")
    )


def pending_challenges(program_id: int | None = None) -> QuerySet[Conflict]:
    challenges = Conflict.objects.filter(
        kind=ConflictKind.CHALLENGE, status=ConflictStatus.PENDING
    ).select_related("application", "application__company", "evaluator", "requested_by")
    if program_id is not None:
        challenges = challenges.filter(application__program_id=program_id)
    return challenges.order_by("created_at", "id")


def program_conflicts(program_id: int) -> QuerySet[Conflict]:
    return (
        Conflict.objects.filter(application__program_id=program_id)
        .select_related("application", "application__company", "evaluator", "decided_by")
        .order_by("application__receipt_sequence", "evaluator__name", "kind")
    )


def evaluator_conflicts(evaluator: Evaluator) -> QuerySet[Conflict]:
    return (
        Conflict.objects.filter(evaluator=evaluator)
        .select_related("application", "application__company", "application__program")
        .order_by("-created_at", "-id")
    )
