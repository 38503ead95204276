"""Startup spaces: sites (A-Cube, 만안청년창업공간, 중장년 기술창업센터, the city's incubation
buildings) → floors → units, the tenancy contracts that let units to companies, the calls that
recruit tenants (programmes of the programmes app), their waiting list and offers, tenant
evaluations before an extension, monthly charges, and the visits of the youth hub.

Availability and occupancy are never stored: they are read from the contracts. Each contract
holds its units over [start, end) (half-open dates: a contract ends at 00:00 of its end date),
one `ContractUnit` row per unit, and two live rows of one unit never overlap: an exclusion
constraint on PostgreSQL, triggers on SQLite (migration 0002); the contract service checks
first, under a row lock on the units, so that people get a message instead of an error.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.core.models import Agency
from jiwon.core.workflow import StatusChange, WorkflowModel
from jiwon.programs.models import Program
from jiwon.spaces.workflow import CONTRACTS, OFFERS


class SiteKind(models.TextChoices):
    YOUTH_HUB = "youth_hub", _("Youth startup hub")
    YOUTH_SPACE = "youth_space", _("Youth startup space")
    MIDCAREER = "midcareer", _("Middle-aged tech startup centre")
    INCUBATOR = "incubator", _("Incubation building")


class SpaceSite(models.Model):
    """A building or floor set the agency lets to companies, with its tenancy terms (data per
    site: the default term, the extension allowed, the evaluation that gates it)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="space_sites")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SiteKind.choices)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    term_months = models.PositiveSmallIntegerField(_("contract term (months)"), default=24)
    extension_months = models.PositiveSmallIntegerField(_("extension (months)"), default=12)
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), default=1)
    # The tenant evaluation before an extension: the reviews engine's aggregation settings as
    # JSON (criteria, trimming, rounding) and the score an extension needs.
    evaluation_config = models.JSONField(_("tenant evaluation rubric"), default=dict, blank=True)
    extension_threshold = models.DecimalField(
        _("score needed for an extension"), max_digits=6, decimal_places=2, default=Decimal(70)
    )
    min_founder_age = models.PositiveSmallIntegerField(
        _("founders aged at least"), null=True, blank=True
    )
    next_rung = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("next rung of the ladder"),
    )
    order = models.PositiveSmallIntegerField(_("place on the ladder"), default=0)

    class Meta:
        verbose_name = _("space site")
        verbose_name_plural = _("space sites")
        ordering = ["order", "name_ko"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_months__gt=0), name="spaces_site_term_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name_ko


