"""Models of the reviews app, one module per concern; import them from here."""

from jiwon.reviews.models.pool import (
    BLOCKING_STATUSES,
    AssignedBy,
    Assignment,
    Committee,
    CommitteeMember,
    CommitteeStage,
    CommitteeStatus,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evaluator,
    EvaluatorRelationship,
    RelationshipKind,
)
from jiwon.reviews.models.scoring import (
    Rubric,
    RubricCriterion,
    Score,
    Scorecard,
    ScorecardStatus,
)
from jiwon.reviews.models.selection import *  # noqa: F403

__all__ = [
    "BLOCKING_STATUSES",
    "AssignedBy",
    "Assignment",
    "Committee",
    "CommitteeMember",
    "CommitteeStage",
    "CommitteeStatus",
    "Conflict",
    "ConflictKind",
    "ConflictStatus",
    "Evaluator",
    "EvaluatorRelationship",
    "RelationshipKind",
    "Rubric",
    "RubricCriterion",
    "Score",
    "Scorecard",
    "ScorecardStatus",
]
