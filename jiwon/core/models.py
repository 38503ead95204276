from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiwon.core.i18n import in_language
from jiwon.core.roles import Role


class RoleUser(AbstractUser):
    """A Django user with one role: the user every app knows. The concrete model is
    accounts.User (AUTH_USER_MODEL); its base lives here so that the actor type and the
    permission check need nothing above core."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Staff of one agency (where Jiwon hosts several) work on that agency's records only, in
    # the apps that scope by agency (jiwon.core.agencies). Empty: not narrowed.
    agency = models.ForeignKey(
        "core.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_(
            "Staff of this agency see and manage only its records. Empty: every agency "
            "(one agency on this installation, or the platform's own administrators)."
        ),
    )

    class Meta:
        abstract = True


class KsicCode(models.Model):
    """한국표준산업분류 code at any level, per revision (10 or 11). Loaded from data/ksic.csv."""

    revision = models.PositiveSmallIntegerField(_("KSIC revision"))
    level = models.PositiveSmallIntegerField(_("level"))
    code = models.CharField(_("KSIC code"), max_length=5)
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300)
    parent_code = models.CharField(max_length=5, blank=True)

    class Meta:
        verbose_name = _("KSIC code")
        verbose_name_plural = _("KSIC codes")
        ordering = ["revision", "code"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "code"], name="ksic_revision_code_unique"),
            models.CheckConstraint(
                condition=models.Q(revision__in=[10, 11]), name="ksic_revision_known"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="ksic_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_ko}"


class Region(models.Model):
    """A 시도 (level 1) or 시군구 (level 2) code, valid over a date range. Codes change
    (the 2026-07-01 광주·전남 merger), so a code is stored together with its validity."""

    code = models.CharField(_("region code"), max_length=5)
    level = models.PositiveSmallIntegerField(_("level"))
    name_ko = models.CharField(_("Korean name"), max_length=100)
    parent_code = models.CharField(max_length=5, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="region_code_from_unique"),
            models.CheckConstraint(condition=models.Q(level__in=[1, 2]), name="region_level_known"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_ko}"


class Agency(models.Model):
    """An organisation that runs support programmes (an industry promotion agency, a city
    department). Jiwon can host several: a province or the whole country."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    region_codes = models.JSONField(
        _("jurisdiction (시군구 codes)"),
        default=list,
        blank=True,
        help_text=_("Companies located in these codes are local (관내) for this agency."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name_ko

    @property
    def name(self) -> str:
        """The name in the page's language (jiwon.core.i18n)."""
        return in_language(self.name_ko, self.name_en)


class Closure(models.Model):
    """A day that is not a working day although the national calendar says it is: a temporary
    public holiday (임시공휴일) announced at short notice, or a closure of one agency's sites.
    Deadlines counted in working days, opening hours and SLAs read these as data."""

    class Kind(models.TextChoices):
        TEMPORARY_HOLIDAY = "temporary_holiday", _("Temporary public holiday")
        AGENCY_CLOSURE = "agency_closure", _("Agency closure")

    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("Empty for a temporary public holiday, which closes every agency."),
    )

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "agency"], name="closure_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(kind="temporary_holiday", agency__isnull=True)
                | models.Q(kind="agency_closure", agency__isnull=False),
                name="closure_kind_matches_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class ScheduledJob(models.Model):
    """The last run of one scheduled job (see jiwon.core.scheduling): when it started and
    finished, whether it succeeded and what it said. Health checks read it."""

    name = models.CharField(_("job"), max_length=80, unique=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_ok = models.BooleanField(_("last run succeeded"), default=False)
    last_result = models.TextField(_("last result"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Throttle(models.Model):
    """The throttling state of one key (a username, an address, an email, an API token) in one
    scope (jiwon/core/throttle.py): `count` events since `since`, the last at `last_at`, the
    next allowed from `blocked_until`. One row per key, so that checking and counting lock one
    row."""

    scope = models.CharField(max_length=30)
    key = models.CharField(max_length=255)
    count = models.PositiveIntegerField(default=0)
    since = models.DateTimeField()
    last_at = models.DateTimeField(db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_throttle_scope_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}: {self.count}"


class ProgressStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ProgressModel(models.Model):
    """A piece of background work a page follows while it runs (jiwon/core/progress.py): its
    status, how far it got in percent, and the step it is on (`message`, a key the page turns
    into words) or, once failed, why."""

    Status = ProgressStatus

    status = models.CharField(
        _("status"), max_length=8, choices=ProgressStatus.choices, default=ProgressStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def under_way(self) -> bool:
        return self.status in (ProgressStatus.QUEUED, ProgressStatus.RUNNING)


class ImportRun(ProgressModel):
    """One uploaded Excel file imported by a background task (jiwon/core/imports.py): the file
    waits in storage until the task has read it, then is deleted; the result is the number of
    records written, or the errors per row in Korean and English (and then nothing was
    written)."""

    kind = models.CharField(_("import"), max_length=40)
    file = models.FileField(_("file"), upload_to="imports/", max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size"))
    # What the import needs beside the file (e.g. the partner bank of a bank's file).
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created = models.PositiveIntegerField(_("records written"), default=0)
    # [[row, column, message_ko, message_en, sheet], ...], the first ones the import kept.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="import_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"