class Floor(models.Model):
    site = models.ForeignKey(SpaceSite, on_delete=models.CASCADE, related_name="floors")
    level = models.SmallIntegerField(_("level"))
    label = models.CharField(_("label"), max_length=40)
    # An uploaded image (PNG/JPEG) or an SVG of the floor: units are placed on it by their
    # plan_x/plan_y (percent of the width and height).
    plan = models.FileField(_("floor plan"), upload_to="spaces/plans/", blank=True)

    class Meta:
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        ordering = ["site", "level"]
        constraints = [
            models.UniqueConstraint(fields=["site", "level"], name="spaces_floor_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.label}"


class UnitKind(models.TextChoices):
    PRIVATE_OFFICE = "private_office", _("Private office")
    ONE_PERSON_OFFICE = "one_person_office", _("1-person office")
    DESK = "desk", _("Fixed desk")
    HOT_DESK = "hot_desk", _("Hot desk")
    LAB = "lab", _("Lab")


class PriceBasis(models.TextChoices):
    UNIT = "unit", _("Per unit")
    AREA = "area", _("Per ㎡")
    SEAT = "seat", _("Per seat")
    FREE = "free", _("Free")


class Unit(models.Model):
    """One lettable thing: an office, a 1-person office, a desk, a lab. Its prices are per
    month; `opened_on`/`closed_on` say when it could be let (occupancy counts it then)."""

    floor = models.ForeignKey(Floor, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    area_m2 = models.DecimalField(_("area (㎡)"), max_digits=8, decimal_places=2)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    rent_basis = models.CharField(
        _("rent per"), max_length=8, choices=PriceBasis.choices, default=PriceBasis.UNIT
    )
    rent_rate_won = models.PositiveIntegerField(_("monthly rent rate (won)"), default=0)
    fee_basis = models.CharField(
        _("maintenance fee per"), max_length=8, choices=PriceBasis.choices, default=PriceBasis.UNIT
    )
    fee_rate_won = models.PositiveIntegerField(_("monthly maintenance fee rate (won)"), default=0)
    deposit_won = models.PositiveIntegerField(_("deposit (won)"), default=0)
    opened_on = models.DateField(_("lettable from"))
    closed_on = models.DateField(_("lettable until"), null=True, blank=True)
    plan_x = models.PositiveSmallIntegerField(_("place on the plan: x (%)"), null=True, blank=True)
    plan_y = models.PositiveSmallIntegerField(_("place on the plan: y (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["floor__site", "floor__level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["floor", "code"], name="spaces_unit_code_unique"),
            models.CheckConstraint(
                condition=models.Q(area_m2__gt=0), name="spaces_unit_area_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gt=models.F("opened_on")),
                name="spaces_unit_open_order",
            ),
            models.CheckConstraint(
                condition=models.Q(plan_x__lte=100) & models.Q(plan_y__lte=100)
                | models.Q(plan_x__isnull=True),
                name="spaces_unit_plan_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.floor.site.name_ko} {self.code}"


class TenancyCall(models.Model):
    """The spaces' side of a tenancy call: the call itself (notice, eligibility, application,
    evaluation, quota) is a programme of the programmes app; this says which site it lets and
    how long an offer of a unit stays open."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="tenancy_call")
    site = models.ForeignKey(SpaceSite, on_delete=models.PROTECT, related_name="calls")
    offer_days = models.PositiveSmallIntegerField(_("days an offer stays open"), default=7)

    class Meta:
        verbose_name = _("tenancy call")
        verbose_name_plural = _("tenancy calls")

    def __str__(self) -> str:
        return self.program.title_ko


class WaitlistEntry(models.Model):
    """A company of a call waiting for a unit, in rank order (from the published selection);
    the next in line receives an offer when a unit frees."""

    call = models.ForeignKey(TenancyCall, on_delete=models.CASCADE, related_name="waitlist")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(_("rank"))
    added_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(_("left the list"), null=True, blank=True)
    left_reason = models.CharField(_("why"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["call", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "company"], name="spaces_wait_once")]

    def __str__(self) -> str:
        return f"{self.call} #{self.rank} {self.company}"


class Offer(WorkflowModel):
    """A unit offered to a company of a call until `expires_at`; accepting it signs the
    contract."""

    workflows = OFFERS
    call = models.ForeignKey(TenancyCall, on_delete=models.PROTECT, related_name="offers")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="space_offers")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="offers")
    starts_on = models.DateField(_("contract from"))
    expires_at = models.DateTimeField(_("open until"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OFFERS.state_choices(),
        default=OFFERS.current.initial,
        db_index=True,
    )
    workflow_version = OFFERS.version_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open offer per unit at a time: a unit is never promised twice.
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(status="offered"),
                name="spaces_offer_one_open_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.company}"


class OfferStatusChange(StatusChange):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="status_history")


class Outcome(models.TextChoices):
    EXTEND = "extend", _("Extend")
    GRADUATE = "graduate", _("Graduate to the next rung")
    END = "end", _("End")


class Contract(WorkflowModel):
    """A company's tenancy of one or more units of one site over [start, end), with its rent,
    fees, deposit and billing day, and the move-in and move-out checklists."""

    workflows = CONTRACTS
    site = models.ForeignKey(SpaceSite, on_delete=models.PROTECT, related_name="contracts")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="space_contracts")
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tenancy call"),
    )
    offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="contract"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until (exclusive)"))
    original_end = models.DateField(_("end of the first term"))
    extensions = models.PositiveSmallIntegerField(_("extensions used"), default=0)
    rent_won = models.PositiveIntegerField(_("monthly rent (won)"), default=0)
    fee_won = models.PositiveIntegerField(_("monthly maintenance fee (won)"), default=0)
    deposit_won = models.PositiveIntegerField(_("deposit (won)"), default=0)
    billing_day = models.PositiveSmallIntegerField(_("billing day"), default=25)
    # What the support ledger counts for this tenancy (the rent the programme waives or
    # subsidises over the term); empty when the programme states no sum.
    support_won = models.PositiveBigIntegerField(
        _("value of the support (won)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CONTRACTS.state_choices(),
        default=CONTRACTS.current.initial,
        db_index=True,
    )
    workflow_version = CONTRACTS.version_field()
    # Move-in checklist.
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    deposit_received_on = models.DateField(_("deposit received on"), null=True, blank=True)
    keys_issued = models.PositiveSmallIntegerField(_("keys issued"), default=0)
    cards_issued = models.PositiveSmallIntegerField(_("access cards issued"), default=0)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    # Move-out checklist.
    keys_returned = models.PositiveSmallIntegerField(_("keys returned"), default=0)
    cards_returned = models.PositiveSmallIntegerField(_("access cards returned"), default=0)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    deposit_deduction_won = models.PositiveIntegerField(_("deposit deduction (won)"), default=0)
    deposit_deduction_reason = models.CharField(
        _("reason for the deduction"), max_length=300, blank=True
    )
    deposit_returned_won = models.PositiveIntegerField(
        _("deposit returned (won)"), null=True, blank=True
    )
    deposit_returned_on = models.DateField(_("deposit returned on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    next_contract = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="previous"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tenancy contract")
        verbose_name_plural = _("tenancy contracts")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="spaces_contract_order"
            ),
            models.CheckConstraint(
                condition=models.Q(billing_day__gte=1) & models.Q(billing_day__lte=31),
                name="spaces_contract_billing_day",
            ),
            models.CheckConstraint(
                condition=models.Q(deposit_deduction_won__lte=models.F("deposit_won")),
                name="spaces_contract_deduction_le_deposit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.site.name_ko} {self.start}–{self.end}"


class ContractStatusChange(StatusChange):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="status_history")


class ContractUnit(models.Model):
    """One unit of a contract over the contract's [start, end) (copied, so that the database
    can hold the non-overlap rule per unit), with the unit's monthly prices at signing.
    `live` is false once the contract is cancelled: a cancelled contract holds nothing."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="lines")
    start = models.DateField()
    end = models.DateField()
    live = models.BooleanField(default=True)
    rent_won = models.PositiveIntegerField(default=0)
    fee_won = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contracted unit")
        verbose_name_plural = _("contracted units")
        indexes = [models.Index(fields=["unit", "start"], name="spaces_line_unit_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="spaces_line_order"
            ),
            models.UniqueConstraint(fields=["contract", "unit"], name="spaces_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.start}–{self.end}"


class TenantEvaluation(models.Model):
    """The evaluation of a tenant before an extension: each evaluator's sheet on the site's
    rubric, aggregated by the reviews engine (trimming, weights, rounding as configured); the
    extension needs the site's threshold."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="evaluations")
    held_on = models.DateField(_("held on"))
    # [{"evaluator": "1", "scores": {"growth": "32.5", ...}}, ...]: numbers as strings.
    sheets = models.JSONField(_("score sheets"), default=list)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True)
    threshold = models.DecimalField(_("score needed"), max_digits=6, decimal_places=2)
    passed = models.BooleanField(_("passed"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tenant evaluation")
        verbose_name_plural = _("tenant evaluations")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.contract} {self.held_on} {self.score}"


class Charge(models.Model):
    """One month's rent and maintenance fee of a contract: the part of the month in the
    contract ([period_start, period_end)), prorated by days, due on the billing day (clamped to
    the month's last day)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="charges")
    month = models.DateField(_("month"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (exclusive)"))
    rent_won = models.PositiveIntegerField(_("rent (won)"))
    fee_won = models.PositiveIntegerField(_("maintenance fee (won)"))
    total_won = models.PositiveIntegerField(_("total (won)"))
    due_on = models.DateField(_("due on"))
    paid_won = models.PositiveIntegerField(_("paid (won)"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["month", "contract_id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "month"], name="spaces_charge_month_once"),
            models.CheckConstraint(
                condition=models.Q(total_won=models.F("rent_won") + models.F("fee_won")),
                name="spaces_charge_total",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_won__lte=models.F("total_won")),
                name="spaces_charge_not_overpaid",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="spaces_charge_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.month:%Y-%m}"

    @property
    def outstanding_won(self) -> int:
        return self.total_won - self.paid_won


class VisitKind(models.TextChoices):
    PERSON = "person", _("A visitor")
    MEMBER = "member", _("A member of a company")
    COUNT = "count", _("A count of visitors")


class VisitPurpose(models.TextChoices):
    MEETING_ROOM = "meeting_room", _("Meeting room")
    EVENT = "event", _("Event")
    COUNSELLING = "counselling", _("Counselling")
    COWORKING = "coworking", _("Co-working")


class VisitChannel(models.TextChoices):
    DESK = "desk", _("At the desk")
    QR = "qr", _("QR code")


class Visit(models.Model):
    """A check-in at a site: one person (no name is kept), a company member, or a count the
    desk takes of a group. Visits are `people` summed."""

    site = models.ForeignKey(SpaceSite, on_delete=models.PROTECT, related_name="visits")
    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("who"), max_length=8, choices=VisitKind.choices)
    purpose = models.CharField(_("purpose"), max_length=16, choices=VisitPurpose.choices)
    channel = models.CharField(_("how"), max_length=8, choices=VisitChannel.choices)
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["site", "at"], name="spaces_visit_site_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people__gte=1) & models.Q(people__lte=500),
                name="spaces_visit_people",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="person") | models.Q(people=1),
                name="spaces_visit_person_is_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.at:%Y-%m-%d %H:%M} {self.people}"
