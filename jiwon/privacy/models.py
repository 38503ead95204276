from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")
    CHANGE = "change", _("Changed")


class SubjectKind(models.TextChoices):
    """Whose personal fields: the people Jiwon holds personal data about."""

    REPRESENTATIVE = "representative", _("Company representative")
    PREFOUNDER = "prefounder", _("Pre-founder")
    EVALUATOR = "evaluator", _("Evaluator")


class PersonalDataAccess(models.Model):
    """One access to personal fields (개인정보처리시스템 접속기록, 개인정보의 안전성 확보조치
    기준 제8조): who (account, role), when, from where (address), what they did (viewed,
    exported, changed), whose data and which fields, and for what (the page, or the reason
    given for an export). Written by privacy.services.personal_access_record, never updated;
    removed only after the legal retention period (privacy.retention)."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("account"), max_length=150)
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=AccessAction.choices)
    subject_kind = models.CharField(_("whose data"), max_length=16, choices=SubjectKind.choices)
    # One person's record, or blank for an export of many (subject_count of them).
    subject_id = models.CharField(_("record"), max_length=64, blank=True)
    subject_label = models.CharField(_("person"), max_length=200, blank=True)
    subject_count = models.PositiveIntegerField(_("persons"), default=1)
    fields = models.JSONField(_("fields"), default=list)
    purpose = models.CharField(_("purpose"), max_length=300)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["subject_kind", "subject_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject_count__gte=1), name="personal_access_some_person"
            ),
            models.CheckConstraint(
                condition=~Q(action="export") | ~Q(purpose=""), name="personal_export_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject_kind}"


class AccessReview(models.Model):
    """The auditor's monthly review of the access log (one per month)."""

    month = models.DateField(_("month"), unique=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"))
    note = models.TextField(_("findings"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("access-log review")
        verbose_name_plural = _("access-log reviews")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="access_review_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class RetentionRule(models.Model):
    """How long one kind of personal record is kept after its purpose ended (data, not code:
    the agency sets the months in the admin; the code only says when the purpose ends and how
    to anonymise). The scheduled job privacy.retention_apply anonymises what is past it."""

    kind = models.CharField(_("kind of record"), max_length=32, unique=True)
    keep_months = models.PositiveSmallIntegerField(_("kept for (months)"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(keep_months__gte=1), name="retention_keeps_at_least_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.keep_months}"


class Anonymisation(models.Model):
    """A record whose personal fields were anonymised after its retention period (so the job
    passes over it next time, and the person's download can say so)."""

    kind = models.CharField(_("kind of record"), max_length=32)
    object_id = models.CharField(_("record"), max_length=64)
    at = models.DateTimeField(_("anonymised at"))

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="anonymised_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"
