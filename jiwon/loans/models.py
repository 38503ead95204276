"""SME development-fund loans with the city's interest subsidy (중소기업육성자금 이차보전).

A fund round (one fund year) holds the loan volume banks may lend (not money the city pays),
the subsidy budget (what the city pays), its partner banks and its loan purposes with their
limits, terms and subsidy rates: all data, edited by staff. A company applies; staff issue a
recommendation letter (추천서) to a bank, which reserves its amount of the volume while it
stands; the bank reports the loan it made (실행보고) and its balance changes; each period the
bank claims the subsidy and Jiwon checks the claim line by line against its own figure.

Money is integer won. Rates are percent with three decimals (Decimal). The volume recommended,
executed and remaining is always derived from the letters and loans, never a counter.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.core.money import Rounding, rounding_choices
from jiwon.core.workflow import StatusChange, WorkflowModel
from jiwon.loans import schedule
from jiwon.loans.workflow import (
    APPLICATION_WORKFLOWS,
    CLAIM_WORKFLOWS,
    LETTER_WORKFLOWS,
    LOAN_WORKFLOWS,
)
from jiwon.programs.models import Program

USER = settings.AUTH_USER_MODEL
# The largest amount a form, an upload or the API accepts (1조원): bounds every input.
MAX_WON = 1_000_000_000_000
MAX_RATE = Decimal("30.000")


def rate_field(verbose_name: object, **kwargs: object) -> models.DecimalField:
    """A rate in percent per year with three decimals (4.125 = 4.125%)."""
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=3, **kwargs)  # type: ignore[arg-type]


class PartnerBank(models.Model):
    """A bank that lends from the fund (협약은행)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # The bank's own column names in its balance files, {field: header} (imports.py).
    file_headers = models.JSONField(
        _("headers of the bank's balance files"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("partner bank")
        verbose_name_plural = _("partner banks")
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name_ko


class BankMembership(models.Model):
    """A user who works for a partner bank: they see and report only that bank's loans."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="bank_membership")
    bank = models.ForeignKey(PartnerBank, on_delete=models.PROTECT, related_name="members")

    class Meta:
        verbose_name = _("bank member")
        verbose_name_plural = _("bank members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.bank}"


class PaymentFrequency(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")


# How a claim line's exact sum becomes whole won (the one rounding of a line): the modes of
# jiwon.core.money a fund round may choose, with their labels there.
FUND_ROUNDINGS = rounding_choices(Rounding.DOWN, Rounding.HALF_UP, Rounding.HALF_EVEN)


class FundRound(models.Model):
    """One fund year (e.g. 2017: 1,000억원 of loan volume)."""

    year = models.PositiveSmallIntegerField(_("fund year"), unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="fund_rounds",
        verbose_name=_("programme (eligibility rule and support ledger)"),
    )
    loan_volume_won = models.BigIntegerField(_("loan volume (won)"))
    subsidy_budget_won = models.BigIntegerField(_("subsidy budget (won)"))
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close (last day)"))
    letter_valid_days = models.PositiveSmallIntegerField(
        _("a recommendation letter is valid for (days)"), default=60
    )
    preferred_bonus_pct = rate_field(
        _("extra subsidy for preferred companies (%p)"), default=Decimal("0.500")
    )
    payment_frequency = models.CharField(
        _("subsidy paid"),
        max_length=12,
        choices=PaymentFrequency.choices,
        default=PaymentFrequency.QUARTERLY,
    )
    rounding = models.CharField(
        _("rounding of a claim line"),
        max_length=12,
        choices=FUND_ROUNDINGS,
        default=Rounding.DOWN.value,
    )
    banks = models.ManyToManyField(
        PartnerBank, related_name="fund_rounds", verbose_name=_("partner banks")
    )

    class Meta:
        verbose_name = _("fund round")
        verbose_name_plural = _("fund rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(loan_volume_won__gt=0) & Q(subsidy_budget_won__gte=0),
                name="loans_fund_amounts",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="loans_fund_window"
            ),
        ]

    def __str__(self) -> str:
        return self.name_ko


class PurposeKind(models.TextChoices):
    WORKING = "working", _("Working capital (운전자금)")
    TECHNOLOGY = "technology", _("Technology development (기술개발자금)")
    FACILITY = "facility", _("Facilities (시설자금)")
    SPECIAL = "special", _("Special (특별자금)")


class LoanPurpose(models.Model):
    """A loan purpose of a fund round: its per-company limit, term, grace and subsidy."""

    fund = models.ForeignKey(FundRound, on_delete=models.CASCADE, related_name="purposes")
    kind = models.CharField(_("purpose"), max_length=12, choices=PurposeKind.choices)
    limit_won = models.BigIntegerField(_("limit per company (won)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    grace_months = models.PositiveSmallIntegerField(_("grace period (months)"), default=0)
    subsidy_pct = rate_field(_("subsidy rate (%p)"))
    # When set, the subsidy follows the bank's rate (SubsidyBand rows) instead of subsidy_pct.
    rate_scaled = models.BooleanField(_("subsidy scales with the bank's rate"), default=False)
    # The subsidy terms above (rate or table, with the fund's preferred bonus) apply to loans
    # made from this day; empty: from the start. Before it, the dated PastSubsidyTerms apply.
    terms_from = models.DateField(
        _("subsidy terms apply to loans made from"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("loan purpose")
        verbose_name_plural = _("loan purposes")
        ordering = ["fund", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "kind"], name="loans_purpose_once"),
            models.CheckConstraint(condition=Q(limit_won__gt=0), name="loans_purpose_limit"),
            models.CheckConstraint(
                condition=Q(subsidy_pct__gte=0) & Q(subsidy_pct__lte=MAX_RATE),
                name="loans_purpose_rate",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gt=F("grace_months")), name="loans_purpose_grace"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund.year} {self.get_kind_display()}"


class SubsidyBand(models.Model):
    """One row of a rate-scaled subsidy table (Gyeonggi style): from this bank rate
    (inclusive) up to the next row's, the subsidy is `subsidy_pct`."""

    purpose = models.ForeignKey(LoanPurpose, on_delete=models.CASCADE, related_name="bands")
    from_rate_pct = rate_field(_("bank rate from (%)"))
    subsidy_pct = rate_field(_("subsidy (%p)"))

    class Meta:
        verbose_name = _("subsidy band")
        verbose_name_plural = _("subsidy bands")
        ordering = ["purpose", "from_rate_pct"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "from_rate_pct"], name="loans_band_once"),
            models.CheckConstraint(
                condition=Q(from_rate_pct__gte=0) & Q(subsidy_pct__gte=0),
                name="loans_band_rates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_rate_pct}% → {self.subsidy_pct}%p"


class PastSubsidyTerms(models.Model):
    """The subsidy terms a purpose had before a dated edit: they apply to the loans made on
    [valid_from, valid_to) (valid_from empty: from the start), so editing a round with letters
    or loans never changes the terms of a loan made before the edit's day."""

    purpose = models.ForeignKey(LoanPurpose, on_delete=models.CASCADE, related_name="past_terms")
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until (exclusive)"))
    # subsidy.Terms.to_json(): {"flat": "1.500"} or {"bands": [...]}, with the fund's "bonus".
    terms = models.JSONField(_("subsidy terms"))

    class Meta:
        verbose_name = _("past subsidy terms")
        verbose_name_plural = _("past subsidy terms")
        ordering = ["purpose", "valid_to"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "valid_to"], name="loans_past_terms_once"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="loans_past_terms_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.valid_from or '…'} – {self.valid_to}"


class PreferredKind(models.TextChoices):
    """우대기업: companies that receive the extra subsidy."""

    SOCIAL = "social", _("Social enterprise")
    FAMILY_FRIENDLY = "family_friendly", _("Family-friendly company")
    WOMEN = "women", _("Hires women (women-friendly)")
    DISABLED = "disabled", _("Hires disabled people")


class LoanApplication(WorkflowModel):
    """A company's application for a fund loan (융자 추천 신청)."""

    workflows = APPLICATION_WORKFLOWS

    number = models.CharField(_("application number"), max_length=20, unique=True)
    fund = models.ForeignKey(FundRound, on_delete=models.PROTECT, related_name="applications")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="loan_applications")
    purpose = models.ForeignKey(LoanPurpose, on_delete=models.PROTECT, related_name="+")
    bank = models.ForeignKey(PartnerBank, on_delete=models.PROTECT, related_name="applications")
    amount_won = models.BigIntegerField(_("amount asked (won)"))
    preferred = models.CharField(
        _("preferred company"), max_length=16, choices=PreferredKind.choices, blank=True
    )
    use_of_funds = models.TextField(_("use of the funds"), max_length=2000)
    # The company declares it is not suspended or closed and owes no national or local tax;
    # staff check the certificates at review (arrears are not held in the registry).
    declares_good_standing = models.BooleanField(_("declares good standing"), default=False)
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=APPLICATION_WORKFLOWS.state_choices(),
        default=APPLICATION_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = APPLICATION_WORKFLOWS.version_field()
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    review_note = models.TextField(_("review note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_won__gt=0) & Q(amount_won__lte=MAX_WON),
                name="loans_application_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.company}"


class ApplicationStatusChange(StatusChange):
    application = models.ForeignKey(
        LoanApplication, on_delete=models.CASCADE, related_name="status_history"
    )


class Recommendation(WorkflowModel):
    """A recommendation letter (추천서) to one bank: while issued, its amount is reserved."""

    workflows = LETTER_WORKFLOWS

    number = models.CharField(_("letter number"), max_length=20, unique=True)
    application = models.OneToOneField(
        LoanApplication, on_delete=models.PROTECT, related_name="recommendation"
    )
    fund = models.ForeignKey(FundRound, on_delete=models.PROTECT, related_name="letters")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="loan_letters")
    purpose = models.ForeignKey(LoanPurpose, on_delete=models.PROTECT, related_name="letters")
    bank = models.ForeignKey(PartnerBank, on_delete=models.PROTECT, related_name="letters")
    amount_won = models.BigIntegerField(_("recommended amount (won)"))
    issued_on = models.DateField(_("issued on"))
    # The last day on which the bank may act on the letter; the day after, it expires.
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=LETTER_WORKFLOWS.state_choices(),
        default=LETTER_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = LETTER_WORKFLOWS.version_field()
    released_on = models.DateField(_("reservation released on"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation letter")
        verbose_name_plural = _("recommendation letters")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_won__gt=0) & Q(amount_won__lte=MAX_WON),
                name="loans_letter_amount",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("issued_on")), name="loans_letter_validity"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class RecommendationStatusChange(StatusChange):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_history"
    )


class RepaymentMethod(models.TextChoices):
    """How the principal is repaid (the repayment schedule follows it: schedule.py)."""

    BULLET = schedule.BULLET, _("At maturity (만기일시상환)")
    EQUAL_PRINCIPAL = schedule.EQUAL_PRINCIPAL, _("Equal principal after the grace (원금균등분할)")
    EQUAL_PAYMENT = schedule.EQUAL_PAYMENT, _("Equal instalments after the grace (원리금균등분할)")


class StopReason(models.TextChoices):
    """What ends a loan's subsidy on its day."""

    REPAID = "repaid", _("Repaid in full")
    MATURITY = "maturity", _("Maturity")
    DEFAULT = "default", _("Default")
    CLOSURE = "closure", _("Business closed")
    RELOCATION = "relocation", _("Moved out of the city")
    TERMINATION = "termination", _("Early termination")


class Loan(WorkflowModel):
    """A loan a bank made on a recommendation letter (실행보고), with the subsidy terms it
    carries for its whole life (a later edit of the fund round does not change them)."""

    workflows = LOAN_WORKFLOWS

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.PROTECT, related_name="loan"
    )
    fund = models.ForeignKey(FundRound, on_delete=models.PROTECT, related_name="loans")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="fund_loans")
    purpose = models.ForeignKey(LoanPurpose, on_delete=models.PROTECT, related_name="loans")
    bank = models.ForeignKey(PartnerBank, on_delete=models.PROTECT, related_name="loans")
    bank_reference = models.CharField(_("bank's loan number"), max_length=40)
    principal_won = models.BigIntegerField(_("principal (won)"))
    executed_on = models.DateField(_("made on"), db_index=True)
    bank_rate_pct = rate_field(_("bank rate at execution (%)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    grace_months = models.PositiveSmallIntegerField(_("grace period (months)"), default=0)
    matures_on = models.DateField(_("matures on"))
    repayment_method = models.CharField(
        _("repayment"), max_length=16, choices=RepaymentMethod.choices
    )
    preferred = models.BooleanField(_("preferred company"), default=False)
    # {"flat": "1.500"} or {"bands": [["0.000", "0.300"], ...]}, plus {"bonus": "0.500"}: the
    # subsidy terms copied from the purpose at execution.
    subsidy_terms = models.JSONField(_("subsidy terms"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=LOAN_WORKFLOWS.state_choices(),
        default=LOAN_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = LOAN_WORKFLOWS.version_field()
    # The subsidy accrues over [executed_on, stopped_on): the stop day itself earns none.
    stopped_on = models.DateField(_("ended on"), null=True, blank=True)
    stop_reason = models.CharField(
        _("ended because"), max_length=12, choices=StopReason.choices, blank=True
    )
    reported_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("fund loan")
        verbose_name_plural = _("fund loans")
        ordering = ["-executed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal_won__gt=0) & Q(principal_won__lte=MAX_WON),
                name="loans_loan_principal",
            ),
            models.CheckConstraint(
                condition=Q(matures_on__gt=F("executed_on")), name="loans_loan_term"
            ),
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True, stop_reason="")
                | Q(stopped_on__gte=F("executed_on")) & ~Q(stop_reason=""),
                name="loans_loan_stop",
            ),
            models.UniqueConstraint(
                fields=["bank", "bank_reference"], name="loans_loan_bank_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.number} {self.company}"


class LoanStatusChange(StatusChange):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="status_history")


class EventKind(models.TextChoices):
    REPAYMENT = "repayment", _("Scheduled repayment")
    PREPAYMENT = "prepayment", _("Prepayment")
    RATE_CHANGE = "rate_change", _("Bank rate change")


class LoanEvent(models.Model):
    """A change of a loan's balance or rate, effective from its day: a repayment on day D
    reduces the balance that accrues on D; a rate change applies from D."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="events")
    on = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    amount_won = models.BigIntegerField(_("amount repaid (won)"), default=0)
    bank_rate_pct = rate_field(_("new bank rate (%)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("loan event")
        verbose_name_plural = _("loan events")
        ordering = ["loan", "on", "id"]
        indexes = [models.Index(fields=["loan", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="rate_change", amount_won=0, bank_rate_pct__gt=0)
                | Q(kind__in=["repayment", "prepayment"], amount_won__gt=0, bank_rate_pct=None),
                name="loans_event_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.kind}"


class SubsidyClaim(WorkflowModel):
    """A bank's subsidy claim for one period [period_start, period_end) of one fund round."""

    workflows = CLAIM_WORKFLOWS

    number = models.CharField(_("claim number"), max_length=30, unique=True)
    fund = models.ForeignKey(FundRound, on_delete=models.PROTECT, related_name="claims")
    bank = models.ForeignKey(PartnerBank, on_delete=models.PROTECT, related_name="claims")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to (exclusive)"))
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=CLAIM_WORKFLOWS.state_choices(),
        default=CLAIM_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = CLAIM_WORKFLOWS.version_field()
    rounding = models.CharField(_("rounding"), max_length=12, choices=FUND_ROUNDINGS)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        ordering = ["-period_start", "bank", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="loans_claim_period"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ClaimStatusChange(StatusChange):
    claim = models.ForeignKey(SubsidyClaim, on_delete=models.CASCADE, related_name="status_history")


class SubsidyClaimLine(models.Model):
    """One loan of a claim: what the bank claims and the interest it says it charged, against
    Jiwon's own figure; the payable amount is Jiwon's figure capped at the interest charged."""

    claim = models.ForeignKey(SubsidyClaim, on_delete=models.CASCADE, related_name="lines")
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="claim_lines")
    claimed_won = models.BigIntegerField(_("claimed by the bank (won)"))
    interest_charged_won = models.BigIntegerField(_("interest the bank charged (won)"))
    computed_won = models.BigIntegerField(_("Jiwon's figure (won)"))
    payable_won = models.BigIntegerField(_("payable (won)"))

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["claim", "loan"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "loan"], name="loans_claim_line_once"),
            models.CheckConstraint(
                condition=Q(claimed_won__gte=0)
                & Q(interest_charged_won__gte=0)
                & Q(computed_won__gte=0)
                & Q(payable_won__gte=0)
                & Q(payable_won__lte=F("interest_charged_won"))
                & Q(payable_won__lte=F("computed_won")),
                name="loans_claim_line_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.loan_id}"

    @property
    def difference_won(self) -> int:
        """What the bank claims over (positive) or under (negative) what is payable."""
        return self.claimed_won - self.payable_won
