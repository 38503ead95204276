"""Rubrics (criteria with weight and maximum) and evaluators' scorecards.

A scorecard holds one Score row per criterion. Saving a draft accepts blanks; submitting needs
every criterion scored and a comment, and makes the card read-only. Values are Decimals with
at most two decimal places, from 0 up to the criterion's maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.programs.models import Program
from jiwon.reviews.models import (
    Assignment,
    CommitteeStage,
    CommitteeStatus,
    Rubric,
    RubricCriterion,
    Score,
    Scorecard,
    ScorecardStatus,
)
from jiwon.reviews.selectors.conflicts import is_blocked
from jiwon.reviews.selectors.scoring import plain, rubric_in_use, rubric_of
from jiwon.reviews.services import account_of, require_closed, require_perm

TWO_PLACES = Decimal("0.01")
MAX_VALUE = Decimal("9999.99")

# An evaluator's comment to the applicant: a few paragraphs, never a document.
COMMENT_MAX_LENGTH = 5000


@dataclass
class CriterionInput:
    code: str
    name_ko: str
    max_score: Decimal
    weight: Decimal = Decimal(1)
    name_en: str = ""


def _decimal(value: object, *, positive: bool) -> Decimal | None:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.quantize(TWO_PLACES) or number > MAX_VALUE:
        return None
    if number < 0 or (positive and number == 0):
        return None
    return number


def _clean_criteria(criteria: list[CriterionInput]) -> list[dict[str, object]]:
    errors = []
    cleaned: list[dict[str, object]] = []
    codes = set()
    if not criteria:
        errors.append(_("Add at least one criterion."))
    for number, item in enumerate(criteria, start=1):
        code = item.code.strip().lower()
        label = {"number": number, "code": code or "—"}
        if not code or not code.replace("_", "").replace("-", "").isalnum() or not code.isascii():
            errors.append(
                _("Criterion %(number)s: the code uses letters, digits, - and _ only.") % label
            )
        elif code in codes:
            errors.append(_("Criterion %(number)s: the code “%(code)s” is used twice.") % label)
        codes.add(code)
        if not item.name_ko.strip():
            errors.append(_("Criterion %(number)s: enter its Korean name.") % label)
        weight = _decimal(item.weight, positive=True)
        maximum = _decimal(item.max_score, positive=True)
        if weight is None:
            errors.append(
                _("Criterion %(number)s: the weight is a number above 0 with at most 2 decimals.")
                % label
            )
        if maximum is None:
            errors.append(
                _("Criterion %(number)s: the maximum is a number above 0 with at most 2 decimals.")
                % label
            )
        cleaned.append(
            {
                "code": code,
                "name_ko": item.name_ko.strip(),
                "name_en": item.name_en.strip(),
                "weight": weight,
                "max_score": maximum,
                "order": number,
            }
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _criteria_snapshot(rubric: Rubric) -> list[list[str]]:
    return [
        [c.code, c.name_ko, plain(c.weight), plain(c.max_score)]
        for c in rubric.criteria.order_by("order", "id")
    ]


@transaction.atomic
def rubric_save(
    *, actor: Actor, program: Program, stage: str, criteria: list[CriterionInput]
) -> Rubric:
    """Create or replace the rubric of `program` for `stage`. Refused once anyone has scored
    against it: changing a maximum or weight then would change totals already given."""
    require_perm(actor, "reviews.manage")
    if stage not in CommitteeStage.values:
        raise ValidationError(_("Choose a stage."))
    cleaned = _clean_criteria(criteria)
    rubric, _created = Rubric.objects.select_for_update().get_or_create(
        program=program, stage=stage
    )
    if rubric_in_use(rubric):
        raise ValidationError(
            _("Evaluators have already scored with this rubric; it can no longer change.")
        )
    before = _criteria_snapshot(rubric)
    rubric.criteria.all().delete()
    RubricCriterion.objects.bulk_create(RubricCriterion(rubric=rubric, **c) for c in cleaned)
    after = _criteria_snapshot(rubric)
    if before != after:
        audit_record(
            actor=actor,
            action="reviews.rubric_save",
            obj=rubric,
            changes={"criteria": [before, after]},
        )
    return rubric


@dataclass(frozen=True)
class ScoreInput:
    """Raw values as typed, keyed by criterion code ("" or None: not scored yet)."""

    values: dict[str, str | Decimal | None]
    comment: str = ""


def _scorable(actor: Actor, assignment: Assignment) -> Rubric:
    user = account_of(actor)
    if user is None or assignment.evaluator.user_id != user.pk:
        raise ValidationError(_("Only the assigned evaluator can score this application."))
    if is_blocked(assignment.evaluator_id, assignment.application_id):
        raise ValidationError(_("You have a conflict of interest with this application."))
    if assignment.committee.status == CommitteeStatus.CLOSED:
        raise ValidationError(_("This committee is closed; scores can no longer change."))
    require_closed(assignment.committee.program)
    rubric = rubric_of(assignment.committee.program_id, assignment.committee.stage)
    if rubric is None or not rubric.criteria.exists():
        raise ValidationError(_("The rubric for this stage is not ready yet."))
    return rubric


def _clean_scores(
    criteria: list[RubricCriterion], data: ScoreInput, submit: bool
) -> dict[RubricCriterion, Decimal]:
    errors: dict[str, list[str]] = {}
    values: dict[RubricCriterion, Decimal] = {}
    known = {c.code for c in criteria}
    for code in data.values:
        if code not in known:
            errors.setdefault("__all__", []).append(
                _("“%(code)s” is not a criterion of this rubric.") % {"code": code}
            )
    for criterion in criteria:
        raw = data.values.get(criterion.code)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if submit:
                errors.setdefault(criterion.code, []).append(_("Score this criterion."))
            continue
        value = _decimal(raw, positive=False)
        if value is None or value > criterion.max_score:
            errors.setdefault(criterion.code, []).append(
                _("Enter a score from 0 to %(max)s, with at most 2 decimals.")
                % {"max": plain(criterion.max_score)}
            )
            continue
        values[criterion] = value
    if submit and not data.comment.strip():
        errors.setdefault("comment", []).append(_("Write a comment before you submit."))
    # Drafts too: a draft is stored (and audited) like a submission.
    if len(data.comment.strip()) > COMMENT_MAX_LENGTH:
        errors.setdefault("comment", []).append(
            _("Shorten this to at most %(max)d characters (now %(n)d).")
            % {"max": COMMENT_MAX_LENGTH, "n": len(data.comment.strip())}
        )
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def scorecard_save(
    *, actor: Actor, assignment: Assignment, data: ScoreInput, submit: bool = False
) -> Scorecard:
    """Save the evaluator's scores as a draft, or submit them (every criterion and a comment
    required; read-only afterwards)."""
    require_perm(actor, "reviews.score")
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("committee", "committee__program", "evaluator")
        .get(pk=assignment.pk)
    )
    rubric = _scorable(actor, assignment)
    scorecard, _created = Scorecard.objects.get_or_create(assignment=assignment)
    if scorecard.status == ScorecardStatus.SUBMITTED:
        raise ValidationError(_("These scores were submitted and can no longer change."))
    criteria = list(rubric.criteria.order_by("order", "id"))
    values = _clean_scores(criteria, data, submit)
    before = {s.criterion.code: str(s.value) for s in scorecard.scores.select_related("criterion")}
    scorecard.scores.exclude(criterion__in=list(values)).delete()
    for criterion, value in values.items():
        Score.objects.update_or_create(
            scorecard=scorecard, criterion=criterion, defaults={"value": value}
        )
    after = {c.code: str(v) for c, v in values.items()}
    old_comment = scorecard.comment
    scorecard.comment = data.comment.strip()
    if submit:
        scorecard.status = ScorecardStatus.SUBMITTED
        scorecard.submitted_at = timezone.now()
    scorecard.save()
    changes: dict[str, list[object]] = {}
    if before != after:
        changes["scores"] = [before, after]
    if old_comment != scorecard.comment:
        changes["comment"] = [old_comment, scorecard.comment]
    if submit:
        changes["status"] = [ScorecardStatus.DRAFT, ScorecardStatus.SUBMITTED]
    if changes:
        audit_record(actor=actor, action="reviews.scorecard_save", obj=scorecard, changes=changes)
    return scorecard
