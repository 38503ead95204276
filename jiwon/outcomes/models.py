"""The support ledger (지원 실적) and the yearly outcome figures (성과) of companies."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.core.models import ProgressModel
from jiwon.core.support import SupportKind
from jiwon.programs.models import Program


class Provenance(models.TextChoices):
    SURVEY = "survey", _("Company survey")
    STAFF = "staff", _("Staff entry")
    IMPORT = "import", _("Import")
    AGENCY = "agency", _("Agency data")


# The `source_type` of rows the ledger writes itself: typed in by staff, imported, or added by a
# correction. Other modules use their own name (e.g. "selection"), never one of these.
MANUAL = "manual"
IMPORT = "import"
ADJUSTMENT = "adjustment"
REVERSAL = "reversal"
REPLACEMENT = "replacement"
RESERVED_SOURCE_TYPES = frozenset({MANUAL, IMPORT, ADJUSTMENT, REVERSAL, REPLACEMENT})
DESCRIPTION_MAX_LENGTH = 300


class SupportLedgerEntry(models.Model):
    """One support a company received. Rows are never deleted: a correction is a new row that
    points at the row it corrects (with a negative amount to reverse it), or an audited edit."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="support_rows", verbose_name=_("company")
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_rows",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind of support"), max_length=32, choices=SupportKind.choices)
    amount_won = models.BigIntegerField(_("amount (won)"), null=True, blank=True)
    supported_on = models.DateField(_("date"), db_index=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    source_type = models.CharField(_("source"), max_length=32, default=MANUAL)
    source_id = models.CharField(_("source record"), max_length=64, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    provenance = models.CharField(
        _("provenance"), max_length=16, choices=Provenance.choices, default=Provenance.STAFF
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support ledger row")
        verbose_name_plural = _("support ledger")
        ordering = ["-supported_on", "-id"]
        indexes = [models.Index(fields=["company", "supported_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("supported_on")),
                name="ledger_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(amount_won__isnull=True)
                | Q(amount_won__gte=0)
                | Q(corrects__isnull=False),
                name="ledger_negative_only_as_correction",
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=~Q(source_id=""),
                name="ledger_one_row_per_source_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supported_on} {self.company} {self.get_kind_display()}"


class Metric(models.TextChoices):
    EMPLOYEES = "employees", _("Employees (상시근로자)")
    NEW_HIRES = "new_hires", _("New hires")
    SALES_WON = "sales_won", _("Sales (won)")
    EXPORTS_USD = "exports_usd", _("Exports (USD)")


class YearFigure(models.Model):
    """One yearly figure of one company, with where it came from and who entered it."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="year_figures")
    year = models.PositiveSmallIntegerField(_("year"))
    metric = models.CharField(_("figure"), max_length=16, choices=Metric.choices)
    value = models.BigIntegerField(_("value"))
    provenance = models.CharField(_("provenance"), max_length=16, choices=Provenance.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yearly figure")
        verbose_name_plural = _("yearly figures")
        ordering = ["company", "-year", "metric"]
        indexes = [models.Index(fields=["year", "metric"])]
        constraints = [
            models.UniqueConstraint(fields=["company", "year", "metric"], name="year_figure_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="year_figure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.year} {self.metric}={self.value}"


class OutcomeRecord(models.Model):
    """Shared fields of the dated outcome records below."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company")
    )
    occurred_on = models.DateField(_("date"), db_index=True)
    provenance = models.CharField(_("provenance"), max_length=16, choices=Provenance.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-occurred_on", "-id"]


class Investment(OutcomeRecord):
    class Round(models.TextChoices):
        SEED = "seed", _("Seed")
        PRE_A = "pre_a", _("Pre-A")
        SERIES_A = "series_a", _("Series A")
        SERIES_B = "series_b", _("Series B")
        LATER = "later", _("Series C or later")
        OTHER = "other", _("Other")

    amount_won = models.BigIntegerField(_("amount (won)"))
    investor = models.CharField(_("investor"), max_length=200)
    round = models.CharField(_("round"), max_length=16, choices=Round.choices)

    class Meta(OutcomeRecord.Meta):
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        constraints = [
            models.CheckConstraint(condition=Q(amount_won__gt=0), name="investment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.investor} {self.amount_won}"


class IntellectualProperty(OutcomeRecord):
    class Kind(models.TextChoices):
        PATENT = "patent", _("Patent")
        UTILITY_MODEL = "utility_model", _("Utility model")
        DESIGN = "design", _("Design")
        TRADEMARK = "trademark", _("Trademark")
        CERTIFICATION = "certification", _("Certification")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=64)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta(OutcomeRecord.Meta):
        verbose_name = _("patent or certification")
        verbose_name_plural = _("patents and certifications")
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="ip_number_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Agreement(OutcomeRecord):
    class Kind(models.TextChoices):
        MOU = "mou", _("MOU")
        BUSINESS = "business", _("Business agreement")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    counterparty = models.CharField(_("counterparty"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta(OutcomeRecord.Meta):
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.counterparty}"


class Award(OutcomeRecord):
    name = models.CharField(_("award"), max_length=200)
    awarded_by = models.CharField(_("awarded by"), max_length=200, blank=True)

    class Meta(OutcomeRecord.Meta):
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return self.name


class Relocation(OutcomeRecord):
    class Direction(models.TextChoices):
        IN = "in", _("Moved into the city")
        OUT = "out", _("Moved out of the city")

    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    other_region_code = models.CharField(_("from / to (시군구 code)"), max_length=5, blank=True)
    other_place = models.CharField(_("from / to"), max_length=200, blank=True)

    class Meta(OutcomeRecord.Meta):
        verbose_name = _("relocation")
        verbose_name_plural = _("relocations")

    def __str__(self) -> str:
        return f"{self.company} {self.direction} {self.occurred_on}"


# The kinds of outcome record as the pages, the imports and the URLs name them, and the fields a
# person enters for each (in form order).
RECORD_MODELS: dict[str, type[OutcomeRecord]] = {
    "investment": Investment,
    "ip": IntellectualProperty,
    "agreement": Agreement,
    "award": Award,
    "relocation": Relocation,
}
RECORD_FIELDS: dict[type[OutcomeRecord], tuple[str, ...]] = {
    Investment: ("occurred_on", "amount_won", "investor", "round"),
    IntellectualProperty: ("occurred_on", "kind", "number", "title"),
    Agreement: ("occurred_on", "kind", "counterparty", "title"),
    Award: ("occurred_on", "name", "awarded_by"),
    Relocation: ("occurred_on", "direction", "other_region_code", "other_place"),
}


class Survey(models.Model):
    """A yearly outcome survey (성과조사): companies report figures of `year` on the portal."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("figures of year"))
    closes_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome survey")
        verbose_name_plural = _("outcome surveys")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class SurveyInvitation(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # The company's answers as entered on the portal: a draft until submitted_at is set, then
    # what was submitted (the figures themselves are written to YearFigure and the records).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    answers_saved_at = models.DateTimeField(_("answers saved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "company"], name="survey_invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.company}"


class ReportRun(ProgressModel):
    """One generation of a report: queued by a person or the command, built by a background
    task that records its progress here (the status, progress and message of core's
    `ProgressModel`, jiwon/core/progress.py), and kept as a file under MEDIA_ROOT."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual performance report")

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (.xlsx)"
        JSON = "json", "JSON"

    class Language(models.TextChoices):
        KO = "ko", "한국어"
        EN = "en", "English"

    kind = models.CharField(_("report"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = models.FileField(_("file"), upload_to="reports/", max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.format}, {self.language})"
