from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import GrowthStage
from jiwon.core.i18n import in_language
from jiwon.core.models import Agency
from jiwon.core.phones import phone_normalise
from jiwon.core.workflow import StatusChange, WorkflowModel
from jiwon.programs.eligibility import groups
from jiwon.programs.workflow import PROGRAM_WORKFLOWS


class Category(models.TextChoices):
    STARTUP = "startup", _("Startup (창업)")
    TECHNOLOGY = "technology", _("Technology (기술)")
    MARKETING = "marketing", _("Marketing and sales (마케팅·판로)")
    EXPORT = "export", _("Export (수출)")
    FINANCE = "finance", _("Finance (자금)")
    WORKFORCE = "workforce", _("Workforce (인력)")
    SPACE = "space", _("Space and equipment (공간·장비)")
    EDUCATION = "education", _("Education and mentoring (교육·멘토링)")


class TargetGroup(models.TextChoices):
    """Who a notice is for, derived from its eligibility rule (eligibility/targets.py)."""

    YOUTH = groups.YOUTH, _("Youth (청년, aged 39 or under)")
    MIDDLE_AGED = groups.MIDDLE_AGED, _("Middle-aged (중장년, 40 or over)")
    PREFOUNDER = groups.PREFOUNDER, _("Pre-founders (예비창업자)")
    STARTUP = groups.STARTUP, _("Startups (창업 7년 이내)")
    WOMEN = groups.WOMEN, _("Women-owned businesses (여성기업)")
    DISABLED = groups.DISABLED, _("Disabled-owned businesses (장애인기업)")
    SOCIAL = groups.SOCIAL, _("Social enterprises (사회적기업)")
    SMALL_MANUFACTURER = groups.SMALL_MANUFACTURER, _("Small manufacturers (소공인)")


class ReferenceDateBasis(models.TextChoices):
    NOTICE = "notice", _("Notice date")
    APPLICATION = "application", _("Application date")


class Program(WorkflowModel):
    """A support programme (지원사업) of one agency in one fiscal year. `series` names the
    programme across years (e.g. BLUE100): past-participation rules refer to it."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="programs", verbose_name=_("agency")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    series = models.SlugField(
        _("series"),
        max_length=40,
        help_text=_("Same for the programme in every year, e.g. BLUE100."),
    )
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    notice_text = models.TextField(_("notice"), blank=True)
    target_text = models.CharField(_("who may apply"), max_length=300, blank=True)
    budget_won = models.BigIntegerField(_("budget (won)"), default=0)
    quota = models.PositiveIntegerField(_("companies to select"), default=0)
    notice_date = models.DateField(_("notice date"))
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    # 수시 접수: applications are evaluated and decided as they arrive, while the call is
    # still open. Otherwise nothing of evaluation or selection may start before closes_at.
    rolling = models.BooleanField(
        _("rolling call (evaluated while open)"),
        default=False,
        help_text=_(
            "Applications are evaluated and decided while the call is still open. Leave off "
            "for a call that evaluates everyone together after it closes."
        ),
    )
    # Who writes the selected companies' support-ledger rows: the selection when it is published
    # (the default), or the domain that carries the support on, whose own records say when and
    # how much (a tenancy call: each contract writes its row). Set by that domain.
    selection_writes_ledger = models.BooleanField(
        _("a published selection writes the support ledger"),
        default=True,
        help_text=_(
            "Off when the programme's own records write it (a tenancy call: each contract)."
        ),
    )
    reference_date_basis = models.CharField(
        _("eligibility reference date"),
        max_length=16,
        choices=ReferenceDateBasis.choices,
        default=ReferenceDateBasis.NOTICE,
    )
    growth_stage = models.CharField(
        _("growth-ladder stage"),
        max_length=16,
        choices=GrowthStage.choices,
        blank=True,
        help_text=_("Selection promotes the company to this stage."),
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    workflows = PROGRAM_WORKFLOWS
    status = models.CharField(
        _("status"),
        max_length=16,
        default=PROGRAM_WORKFLOWS.current.initial,
        choices=PROGRAM_WORKFLOWS.state_choices(),
        db_index=True,
    )
    workflow_version = PROGRAM_WORKFLOWS.version_field()
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-fiscal_year", "closes_at", "id"]
        indexes = [models.Index(fields=["status", "closes_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "series"], name="program_series_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="program_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(budget_won__gte=0), name="program_budget_not_negative"
            ),
        ]

    @property
    def title(self) -> str:
        """The title in the page's language (jiwon.core.i18n)."""
        return in_language(self.title_ko, self.title_en)

    def __str__(self) -> str:
        # Most titles start with their year ("2021년 G240"); "2021 2021년 G240" read badly.
        year = str(self.fiscal_year)
        return self.title_ko if year in self.title_ko else f"{year} {self.title_ko}"

    def clean(self):
        # The quota's lower bound is its field's (PositiveIntegerField); these span fields or
        # have no field validator.
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Applications must close after they open.")
        if self.budget_won is not None and self.budget_won < 0:
            errors["budget_won"] = _("The budget cannot be negative.")
        try:
            self.contact_phone = phone_normalise(self.contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
        if errors:
            raise ValidationError(errors)

    @property
    def key(self) -> str:
        return self.series


class ProgramStatusChange(StatusChange):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="status_history")

    class Meta(StatusChange.Meta):
        verbose_name = _("programme status change")
        verbose_name_plural = _("programme status changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.program}: {self.source or '-'} → {self.target}"


RULE_NOTE_MAX_LENGTH = 200


class EligibilityRuleVersion(models.Model):
    """A programme's eligibility rule (JSON, see README) as versioned data: a new version is
    added for every change, never edited, and takes effect on its date."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rule_versions")
    version = models.PositiveIntegerField(_("version"))
    rule = models.JSONField(_("rule"))
    effective_from = models.DateField(_("effective from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=RULE_NOTE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("eligibility rule version")
        verbose_name_plural = _("eligibility rule versions")
        ordering = ["program", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="rule_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.program} v{self.version}"


class ProgramTarget(models.Model):
    """A target group of a programme, derived from its newest rule version: kept in step by
    services.rules.rule_version_add, never edited by hand. The board filters on it."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="targets", verbose_name=_("programme")
    )
    group = models.CharField(_("target group"), max_length=32, choices=TargetGroup.choices)

    class Meta:
        verbose_name = _("programme target group")
        verbose_name_plural = _("programme target groups")
        ordering = ["program", "group"]
        constraints = [
            models.UniqueConstraint(fields=["program", "group"], name="program_target_once"),
            models.CheckConstraint(
                condition=Q(group__in=TargetGroup.values), name="program_target_group_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.group}"


def attachment_path(instance, filename: str) -> str:
    return f"programs/{instance.program_id}/{instance.sha256[:16]}/{filename}"


class ProgramAttachment(models.Model):
    """A notice attachment, stored under MEDIA_ROOT (outside the web root) and served through
    a view that checks the programme is visible to the requester."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
