"""Reads for the evaluator pool, the programmes in evaluation and their committees."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiwon.programs.models import Program
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.models import (
    Committee,
    CommitteeMember,
    CommitteeStatus,
    Evaluator,
    SelectionRun,
)
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


# A committee closed before closing times were recorded ended at a moment nobody knows: long
# enough ago for any grace to have passed.
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def evaluation_ended_at(committee: Committee) -> datetime | None:
    """When the evaluation of `committee` ended, or None while it runs: the earliest of its
    closing, the confirmation of its ranking and the completion of its programme."""
    ends: list[datetime] = []
    if committee.status == CommitteeStatus.CLOSED:
        ends.append(committee.closed_at or LONG_AGO)
    confirmed = SelectionRun.objects.filter(committee=committee, confirmed_at__isnull=False)
    ends.extend(run.confirmed_at for run in confirmed[:1] if run.confirmed_at)
    program = committee.program
    if program.status == ProgramStatus.COMPLETED:
        completed = (
            program.status_history.filter(target=ProgramStatus.COMPLETED)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        ends.append(completed or LONG_AGO)
    return min(ends) if ends else None


def evaluation_open_for(committee: Committee, *, now: datetime | None = None) -> bool:
    """Whether the committee's evaluators still read its applications: while it runs, and for
    JIWON_EVALUATOR_ACCESS_GRACE_DAYS after it ended (time to finish a last look, answer a
    question from staff), then no longer."""
    ended = evaluation_ended_at(committee)
    if ended is None:
        return True
    grace = timedelta(days=settings.JIWON_EVALUATOR_ACCESS_GRACE_DAYS)
    return (now or timezone.now()) <= ended + grace
