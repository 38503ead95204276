"""Grants after selection: the programme's grant terms and report schedule, agreements (협약)
with their budget versions, tranches (교부), expenses (집행) with their evidence, reports
(중간보고/최종보고), settlements (정산) and returns (반납/환수). Money is integer won."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiwon.applications.models import Application
from jiwon.companies.models import Company
from jiwon.core.i18n import in_language
from jiwon.core.workflow import StatusChange, WorkflowModel
from jiwon.grants.workflow import (
    AGREEMENT_WORKFLOWS,
    EXPENSE_WORKFLOWS,
    OWED,
    REPORT_WORKFLOWS,
    TRANCHE_WORKFLOWS,
)
from jiwon.programs.models import Program

USER = settings.AUTH_USER_MODEL
# The largest amount a form or the API accepts (1조원): bounds every input.
MAX_WON = 1_000_000_000_000


class ExpenseCategory(models.TextChoices):
    """보조세목: the budget lines an agreement may have (a programme allows some of them)."""

    PERSONNEL = "personnel", _("Personnel (인건비)")
    MATERIALS = "materials", _("Materials (재료비)")
    OUTSOURCING = "outsourcing", _("Outsourced services (외주용역비)")
    EQUIPMENT = "equipment", _("Equipment (장비)")
    MARKETING = "marketing", _("Marketing (마케팅)")
    TRAVEL = "travel", _("Travel (여비)")
    OTHER = "other", _("Other (기타)")


class FundSource(models.TextChoices):
    """Where the money of a budget line comes from; the last two are the company's own."""

    CITY = "city", _("City (시비)")
    PROVINCE = "province", _("Province (도비)")
    NATIONAL = "national", _("National (국비)")
    OWN_CASH = "own_cash", _("Own contribution, cash (자부담 현금)")
    OWN_IN_KIND = "own_in_kind", _("Own contribution, in kind (자부담 현물)")


GRANT_SOURCES = (FundSource.CITY, FundSource.PROVINCE, FundSource.NATIONAL)
OWN_SOURCES = (FundSource.OWN_CASH, FundSource.OWN_IN_KIND)


