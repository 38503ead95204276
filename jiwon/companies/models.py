from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.companies.validators import validate_brn, validate_crn
from jiwon.core.formats import brn_format
from jiwon.core.i18n import in_language
from jiwon.core.models import KsicCode, Region
from jiwon.core.phones import phone_normalise


class CompanyKind(models.TextChoices):
    COMPANY = "company", _("Company")
    PREFOUNDER = "prefounder", _("Pre-founder")


class LegalForm(models.TextChoices):
    CORPORATION = "corporation", _("Corporation (법인)")
    INDIVIDUAL = "individual", _("Sole proprietorship (개인)")


class GrowthStage(models.TextChoices):
    """The Anyang growth ladder, lowest first."""

    G240 = "G240", "G240"
    BLUE100 = "BLUE100", "BLUE100"
    ACE20 = "ACE20", "ACE20"
    UNICORN = "UNICORN", _("Anyang unicorn")


class CertificationKind(models.TextChoices):
    VENTURE = "venture", _("Venture company (벤처기업)")
    INNOBIZ = "innobiz", _("Inno-Biz (이노비즈)")
    MAINBIZ = "mainbiz", _("Main-Biz (메인비즈)")
    WOMEN = "women", _("Women-owned business (여성기업)")
    SOCIAL = "social", _("Social enterprise (사회적기업)")
    DISABLED = "disabled", _("Disabled-owned business (장애인기업)")
    SMALL_MANUFACTURER = "small_manufacturer", _("Small manufacturer (소공인)")


class Company(models.Model):
    """A company, or a pre-founder (예비창업자: a person with no business number yet) who later
    becomes one. Everything else in Jiwon hangs off this record."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=CompanyKind.choices, default=CompanyKind.COMPANY
    )
    brn = models.CharField(
        _("business registration number"), max_length=10, unique=True, null=True, blank=True
    )
    crn = models.CharField(_("corporate registration number"), max_length=13, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=16, choices=LegalForm.choices, blank=True
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    representative_name = models.CharField(_("representative"), max_length=100)
    representative_birth_date = models.DateField(_("representative's birth date"))
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    ksic = models.ForeignKey(
        KsicCode,
        verbose_name=_("KSIC code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    is_local = models.BooleanField(_("in the city (관내)"), default=False, editable=False)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    annual_sales_won = models.BigIntegerField(_("annual sales (won)"), default=0)
    growth_stage = models.CharField(
        _("growth stage"), max_length=16, choices=GrowthStage.choices, blank=True, db_index=True
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # 폐업: the business closed on this day (services.company_close); its history stays.
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_ko", "id"]
        indexes = [
            # Serves the list's ORDER BY name_ko, id without a sort, deep pages included.
            models.Index(fields=["name_ko", "id"]),
            models.Index(fields=["region", "name_ko"]),
            models.Index(fields=["ksic"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="company", brn__isnull=False, founded_on__isnull=False)
                    & ~Q(legal_form="")
                )
                | Q(kind="prefounder", brn__isnull=True),
                name="company_registered_fields",
            ),
            models.CheckConstraint(
                condition=Q(annual_sales_won__gte=0), name="company_sales_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind="company") | Q(employees=0, annual_sales_won=0),
                name="company_prefounder_no_figures",
            ),
            models.CheckConstraint(
                condition=Q(crn="") | Q(legal_form="corporation"),
                name="company_crn_only_corporations",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(kind="company", closed_on__gte=F("founded_on")),
                name="company_closed_after_founding",
            ),
        ]

    def __str__(self) -> str:
        return self.name_ko

    @property
    def name(self) -> str:
        """The name in the page's language: the English name on English pages when the
        registry has one (jiwon.core.i18n), the Korean name otherwise."""
        return in_language(self.name_ko, self.name_en)

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.kind == CompanyKind.PREFOUNDER:
            if self.brn:
                add("brn", _("A pre-founder has no business registration number yet."))
            # Eligibility counts a pre-founder as 0 employees and 0 sales (programs README).
            if self.employees:
                add("employees", _("A pre-founder has no employees yet: leave this at 0."))
            if self.annual_sales_won:
                add("annual_sales_won", _("A pre-founder has no sales yet: leave this at 0."))
        else:
            if not self.brn:
                add("brn", _("Enter the business registration number."))
            else:
                try:
                    self.brn = validate_brn(self.brn)
                except ValidationError as exc:
                    errors.setdefault("brn", []).extend(exc.messages)
            if not self.legal_form:
                add("legal_form", _("Choose corporation or sole proprietorship."))
            if not self.founded_on:
                add("founded_on", _("Enter the founding date (설립일/개업일)."))
        if self.crn:
            if self.legal_form != LegalForm.CORPORATION:
                add("crn", _("Only a corporation has a corporate registration number."))
            else:
                try:
                    self.crn = validate_crn(self.crn)
                except ValidationError as exc:
                    errors.setdefault("crn", []).extend(exc.messages)
        today = timezone.localdate()
        if self.founded_on and self.founded_on > today:
            add("founded_on", _("The founding date cannot be in the future."))
        birth = self.representative_birth_date
        if birth and not (date(1900, 1, 1) <= birth <= today):
            add("representative_birth_date", _("Enter a birth date between 1900 and today."))
        if self.annual_sales_won is not None and self.annual_sales_won < 0:
            add("annual_sales_won", _("Sales cannot be negative."))
        try:
            self.phone = phone_normalise(self.phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
        if errors:
            raise ValidationError(errors)

    @property
    def is_prefounder(self) -> bool:
        return self.kind == CompanyKind.PREFOUNDER

    @property
    def brn_display(self) -> str:
        return brn_format(self.brn) if self.brn and len(self.brn) == 10 else ""

    @property
    def crn_display(self) -> str:
        c = self.crn or ""
        return f"{c[:6]}-{c[6:]}" if len(c) == 13 else ""


class Membership(models.Model):
    class Kind(models.TextChoices):
        OWNER = "owner", _("Owner (대표)")
        STAFF = "staff", _("Staff (담당자)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    kind = models.CharField(_("membership"), max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("company membership")
        verbose_name_plural = _("company memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"


class Certification(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("certification"), max_length=32, choices=CertificationKind.choices)
    number = models.CharField(_("certificate number"), max_length=50, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="certification_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["company", "kind", "valid_from"], name="certification_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class GrowthStageChange(models.Model):
    """Dated history of the growth ladder: one row per promotion or change."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="stage_history")
    stage = models.CharField(
        _("growth stage"), max_length=16, choices=GrowthStage.choices, blank=True
    )
    effective_on = models.DateField(_("effective date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("growth stage change")
        verbose_name_plural = _("growth stage changes")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.company} → {self.stage or '-'} ({self.effective_on})"
