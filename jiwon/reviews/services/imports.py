"""Evaluations recorded after the fact: a call evaluated before Jiwon (or seed data) imported
whole, with its real dates. The rows are built by the caller as unsaved model instances that
refer to each other; these services check what the interactive services would have refused,
save them in dependency order and write one audit entry per batch."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.reviews.models import (
    AggregationConfig,
    Assignment,
    Committee,
    CommitteeMember,
    Conflict,
    ConflictStatus,
    Evaluator,
    EvaluatorRelationship,
    Rubric,
    RubricCriterion,
    Score,
    Scorecard,
    SelectionResult,
    SelectionRun,
)
from jiwon.reviews.services import require_perm


@transaction.atomic
def evaluators_bulk_create(*, actor: Actor, evaluators: Sequence[Evaluator]) -> list[Evaluator]:
    """Add many evaluators (each with its user account) to the pool at once."""
    require_perm(actor, "reviews.manage")
    if not evaluators:
        return []
    for e in evaluators:
        e.full_clean(exclude=["user"], validate_unique=False)
    saved = Evaluator.objects.bulk_create(evaluators)
    audit_record(
        actor=actor,
        action="reviews.evaluators_bulk_create",
        obj=saved[0],
        changes={"evaluators": [None, len(saved)]},
    )
    return saved


@dataclass(frozen=True, kw_only=True)
class EvaluationRecord:
    """A committee's whole evaluation: members, declared relationships and the conflicts
    they raised, assignments, the rubric and the scorecards with their scores."""

    committee: Committee
    members: Sequence[CommitteeMember]
    relationships: Sequence[EvaluatorRelationship]
    conflicts: Sequence[Conflict]
    assignments: Sequence[Assignment]
    rubric: Rubric
    criteria: Sequence[RubricCriterion]
    scorecards: Sequence[Scorecard]
    scores: Sequence[Score]


def _evaluation_problems(record: EvaluationRecord) -> list[str]:
    problems = []
    members = {m.evaluator.pk for m in record.members}
    blocked = {
        (c.application.pk, c.evaluator.pk)
        for c in record.conflicts
        if c.status != ConflictStatus.DISMISSED
    }
    for a in record.assignments:
        if a.evaluator.pk not in members:
            problems.append(f"{a.evaluator}: assigned without being a member")
        if (a.application.pk, a.evaluator.pk) in blocked:
            problems.append(f"{a.application} · {a.evaluator}: assigned despite a conflict")
    maxima = {id(c): c.max_score for c in record.criteria}
    for s in record.scores:
        if not 0 <= s.value <= maxima[id(s.criterion)]:
            problems.append(f"{s.criterion.code}: {s.value} is outside 0–{s.criterion.max_score}")
    return problems


@transaction.atomic
def evaluation_import(*, actor: Actor, record: EvaluationRecord) -> dict[str, int]:
    """Save an evaluation as it happened; returns the number of rows per kind."""
    require_perm(actor, "reviews.manage")
    if problems := _evaluation_problems(record):
        raise ValidationError(problems)
    record.committee.full_clean(exclude=["program"], validate_unique=False)
    record.committee.save()
    EvaluatorRelationship.objects.bulk_create(record.relationships)
    CommitteeMember.objects.bulk_create(record.members)
    Conflict.objects.bulk_create(record.conflicts)
    Assignment.objects.bulk_create(record.assignments, batch_size=1000)
    record.rubric.save()
    RubricCriterion.objects.bulk_create(record.criteria)
    Scorecard.objects.bulk_create(record.scorecards, batch_size=1000)
    Score.objects.bulk_create(record.scores, batch_size=1000)
    counts = {
        "members": len(record.members),
        "relationships": len(record.relationships),
        "conflicts": len(record.conflicts),
        "assignments": len(record.assignments),
        "criteria": len(record.criteria),
        "scorecards": len(record.scorecards),
        "scores": len(record.scores),
    }
    audit_record(
        actor=actor,
        action="reviews.evaluation_import",
        obj=record.committee,
        changes={key: [None, n] for key, n in counts.items()},
    )
    return counts


@transaction.atomic
def selection_import(
    *,
    actor: Actor,
    config: AggregationConfig,
    run: SelectionRun,
    results: Sequence[SelectionResult],
) -> SelectionRun:
    """Save a ranking as it was computed, confirmed and published, with its settings."""
    require_perm(actor, "reviews.manage")
    if run.is_final and len({r.application.pk for r in results}) != len(results):
        raise ValidationError("an application is ranked twice")
    config.save()
    run.save()
    for result in results:
        result.run = run
    SelectionResult.objects.bulk_create(results)
    audit_record(
        actor=actor,
        action="reviews.selection_import",
        obj=run,
        changes={
            "status": [None, run.status],
            "results": [None, len(results)],
            "selected": [None, sum(r.selected for r in results)],
        },
    )
    return run