class GrantTerms(models.Model):
    """What a programme's agreements follow: the budget categories it allows and the share of
    the grant each may take, the own contribution it requires, the tranche plan, the
    settlement rules and the agreement document's template."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="grant_terms", verbose_name=_("programme")
    )
    # {category: largest share of the grant in percent, or null for no limit}.
    category_caps = models.JSONField(_("categories and their caps (%)"), default=dict)
    own_share_min_pct = models.PositiveSmallIntegerField(
        _("own contribution, at least (percent of the project cost)"), default=0
    )
    # Percent of the grant per tranche, in order, adding up to 100 (e.g. [70, 30]).
    tranche_plan = models.JSONField(_("tranche plan (%)"), default=list)
    return_interest = models.BooleanField(
        _("interest on the grant account is returned"), default=True
    )
    uncollected_under_won = models.PositiveIntegerField(
        _("amounts under this are not collected (won)"), default=10
    )
    objection_days = models.PositiveSmallIntegerField(
        _("days to object to a settlement"), default=7
    )
    document_template = models.CharField(
        _("agreement document template"), max_length=200, default="grants/documents/agreement.html"
    )

    class Meta:
        verbose_name = _("grant terms")
        verbose_name_plural = _("grant terms")

    def __str__(self) -> str:
        return f"{self.program}"

    def clean(self) -> None:
        unknown = set(self.category_caps) - set(ExpenseCategory.values)
        if unknown:
            raise ValidationError(
                {
                    "category_caps": _("Unknown categories: %(c)s.")
                    % {"c": ", ".join(sorted(unknown))}
                }
            )
        for cap in self.category_caps.values():
            if cap is not None and not (isinstance(cap, int) and 0 < cap <= 100):
                raise ValidationError({"category_caps": _("A cap is a whole percent 1–100.")})
        if self.tranche_plan and (
            sum(self.tranche_plan) != 100
            or not all(isinstance(p, int) and p > 0 for p in self.tranche_plan)
        ):
            raise ValidationError({"tranche_plan": _("The tranches add up to 100%.")})

    def allowed_categories(self) -> list[str]:
        return [c for c in ExpenseCategory.values if c in self.category_caps] or list(
            ExpenseCategory.values
        )


class Agreement(WorkflowModel):
    """A grant agreement (협약) between the agency and a selected company."""

    workflows = AGREEMENT_WORKFLOWS

    number = models.CharField(_("agreement number"), max_length=20, unique=True)
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="grant_agreements",
        verbose_name=_("programme"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="grant_agreements",
        verbose_name=_("company"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_agreement",
        verbose_name=_("application"),
    )
    title = models.CharField(_("project title"), max_length=200)
    starts_on = models.DateField(_("project starts"))
    ends_on = models.DateField(_("project ends"))
    # The approved budget version and its totals (kept with the version that set them).
    budget_version = models.PositiveSmallIntegerField(_("budget version"), default=1)
    grant_won = models.BigIntegerField(_("grant (won)"), default=0)
    own_cash_won = models.BigIntegerField(_("own contribution, cash (won)"), default=0)
    own_in_kind_won = models.BigIntegerField(_("own contribution, in kind (won)"), default=0)
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=AGREEMENT_WORKFLOWS.state_choices(),
        default=AGREEMENT_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = AGREEMENT_WORKFLOWS.version_field()
    document = models.FileField(_("agreement document"), upload_to="grants/agreements/", blank=True)
    document_sha256 = models.CharField(_("document SHA-256"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_by_label = models.CharField(_("accepted by"), max_length=150, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_sha256 = models.CharField(
        _("SHA-256 of the accepted document"), max_length=64, blank=True
    )
    countersigned_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    final_report_at = models.DateTimeField(_("final report at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="grants_agreement_period"
            ),
            models.CheckConstraint(
                condition=Q(grant_won__gte=0) & Q(own_cash_won__gte=0) & Q(own_in_kind_won__gte=0),
                name="grants_agreement_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.company}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The project ends on or after the day it starts.")})

    @property
    def total_won(self) -> int:
        return self.grant_won + self.own_cash_won + self.own_in_kind_won


class AgreementStatusChange(StatusChange):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="status_history"
    )


class BudgetVersion(models.Model):
    """One version of an agreement's budget. Version 1 is drawn up with the agreement; after
    signing, a change is an amendment (변경): a proposed version that another person approves
    or rejects. Versions are never edited once decided, so every version is kept."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="budget_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    reason = models.TextField(_("reason for the change"), blank=True)
    proposed_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    proposed_by_label = models.CharField(_("proposed by"), max_length=150, blank=True)
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_label = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="grants_budget_version"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="proposed"),
                name="grants_one_proposed_amendment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number} v{self.number}"


