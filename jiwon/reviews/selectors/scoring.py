"""Reads for scoring: an evaluator's own assignments, a scorecard with its rubric, and the
progress of a committee."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from jiwon.reviews.models import (
    BLOCKING_STATUSES,
    Assignment,
    Committee,
    Conflict,
    Evaluator,
    ScorecardStatus,
)
from jiwon.reviews.services.scoring import rubric_of


def assignments_of(evaluator: Evaluator):
    """The evaluator's assignments, never one they are conflicted with (the services keep the
    two apart; this filter makes the list safe even if they did not)."""
    blocked = Conflict.objects.filter(
        application_id=OuterRef("application_id"),
        evaluator_id=OuterRef("evaluator_id"),
        status__in=BLOCKING_STATUSES,
    )
    return (
        Assignment.objects.filter(evaluator=evaluator)
        .exclude(Exists(blocked))
        .select_related(
            "committee",
            "committee__program",
            "application",
            "application__company",
            "scorecard",
        )
        .order_by("committee__program__closes_at", "committee__stage", "application_id")
    )


def scorecard_status(assignment: Assignment) -> str:
    scorecard = getattr(assignment, "scorecard", None)
    return scorecard.status if scorecard is not None else ""


@dataclass
class ScoreRow:
    criterion: object
    value: object


def score_rows(assignment: Assignment) -> tuple[object, list[ScoreRow]]:
    """The rubric of the assignment's stage and, per criterion, the stored value (or None)."""
    rubric = rubric_of(assignment.committee.program_id, assignment.committee.stage)
    if rubric is None:
        return None, []
    scorecard = getattr(assignment, "scorecard", None)
    values = {}
    if scorecard is not None:
        values = {s.criterion_id: s.value for s in scorecard.scores.all()}
    return rubric, [ScoreRow(c, values.get(c.pk)) for c in rubric.criteria.order_by("order", "id")]


@dataclass
class Progress:
    evaluator: Evaluator
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0

    @property
    def not_started(self) -> int:
        return self.assigned - self.submitted - self.drafts


def committee_progress(committee: Committee) -> tuple[Progress, list[Progress]]:
    """Scoring progress per evaluator and in total."""
    rows: dict[int, Progress] = {}
    total = Progress(evaluator=None)
    for assignment in committee.assignments.select_related("evaluator", "scorecard"):
        row = rows.setdefault(assignment.evaluator_id, Progress(assignment.evaluator))
        status = scorecard_status(assignment)
        for target in (row, total):
            target.assigned += 1
            target.submitted += status == ScorecardStatus.SUBMITTED
            target.drafts += status == ScorecardStatus.DRAFT
    return total, sorted(rows.values(), key=lambda p: (p.evaluator.name, p.evaluator.pk))


def committee_assignments(committee: Committee):
    return committee.assignments.select_related(
        "application", "application__company", "evaluator", "scorecard"
    ).order_by("application__receipt_sequence", "application_id", "evaluator__name")
