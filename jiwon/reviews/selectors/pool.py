"""Reads for the evaluator pool, the programmes in evaluation and their committees."""

from django.db.models import Count, Q, QuerySet

from jiwon.programs.models import Program
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.models import Committee, CommitteeMember, Evaluator
from jiwon.reviews.selectors.assignment import STAGE_STATUSES


def evaluator_search(query: str = "") -> QuerySet[Evaluator]:
    evaluators = Evaluator.objects.select_related("user").order_by("name", "id")
    query = (query or "").strip()
    if query:
        evaluators = evaluators.filter(
            Q(name__icontains=query)
            | Q(affiliation__icontains=query)
            | Q(user__username__icontains=query)
        )
    return evaluators


def programmes_for_review() -> QuerySet[Program]:
    """Every programme past its draft, newest call first, with how many committees it has and
    how many applications are in the evaluation stage."""
    return (
        Program.objects.exclude(status=ProgramStatus.DRAFT)
        .annotate(
            committee_count=Count("committees", distinct=True),
            in_stage=Count(
                "applications",
                filter=Q(applications__status__in=STAGE_STATUSES),
                distinct=True,
            ),
        )
        .order_by("-closes_at", "-id")
    )


def committees_of(program: Program) -> QuerySet[Committee]:
    return (
        Committee.objects.filter(program=program)
        .annotate(member_count=Count("memberships", distinct=True))
        .annotate(assignment_count=Count("assignments", distinct=True))
        .order_by("stage")
    )


def committee_members_with_load(committee: Committee) -> QuerySet[CommitteeMember]:
    """The committee's members, each with `load`: how many of its applications they have."""
    return (
        CommitteeMember.objects.filter(committee=committee)
        .select_related("evaluator")
        .annotate(
            load=Count(
                "evaluator__assignments",
                filter=Q(evaluator__assignments__committee=committee),
            )
        )
        .order_by("evaluator__name", "evaluator_id")
    )
