"""Reads for scoring: rubrics, an evaluator's own assignments, a scorecard with its rubric,
and the progress of a committee."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from jiwon.reviews.models import (
    BLOCKING_STATUSES,
    Assignment,
    Committee,
    CommitteeStage,
    Conflict,
    Evaluator,
    Rubric,
    RubricCriterion,
    Score,
    ScorecardStatus,
)
from jiwon.reviews.selectors.pool import evaluation_open_for


def plain(number: Decimal) -> str:
    """A Decimal as people write it: 40, 35.5, 27.25 (no exponent, no trailing zeros)."""
    return format(number.normalize(), "f")


def rubric_of(program_id: int, stage: str) -> Rubric | None:
    return Rubric.objects.filter(program_id=program_id, stage=stage).first()


def rubric_in_use(rubric: Rubric) -> bool:
    return Score.objects.filter(criterion__rubric=rubric).exists()


def rubric_initial(rubric: Rubric | None) -> list[dict[str, object]]:
    """The rubric's criteria as the rubric editor's rows."""
    if rubric is None:
        return []
    return [
        {
            "code": c.code,
            "name_ko": c.name_ko,
            "name_en": c.name_en,
            "weight": c.weight,
            "max_score": c.max_score,
        }
        for c in rubric.criteria.order_by("order", "id")
    ]


def assignments_of(evaluator: Evaluator) -> QuerySet[Assignment]:
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


def assignments_listed(evaluator: Evaluator, *, now: datetime | None = None) -> list[Assignment]:
    """`assignments_of`, each with `reading_open`: whether the evaluator still reads its
    application (the rule of `access.evaluator_may_read`: one of their committees for it is
    still running or within its grace, `pool.evaluation_open_for`). An ended one is listed as
    ended, without a way in."""
    assignments = list(assignments_of(evaluator))
    committees = {a.committee_id: a.committee for a in assignments}
    open_committees = {pk for pk, c in committees.items() if evaluation_open_for(c, now=now)}
    readable = {a.application_id for a in assignments if a.committee_id in open_committees}
    for assignment in assignments:
        reading_open = assignment.application_id in readable
        assignment.reading_open = reading_open  # type: ignore[attr-defined]
    return assignments


def scorecard_status(assignment: Assignment) -> str:
    scorecard = getattr(assignment, "scorecard", None)
    return scorecard.status if scorecard is not None else ""


@dataclass
class ScoreRow:
    criterion: RubricCriterion
    value: Decimal | None


def score_rows(assignment: Assignment) -> tuple[Rubric | None, list[ScoreRow]]:
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
    """Scorecards by state, for one evaluator (or, without one, the whole committee)."""

    evaluator: Evaluator | None = None
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0

    @property
    def not_started(self) -> int:
        return self.assigned - self.submitted - self.drafts


def committee_progress(committee: Committee) -> tuple[Progress, list[Progress]]:
    """Scoring progress in total and per evaluator (by name)."""
    rows: dict[int, Progress] = {}
    people: dict[int, Evaluator] = {}
    total = Progress()
    for assignment in committee.assignments.select_related("evaluator", "scorecard"):
        people[assignment.evaluator_id] = assignment.evaluator
        row = rows.setdefault(assignment.evaluator_id, Progress(assignment.evaluator))
        status = scorecard_status(assignment)
        for target in (row, total):
            target.assigned += 1
            target.submitted += status == ScorecardStatus.SUBMITTED
            target.drafts += status == ScorecardStatus.DRAFT
    by_name = sorted(people.values(), key=lambda e: (e.name, e.pk))
    return total, [rows[e.pk] for e in by_name]


@dataclass
class StageRubric:
    stage: str
    label: str
    rubric: Rubric | None
    criteria: list[RubricCriterion]


def programme_rubrics(program_id: int) -> list[StageRubric]:
    """The programme's rubric for each stage (None where staff have not written one)."""
    rows = []
    for value, label in CommitteeStage.choices:
        rubric = rubric_of(program_id, value)
        criteria = list(rubric.criteria.all()) if rubric else []
        rows.append(StageRubric(value, str(label), rubric, criteria))
    return rows