class BudgetLine(models.Model):
    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=16, choices=ExpenseCategory.choices)
    source = models.CharField(_("source"), max_length=16, choices=FundSource.choices)
    amount_won = models.BigIntegerField(_("amount (won)"))

    class Meta:
        ordering = ["version", "category", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "category", "source"], name="grants_budget_line"
            ),
            models.CheckConstraint(
                condition=Q(amount_won__gte=0), name="grants_budget_line_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}/{self.source} {self.amount_won:,}"


class Tranche(WorkflowModel):
    """A disbursement (교부) of part of the grant, requested by the company."""

    workflows = TRANCHE_WORKFLOWS

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    requested_won = models.BigIntegerField(_("requested (won)"))
    note = models.TextField(_("note"), blank=True)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    requested_by_label = models.CharField(_("requested by"), max_length=150, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=TRANCHE_WORKFLOWS.state_choices(),
        default=TRANCHE_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = TRANCHE_WORKFLOWS.version_field()
    program_approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    program_approved_at = models.DateTimeField(null=True, blank=True)
    finance_approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finance_approved_at = models.DateTimeField(null=True, blank=True)
    paid_won = models.BigIntegerField(_("paid (won)"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_reason = models.TextField(_("why the amount paid differs"), blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="grants_tranche_number"),
            models.CheckConstraint(
                condition=Q(requested_won__gt=0), name="grants_tranche_requested"
            ),
            models.CheckConstraint(
                condition=Q(paid_won__isnull=True) | Q(paid_won__gt=0), name="grants_tranche_paid"
            ),
            # Two people: the programme approver never gives the finance approval too.
            models.CheckConstraint(
                condition=Q(program_approved_by__isnull=True)
                | Q(finance_approved_by__isnull=True)
                | ~Q(program_approved_by=F("finance_approved_by")),
                name="grants_tranche_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number} #{self.number}"


class TrancheStatusChange(StatusChange):
    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, related_name="status_history")


class EvidenceKind(models.TextChoices):
    TAX_INVOICE = "tax_invoice", _("Tax invoice (세금계산서)")
    CARD_SLIP = "card_slip", _("Card slip (카드전표)")
    CONTRACT = "contract", _("Contract (계약서)")
    PAYROLL = "payroll", _("Payroll (급여대장)")
    OTHER = "other", _("Other (기타)")


class Expense(WorkflowModel):
    """An expense (집행) the company records against one budget line, with its evidence."""

    workflows = EXPENSE_WORKFLOWS

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="expenses")
    category = models.CharField(_("category"), max_length=16, choices=ExpenseCategory.choices)
    source = models.CharField(_("source"), max_length=16, choices=FundSource.choices)
    amount_won = models.BigIntegerField(_("amount (won)"))
    spent_on = models.DateField(_("spent on"))
    description = models.CharField(_("what was bought"), max_length=300)
    evidence_kind = models.CharField(_("evidence"), max_length=16, choices=EvidenceKind.choices)
    evidence_number = models.CharField(_("evidence number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_by_label = models.CharField(_("recorded by"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=EXPENSE_WORKFLOWS.state_choices(),
        default=EXPENSE_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = EXPENSE_WORKFLOWS.version_field()

    class Meta:
        ordering = ["agreement", "spent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_won__gt=0), name="grants_expense_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number} {self.description}"


class ExpenseStatusChange(StatusChange):
    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="status_history")


class EvidenceFile(models.Model):
    """A file that backs a tranche request or an expense, kept with its SHA-256."""

    tranche = models.ForeignKey(
        Tranche, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    expense = models.ForeignKey(
        Expense, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="grants/evidence/%Y/", max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(tranche__isnull=True) & Q(expense__isnull=False))
                | (Q(tranche__isnull=False) & Q(expense__isnull=True)),
                name="grants_evidence_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Settlement(models.Model):
    """The settlement (정산) of an agreement: the statement Jiwon computed when staff confirmed
    it (kept as it was shown), the objection window and what the company paid back."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="settlement")
    interest_won = models.BigIntegerField(_("interest earned on the grant account (won)"))
    statement = models.JSONField(_("statement"))
    return_won = models.BigIntegerField(_("to return (won)"))
    confirmed_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    confirmed_by_label = models.CharField(_("confirmed by"), max_length=150, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"))
    objection_until = models.DateField(_("objections until"))
    objection = models.TextField(_("objection"), blank=True)
    objected_at = models.DateTimeField(_("objected at"), null=True, blank=True)
    objection_answer = models.TextField(_("answer to the objection"), blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(interest_won__gte=0) & Q(return_won__gte=0),
                name="grants_settlement_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.return_won:,}"


class GrantReturn(models.Model):
    """Money the company pays back: the settlement's return (반납) or a clawback after closing
    (환수, e.g. misuse found in an audit). `principal_won` is grant money (it comes off the
    support ledger as correction rows when paid); `interest_won` is the grant account's
    interest."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Return (반납)")
        CLAWBACK = "clawback", _("Clawback (환수)")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="returns")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    principal_won = models.BigIntegerField(_("grant to return (won)"))
    interest_won = models.BigIntegerField(_("interest to return (won)"), default=0)
    by_source = models.JSONField(_("by source"), default=dict)
    reason = models.TextField(_("reason"))
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["agreement", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal_won__gte=0)
                & Q(interest_won__gte=0)
                & (Q(principal_won__gt=0) | Q(interest_won__gt=0)),
                name="grants_return_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.total_won:,}"

    @property
    def total_won(self) -> int:
        return self.principal_won + self.interest_won


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report (중간보고)")
    FINAL = "final", _("Final report (최종보고)")


class ReportRequirement(models.Model):
    """One report a programme's agreements owe, as staff set it (data, never code): when it is
    due (months after the project starts, on a date, or days after it ends), the reminder's
    lead, what it holds (narrative fields, outcome figures, attachments: lists of
    {key, ko, en, required}) and the tranche paid only once it is accepted. An agreement
    copies it into a `GrantReport` when it is signed."""

    terms = models.ForeignKey(
        GrantTerms, on_delete=models.CASCADE, related_name="report_requirements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    title_ko = models.CharField(_("report name (Korean)"), max_length=100)
    title_en = models.CharField(_("report name (English)"), max_length=100, blank=True)
    months_after_start = models.PositiveSmallIntegerField(
        _("due months after the start"), null=True, blank=True
    )
    due_on = models.DateField(_("due day"), null=True, blank=True)
    days_after_end = models.PositiveSmallIntegerField(
        _("due days after the end"), null=True, blank=True
    )
    remind_days_before = models.PositiveSmallIntegerField(_("reminder, days before"), default=7)
    releases_tranche = models.PositiveSmallIntegerField(
        _("tranche paid only once accepted"), null=True, blank=True
    )
    narrative = models.JSONField(_("narrative fields"), default=list)
    figures = models.JSONField(_("outcome figures"), default=list)
    attachments = models.JSONField(_("attachments"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["terms", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    months_after_start__isnull=False,
                    due_on__isnull=True,
                    days_after_end__isnull=True,
                )
                | Q(
                    months_after_start__isnull=True,
                    due_on__isnull=False,
                    days_after_end__isnull=True,
                )
                | Q(
                    months_after_start__isnull=True,
                    due_on__isnull=True,
                    days_after_end__isnull=False,
                ),
                name="grants_requirement_one_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.title_ko

    @property
    def title(self) -> str:
        return in_language(self.title_ko, self.title_en)


class GrantReport(WorkflowModel):
    """A report an agreement owes (중간보고/최종보고): its due day, what it must hold (`spec`,
    copied from the requirement when generated), the company's draft or submission, and its
    review. Overdue is not a state: a report owed (due or returned) past its due day in Seoul."""

    workflows = REPORT_WORKFLOWS

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reports")
    requirement = models.ForeignKey(
        ReportRequirement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    title_ko = models.CharField(_("report name (Korean)"), max_length=100)
    title_en = models.CharField(_("report name (English)"), max_length=100, blank=True)
    due_on = models.DateField(_("due day"))
    remind_days_before = models.PositiveSmallIntegerField(_("reminder, days before"), default=7)
    releases_tranche = models.PositiveSmallIntegerField(null=True, blank=True)
    spec = models.JSONField(default=dict)
    narrative = models.JSONField(_("narrative"), default=dict)
    figures = models.JSONField(_("outcome figures"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=REPORT_WORKFLOWS.state_choices(),
        default=REPORT_WORKFLOWS.current.initial,
        db_index=True,
    )
    workflow_version = REPORT_WORKFLOWS.version_field()
    saved_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "requirement"], name="grants_report_once_per_requirement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number} {self.title_ko}"

    @property
    def title(self) -> str:
        return in_language(self.title_ko, self.title_en)

    @property
    def days_overdue(self) -> int:
        """Days past the due day (Asia/Seoul) of a report still owed; 0 on the due day."""
        if self.status not in OWED:
            return 0
        return max(0, (timezone.localdate() - self.due_on).days)

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


class GrantReportStatusChange(StatusChange):
    report = models.ForeignKey(GrantReport, on_delete=models.CASCADE, related_name="status_history")


class ReportFile(models.Model):
    """An attachment of a report, in one of the slots its spec names, with its SHA-256."""

    report = models.ForeignKey(GrantReport, on_delete=models.CASCADE, related_name="files")
    slot = models.CharField(_("attachment"), max_length=20)
    file = models.FileField(_("file"), upload_to="grants/reports/%Y/", max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
