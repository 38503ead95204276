"""Reads for the evaluator pool, committees and conflicts."""

from django.db.models import Count, Q

from jiwon.reviews.models import (
    Committee,
    CommitteeMember,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evaluator,
)


def evaluator_search(query: str = ""):
    evaluators = Evaluator.objects.select_related("user").order_by("name", "id")
    query = (query or "").strip()
    if query:
        evaluators = evaluators.filter(
            Q(name__icontains=query)
            | Q(affiliation__icontains=query)
            | Q(user__username__icontains=query)
        )
    return evaluators


def evaluator_detail(pk):
    return (
        Evaluator.objects.select_related("user")
        .prefetch_related("relationships__company")
        .get(pk=pk)
    )


def evaluator_conflicts(evaluator: Evaluator):
    return (
        Conflict.objects.filter(evaluator=evaluator)
        .select_related("application", "application__company", "application__program")
        .order_by("-created_at", "-id")
    )


def committees_of(program):
    return (
        Committee.objects.filter(program=program)
        .annotate(member_count=Count("memberships", distinct=True))
        .annotate(assignment_count=Count("assignments", distinct=True))
        .order_by("stage")
    )


def committee_members_with_load(committee: Committee) -> list[CommitteeMember]:
    members = list(
        CommitteeMember.objects.filter(committee=committee)
        .select_related("evaluator")
        .order_by("evaluator__name", "evaluator_id")
    )
    loads = dict(
        committee.assignments.values_list("evaluator_id").annotate(n=Count("id")).order_by()
    )
    for member in members:
        member.load = loads.get(member.evaluator_id, 0)
    return members


def pending_challenges(program_id: int | None = None):
    challenges = Conflict.objects.filter(
        kind=ConflictKind.CHALLENGE, status=ConflictStatus.PENDING
    ).select_related("application", "application__company", "evaluator", "requested_by")
    if program_id is not None:
        challenges = challenges.filter(application__program_id=program_id)
    return challenges.order_by("created_at", "id")


def program_conflicts(program_id: int):
    return (
        Conflict.objects.filter(application__program_id=program_id)
        .select_related("application", "application__company", "evaluator", "decided_by")
        .order_by("application__receipt_sequence", "evaluator__name", "kind")
    )


def challenges_of(application):
    return (
        Conflict.objects.filter(application=application, kind=ConflictKind.CHALLENGE)
        .select_related("evaluator")
        .order_by("created_at", "id")
    )
