"""Rubrics and scorecards: one stored row per criterion score.

A value above the criterion's maximum cannot be expressed as a table constraint (the maximum
lives on another row), so the scoring service refuses it; the constraints here keep what a
row alone can guarantee (no negative values, one row per criterion, a submitted card has its
comment and time).
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiwon.core.i18n import in_language
from jiwon.programs.models import Program
from jiwon.reviews.models.pool import Assignment, CommitteeStage


class Rubric(models.Model):
    """The criteria a programme's evaluators score in one stage."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="rubrics", verbose_name=_("programme")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=CommitteeStage.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["program", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["program", "stage"], name="rubric_one_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.get_stage_display()}"


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal(1))
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="rubric_criterion_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="rubric_criterion_weight_gt_0"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="rubric_criterion_max_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_ko}"

    @property
    def name(self) -> str:
        """The name in the page's language (jiwon.core.i18n)."""
        return in_language(self.name_ko, self.name_en)


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Scorecard(models.Model):
    """One evaluator's scores for one assigned application. Read-only once submitted."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="scorecard"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["assignment"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ScorecardStatus.DRAFT, submitted_at__isnull=True)
                | (
                    Q(status=ScorecardStatus.SUBMITTED, submitted_at__isnull=False) & ~Q(comment="")
                ),
                name="scorecard_submitted_has_comment_and_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_status_display()})"


class Score(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["scorecard", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="score_one_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value}"
