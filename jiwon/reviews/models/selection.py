"""Selection: how a programme aggregates scores, the ranking computed from a committee's
scorecards, its confirmation and publication, and applicants' appeals (이의신청).

The arithmetic is jiwon/reviews/engine/aggregation.py; these rows hold its settings per
programme and its outcome per application, so a published result never changes under the
applicant's eyes (a new computation is refused once a ranking is confirmed).
"""

import decimal
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiwon.applications.models import Application
from jiwon.core.support import SupportKind
from jiwon.core.workflow import StatusChange, Transition, Workflow, WorkflowFamily, WorkflowModel
from jiwon.programs.models import Program
from jiwon.reviews.engine import aggregation as engine
from jiwon.reviews.models.pool import Committee

__all__ = [
    "APPEAL_WORKFLOWS",
    "Appeal",
    "AppealStatus",
    "AppealStatusChange",
    "AggregationConfig",
    "ApplicationAdjustment",
    "MinimumOn",
    "Rounding",
    "RunStatus",
    "SelectionResult",
    "SelectionRun",
    "TrackSource",
]

MAX_BONUS = Decimal(5)


class MinimumOn(models.TextChoices):
    BASE = "base", _("Before the bonus")
    FINAL = "final", _("After the bonus")


class Rounding(models.TextChoices):
    HALF_UP = decimal.ROUND_HALF_UP, _("Round half up (반올림)")
    HALF_EVEN = decimal.ROUND_HALF_EVEN, _("Round half to even")
    DOWN = decimal.ROUND_DOWN, _("Round down (버림)")
    UP = decimal.ROUND_UP, _("Round up (올림)")


class TrackSource(models.TextChoices):
    NONE = "", _("No tracks")
    REGION = "region", _("The company's region (district code)")
    ANSWER = "answer", _("An answer of the application form")


