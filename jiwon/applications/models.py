from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiwon.applications.workflow import APPLICATION_WORKFLOWS, ENDED_STATUSES
from jiwon.companies.models import Company
from jiwon.core.workflow import StatusChange, WorkflowModel
from jiwon.programs.models import Program


class ApplicationForm(models.Model):
    """A programme's application form as versioned data (see definition.py for the shape): a
    change adds a version; an application keeps the version it was started on."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="application_forms")
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")
        ordering = ["program", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "version"], name="application_form_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} form v{self.version}"


class Application(WorkflowModel):
    """One company's application to one programme, from draft to selection."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="applications", verbose_name=_("programme")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="applications", verbose_name=_("company")
    )
    form = models.ForeignKey(
        ApplicationForm,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("form version"),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    workflows = APPLICATION_WORKFLOWS
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=APPLICATION_WORKFLOWS.state_choices(),
        default=APPLICATION_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = APPLICATION_WORKFLOWS.version_field()
    receipt_number = models.CharField(
        _("receipt number"), max_length=60, unique=True, null=True, blank=True
    )
    receipt_sequence = models.PositiveIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "company"],
                condition=~Q(status__in=ENDED_STATUSES),
                name="application_one_live_per_company",
            ),
            models.UniqueConstraint(
                fields=["program", "receipt_sequence"], name="application_receipt_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number or f"{self.program} · {self.company} ({self.status})"


class ApplicationStatusChange(StatusChange):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_history"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.source or '-'} → {self.target}"


def application_file_path(instance, filename: str) -> str:
    # The hash prefix keeps two uploads with the same name apart without renaming either.
    return f"applications/{instance.application_id}/{instance.sha256[:16]}/{filename}"


class ApplicationFile(models.Model):
    """An uploaded document, stored under MEDIA_ROOT (outside the web root) and served only
    through the file view, to whoever reads the application (`access.application_file_for`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field_key = models.CharField(_("field"), max_length=60)
    file = models.FileField(_("file"), upload_to=application_file_path, max_length=300)
    original_name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        ordering = ["field_key", "id"]

    def __str__(self) -> str:
        return self.original_name


class SupplementRequest(models.Model):
    """A screener's request for missing documents (보완 요청), answered by the company."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="supplement_requests"
    )
    message = models.TextField(_("what is missing"))
    due_at = models.DateTimeField(_("due"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("response"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.message[:40]}"


class ReceiptCounter(models.Model):
    """The last receipt sequence issued for a programme. A submission increments it as the
    very last step of its checks (see application_submit), so submissions of one call wait
    on each other only from that increment to their commit, not for their whole checks; and
    because the increment is part of the submission's transaction, a submission that fails
    afterwards rolls it back: the numbers stay gap-free (a database sequence would not)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, primary_key=True, related_name="receipt_counter"
    )
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.program_id}: {self.last}"
