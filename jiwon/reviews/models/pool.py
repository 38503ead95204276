"""The evaluator pool, conflicts of interest, committees and their assignments.

A conflict blocks the (application, evaluator) pair when it is an exclusion (제척, detected
automatically), a recusal (회피, declared by the evaluator) or an upheld challenge (기피, asked
for by the applicant and upheld by staff). A blocked pair is never assigned and the evaluator
can never read the application (see jiwon/reviews/access.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiwon.applications.models import Application
from jiwon.companies.models import Company
from jiwon.programs.models import Program


class Evaluator(models.Model):
    """An external expert in the pool. Signs in with their own account (role evaluator)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluator",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    region_code = models.CharField(_("region code"), max_length=5, blank=True)
    # KSIC codes at any level (section letter to 5-digit subclass), as in engine/fit.py.
    expertise_ksic = models.JSONField(_("fields (KSIC codes)"), default=list, blank=True)
    expertise_keywords = models.JSONField(_("keywords"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=10,
        help_text=_("How many applications this evaluator takes per committee."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class RelationshipKind(models.TextChoices):
    FORMER_EMPLOYER = "former_employer", _("Former employer")
    ADVISORY = "advisory", _("Advisory work")
    RELATIVE = "relative", _("Relative's company")
    OWN_COMPANY = "own_company", _("Own company")
    OTHER = "other", _("Other")


class EvaluatorRelationship(models.Model):
    """A tie the evaluator declared to a company in the registry or to an organisation by
    name. Every kind but `other` excludes the evaluator (제척) from that company's
    applications; `other` is recorded for staff to judge."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="relationships")
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluator_relationships",
        verbose_name=_("company"),
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    declared_on = models.DateField(_("declared on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evaluator relationship")
        verbose_name_plural = _("evaluator relationships")
        ordering = ["evaluator", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | ~Q(organisation_name=""),
                name="evaluator_relationship_names_someone",
            ),
        ]

    def __str__(self) -> str:
        target = self.company.name_ko if self.company is not None else self.organisation_name
        return f"{self.evaluator}: {self.get_kind_display()} · {target}"


class ConflictKind(models.TextChoices):
    EXCLUSION = "exclusion", _("Exclusion (제척)")
    RECUSAL = "recusal", _("Recusal (회피)")
    CHALLENGE = "challenge", _("Challenge (기피)")


class ConflictStatus(models.TextChoices):
    AUTOMATIC = "automatic", _("Detected automatically")
    DECLARED = "declared", _("Declared by the evaluator")
    PENDING = "pending", _("Pending decision")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


BLOCKING_STATUSES = (ConflictStatus.AUTOMATIC, ConflictStatus.DECLARED, ConflictStatus.UPHELD)


class ConflictQuerySet(models.QuerySet):
    def blocking(self):
        return self.filter(status__in=BLOCKING_STATUSES)


class Conflict(models.Model):
    """A conflict of interest between one evaluator and one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=12, choices=ConflictKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=ConflictStatus.choices)
    reason = models.TextField(_("reason"))
    # The declared relationship an exclusion came from (none for same company / affiliation).
    relationship = models.ForeignKey(
        EvaluatorRelationship,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conflicts",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["application", "evaluator", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator", "kind"], name="conflict_one_per_kind"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ConflictKind.EXCLUSION, status=ConflictStatus.AUTOMATIC)
                    | Q(kind=ConflictKind.RECUSAL, status=ConflictStatus.DECLARED)
                    | Q(
                        kind=ConflictKind.CHALLENGE,
                        status__in=[
                            ConflictStatus.PENDING,
                            ConflictStatus.UPHELD,
                            ConflictStatus.DISMISSED,
                        ],
                    )
                ),
                name="conflict_status_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.evaluator} · {self.application}"

    @property
    def blocks(self) -> bool:
        return self.status in BLOCKING_STATUSES


class CommitteeStage(models.TextChoices):
    DOCUMENT = "document", _("Document review")
    PRESENTATION = "presentation", _("Presentation review")


class CommitteeStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", _("Closed")


class Committee(models.Model):
    """The evaluators of one programme stage. Each application in the stage gets
    `per_application` of them; totals are trimmed (one highest and one lowest dropped) only
    when at least `min_for_trimmed` evaluators scored it."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="committees", verbose_name=_("programme")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=CommitteeStage.choices)
    name = models.CharField(_("name"), max_length=200)
    per_application = models.PositiveSmallIntegerField(_("evaluators per application"), default=5)
    min_for_trimmed = models.PositiveSmallIntegerField(
        _("evaluators needed to drop highest and lowest"), default=5
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CommitteeStatus.choices, default=CommitteeStatus.FORMING
    )
    members = models.ManyToManyField(
        Evaluator, through="CommitteeMember", related_name="committees", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When it last moved to closed (None while open): evaluators' reading ends from here.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["program", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["program", "stage"], name="committee_one_per_stage"),
            models.CheckConstraint(
                condition=Q(per_application__gte=1), name="committee_per_application_positive"
            ),
            models.CheckConstraint(
                condition=Q(min_for_trimmed__gte=3), name="committee_trim_needs_three"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.get_stage_display()}"


class CommitteeMember(models.Model):
    """An evaluator on a committee; `capacity` overrides the evaluator's default here."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    evaluator = models.ForeignKey(
        Evaluator, on_delete=models.PROTECT, related_name="committee_memberships"
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "evaluator__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "evaluator"], name="committee_member_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.evaluator}"

    @property
    def effective_capacity(self) -> int:
        return self.evaluator.capacity if self.capacity is None else self.capacity


class AssignedBy(models.TextChoices):
    SOLVER = "solver", _("Solver")
    STAFF = "staff", _("Staff")


class Assignment(models.Model):
    """One evaluator evaluates one application in one committee."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="assignments"
    )
    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.CharField(_("assigned by"), max_length=8, choices=AssignedBy.choices)
    fit = models.PositiveSmallIntegerField(_("expertise fit"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["committee", "application", "evaluator__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "application", "evaluator"], name="assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.evaluator} → {self.application}"