class AggregationConfig(models.Model):
    """A programme's aggregation rules (README "Aggregation"). The number of evaluators
    needed to drop the highest and lowest total is the committee's `min_for_trimmed`, since a
    presentation committee is usually smaller than a document one; the overall quota is the
    programme's `quota` (0: no limit)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="aggregation_config"
    )
    bonus_cap = models.DecimalField(
        _("largest bonus (가점)"),
        max_digits=4,
        decimal_places=2,
        default=MAX_BONUS,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_BONUS)],
    )
    qualifying_minimum = models.DecimalField(
        _("qualifying minimum (과락)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("An applicant below it is not ranked. Leave empty for none."),
    )
    minimum_on = models.CharField(
        _("the minimum applies"), max_length=8, choices=MinimumOn.choices, default=MinimumOn.BASE
    )
    places = models.PositiveSmallIntegerField(
        _("decimal places"), default=2, validators=[MaxValueValidator(4)]
    )
    rounding = models.CharField(
        _("rounding"), max_length=20, choices=Rounding.choices, default=Rounding.HALF_UP
    )
    # ["criterion:<code>", "bonus", "submitted_at"] in the order the notice states them.
    tie_breaks = models.JSONField(_("tie-breaks"), default=list, blank=True)
    track_source = models.CharField(
        _("tracks come from"), max_length=8, choices=TrackSource.choices, blank=True
    )
    track_answer_key = models.CharField(_("form field with the track"), max_length=60, blank=True)
    # [{"code": "youth", "label": "청년", "quota": 60}, ...]
    tracks = models.JSONField(_("tracks and quotas"), default=list, blank=True)
    # A first stage passes this many to the next one (None: everyone who qualifies).
    shortlist_size = models.PositiveIntegerField(
        _("passed on to the next stage"), null=True, blank=True
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Counted in calendar days after the day of publication (KST)."),
    )
    grant_per_company_won = models.BigIntegerField(
        _("grant per selected company (won)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Recorded in the support ledger on publication. Empty: no amount."),
    )
    support_kind = models.CharField(
        _("kind of support"), max_length=32, choices=SupportKind.choices, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aggregation settings")
        verbose_name_plural = _("aggregation settings")

    def __str__(self) -> str:
        return f"{self.program} · {_('aggregation')}"


class ApplicationAdjustment(models.Model):
    """What staff enter per application before ranking: the bonus (가점) with its reason and,
    when the track cannot be read from the application, the track."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="selection_adjustment"
    )
    bonus = models.DecimalField(
        _("bonus (가점)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_BONUS)],
    )
    bonus_reason = models.CharField(_("reason for the bonus"), max_length=300, blank=True)
    track = models.CharField(
        _("track"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty to take the track from the application."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bonus and track")
        verbose_name_plural = _("bonuses and tracks")
        constraints = [
            models.CheckConstraint(
                condition=Q(bonus__gte=0) & Q(bonus__lte=MAX_BONUS),
                name="adjustment_bonus_in_range",
            ),
            models.CheckConstraint(
                condition=Q(bonus=0) | ~Q(bonus_reason=""), name="adjustment_bonus_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: +{self.bonus}"


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    PUBLISHED = "published", _("Published")


class SelectionRun(models.Model):
    """The ranking of one committee. Recomputing replaces a draft; a confirmed ranking is
    final and publication shows it to the applicants."""

    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="selection_runs",
        verbose_name=_("programme"),
    )
    committee = models.OneToOneField(
        Committee,
        on_delete=models.PROTECT,
        related_name="selection_run",
        verbose_name=_("committee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    # A final run decides selection; an earlier stage's run passes applicants on.
    is_final = models.BooleanField(_("final stage"), default=True)
    config = models.JSONField(_("rules used"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["program", "-computed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=RunStatus.DRAFT)
                | Q(confirmed_at__isnull=False, status=RunStatus.CONFIRMED)
                | Q(
                    confirmed_at__isnull=False,
                    published_at__isnull=False,
                    status=RunStatus.PUBLISHED,
                ),
                name="selection_run_dates_fit_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} ({self.get_status_display()})"


class SelectionResult(models.Model):
    """One application's outcome in a ranking. `sheets` lists the evaluators' totals in the
    pseudonymous order shown to the applicant (평가위원 1, 2, ...), with their comments."""

    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="selection_results"
    )
    track = models.CharField(_("track"), max_length=40, blank=True)
    base = models.DecimalField(
        _("score before bonus"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    bonus = models.DecimalField(_("bonus"), max_digits=7, decimal_places=4, default=Decimal(0))
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=4, null=True, blank=True)
    qualified = models.BooleanField(_("qualified"), default=False)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    selected = models.BooleanField(_("selected"), default=False)
    reason = models.CharField(_("reason"), max_length=30)
    reason_params = models.JSONField(default=dict, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=60, blank=True)
    decided_by_params = models.JSONField(default=dict, blank=True)
    criterion_means = models.JSONField(_("criterion means"), default=dict, blank=True)
    sheets = models.JSONField(_("evaluators' totals"), default=list, blank=True)
    # Staff's decision on a tie at the quota cutoff (reason "tie_at_cutoff").
    staff_decision = models.TextField(_("staff decision"), blank=True)
    reevaluation_requested = models.BooleanField(_("re-evaluation requested"), default=False)

    class Meta:
        verbose_name = _("selection result")
        verbose_name_plural = _("selection results")
        ordering = ["run", "rank", "-total", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="selection_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.total} #{self.rank}"

    @property
    def reason_text(self) -> str:
        return str(engine.REASONS[self.reason]) % self.reason_params

    @property
    def decided_by_text(self) -> str:
        if not self.decided_by:
            return ""
        kind = (
            "criterion" if self.decided_by.startswith(engine.CRITERION_PREFIX) else self.decided_by
        )
        return str(engine.DECIDED_BY[kind]) % self.decided_by_params

    @property
    def awaits_staff(self) -> bool:
        return self.reason == "tie_at_cutoff" and not self.staff_decision


# Appeals --------------------------------------------------------------------------------------


class AppealStatus:
    LODGED = "lodged"
    UNDER_REVIEW = "under_review"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


_STAFF = "reviews.manage"
_A = AppealStatus

# Keep old versions here: an appeal follows the version it was lodged under.
APPEAL_WORKFLOWS = WorkflowFamily(
    Workflow(
        name="appeal",
        version=1,
        initial=_A.LODGED,
        states={
            _A.LODGED: _("Lodged"),
            _A.UNDER_REVIEW: _("Under review"),
            _A.UPHELD: _("Upheld"),
            _A.DISMISSED: _("Dismissed"),
        },
        transitions=(
            Transition(_A.LODGED, _A.UNDER_REVIEW, _STAFF, _("Start the review")),
            Transition(_A.LODGED, _A.UPHELD, _STAFF, _("Uphold"), comment_required=True),
            Transition(_A.LODGED, _A.DISMISSED, _STAFF, _("Dismiss"), comment_required=True),
            Transition(_A.UNDER_REVIEW, _A.UPHELD, _STAFF, _("Uphold"), comment_required=True),
            Transition(_A.UNDER_REVIEW, _A.DISMISSED, _STAFF, _("Dismiss"), comment_required=True),
        ),
        terminal=frozenset({_A.UPHELD, _A.DISMISSED}),
    )
)
APPEAL_DECIDED = (_A.UPHELD, _A.DISMISSED)


class Appeal(WorkflowModel):
    """An applicant's appeal (이의신청) against a published result; one per result."""

    result = models.OneToOneField(SelectionResult, on_delete=models.PROTECT, related_name="appeal")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    text = models.TextField(_("grounds of the appeal"))
    workflows = APPEAL_WORKFLOWS
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=APPEAL_WORKFLOWS.state_choices(),
        default=APPEAL_WORKFLOWS.current.initial,
    )
    workflow_version = APPEAL_WORKFLOWS.version_field()
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lodged_at = models.DateTimeField(_("lodged at"))
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-lodged_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=APPEAL_DECIDED)
                | (Q(decided_at__isnull=False) & ~Q(decision="")),
                name="appeal_decided_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_status_display()}"


class AppealStatusChange(StatusChange):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="status_history")

    class Meta(StatusChange.Meta):
        verbose_name = _("appeal status change")
        verbose_name_plural = _("appeal status changes")

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.source or '-'} → {self.target}"
