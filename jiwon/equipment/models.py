"""Shared equipment and workshops: sites, the resources people book, the bookings themselves,
the training a unit may require, quotas, the waiting list, requested tests and the usage log.

Two bookings of one resource never overlap, buffer included: each booking holds the resource
over [start, hold_end), where hold_end = end + the resource's buffer. PostgreSQL enforces it
with an exclusion constraint, SQLite with a trigger (migration 0002), and the booking service
checks it first so that people get a message rather than an integrity error.
"""

from datetime import time, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.core.models import Agency
from jiwon.core.workflow import StatusChange, WorkflowModel
from jiwon.equipment.workflow import BOOKINGS, TEST_REQUESTS, BookingStatus
from jiwon.programs.models import Program


class Site(models.Model):
    """A place with bookable resources (e.g. the electronic-parts 소공인 cluster's centre)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="equipment_sites")
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # The startup-space site this one is part of (its code in spaces, e.g. "acube"): that
    # site's pages link to the meeting rooms here (jiwon.core.places; the apps are siblings).
    place_code = models.SlugField(
        _("startup-space site code"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("The code of the startup-space site this site is part of, if any."),
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name_ko


class EquipmentKind(models.Model):
    """A kind of equipment (network analyser, thermal-shock tester...): what people search
    by, whichever unit of the kind is free."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("equipment kind")
        verbose_name_plural = _("equipment kinds")
        ordering = ["name_ko"]

    def __str__(self) -> str:
        return self.name_ko


class ResourceCategory(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    WORKBENCH = "workbench", _("Workbench")
    WORKSHOP = "workshop", _("Shared workshop")
    MEETING_ROOM = "meeting_room", _("Meeting room")


class Resource(models.Model):
    """One bookable thing: an equipment unit, a workbench, the workshop or a meeting room, with
    the rules its bookings follow (all data, edited by staff)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="resources")
    category = models.CharField(_("category"), max_length=16, choices=ResourceCategory.choices)
    kind = models.ForeignKey(
        EquipmentKind,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("equipment kind"),
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    model_name = models.CharField(_("model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    specifications = models.TextField(_("specifications"), blank=True, max_length=4000)
    photo = models.ImageField(_("photo"), upload_to="equipment/photos/", blank=True)
    manual = models.FileField(_("manual"), upload_to="equipment/manuals/", blank=True)
    # Opening hours: the same hours on every open weekday; public holidays (the `holidays`
    # package's KR calendar) and the agency's closures are closed unless said otherwise.
    opens_at = models.TimeField(_("opens at"), default=time(9, 0))
    closes_at = models.TimeField(_("closes at"), default=time(18, 0))
    open_weekdays = models.CharField(
        _("open weekdays"),
        max_length=7,
        default="01234",
        help_text=_("Digits of the open weekdays: 0 is Monday, 6 is Sunday."),
    )
    closed_on_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    min_minutes = models.PositiveSmallIntegerField(_("shortest booking (minutes)"), default=30)
    max_minutes = models.PositiveSmallIntegerField(_("longest booking (minutes)"), default=240)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between bookings (minutes)"), default=0
    )
    min_notice_minutes = models.PositiveIntegerField(_("minimum notice (minutes)"), default=60)
    max_ahead_days = models.PositiveSmallIntegerField(_("bookable days ahead"), default=30)
    eligibility_program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who may book (the rule of this programme)"),
        help_text=_("Empty: every company may book."),
    )
    needs_approval = models.BooleanField(_("staff approve each booking"), default=False)
    requires_training = models.BooleanField(_("requires a valid training record"), default=False)
    fee_per_hour_won = models.PositiveIntegerField(_("fee per hour (won)"), default=0)
    checkin_before_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before the start)"), default=15
    )
    release_after_minutes = models.PositiveSmallIntegerField(
        _("released when not checked in (minutes after the start)"), default=15
    )
    has_counter = models.BooleanField(_("has a usage counter"), default=False)
    active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["site", "category", "name_ko"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="equipment_resource_hours_order",
            ),
            models.CheckConstraint(
                condition=models.Q(min_minutes__lte=models.F("max_minutes")),
                name="equipment_resource_length_order",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gt=0), name="equipment_resource_slot_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(category="equipment") | models.Q(kind__isnull=False),
                name="equipment_resource_unit_has_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name_ko

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)


class Booking(WorkflowModel):
    """A company's booking of one resource over [start, end)."""

    workflows = BOOKINGS
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="equipment_bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # end + the resource's buffer when booked: the time the resource is held.
    hold_end = models.DateTimeField(editable=False)
    purpose = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BOOKINGS.state_choices(),
        default=BOOKINGS.current.initial,
        db_index=True,
    )
    workflow_version = BOOKINGS.version_field()
    fee_won = models.PositiveIntegerField(_("fee (won)"), default=0)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    test_request = models.ForeignKey(
        "TestRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["resource", "start"], name="equipment_booking_res_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="equipment_booking_order"
            ),
            models.CheckConstraint(
                condition=models.Q(hold_end__gte=models.F("end")), name="equipment_booking_hold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M}"

    @property
    def holds(self) -> bool:
        return self.status in BookingStatus.HOLDING


class BookingStatusChange(StatusChange):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="status_history")


class UsageLog(models.Model):
    """What actually happened, written at check-out: the hours utilisation counts."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="usage")
    started_at = models.DateTimeField(_("used from"))
    ended_at = models.DateTimeField(_("used until"))
    person = models.CharField(_("used by"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    counter_value = models.PositiveBigIntegerField(_("counter"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("usage")
        verbose_name_plural = _("usage log")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gt=models.F("started_at")),
                name="equipment_usage_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.started_at:%Y-%m-%d %H:%M}"


class TrainingRecord(models.Model):
    """A person trained on a kind of equipment (or one unit), valid until its expiry."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="equipment_trainings"
    )
    kind = models.ForeignKey(
        EquipmentKind, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="trainings"
    )
    trained_on = models.DateField(_("trained on"))
    expires_on = models.DateField(_("valid until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-trained_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("trained_on")),
                name="equipment_training_order",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__isnull=False) | models.Q(resource__isnull=False),
                name="equipment_training_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.kind or self.resource} {self.expires_on}"


class QuotaPeriod(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class Quota(models.Model):
    """At most `hours` of bookings per company per week or month, on one resource or on every
    unit of a kind. A booking that crosses a period boundary counts in each period by its hours
    there."""

    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="quotas"
    )
    kind = models.ForeignKey(
        EquipmentKind, null=True, blank=True, on_delete=models.CASCADE, related_name="quotas"
    )
    period = models.CharField(_("period"), max_length=8, choices=QuotaPeriod.choices)
    hours = models.PositiveSmallIntegerField(_("hours"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resource__isnull=True) ^ models.Q(kind__isnull=True),
                name="equipment_quota_one_subject",
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="equipment_quota_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.resource or self.kind}: {self.hours} h / {self.period}"


class WaitlistEntry(models.Model):
    """A company waiting for a taken slot; told by email when the slot frees."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="waitlist")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(_("told the slot is free"), null=True, blank=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="equipment_wait_order"
            ),
            models.UniqueConstraint(
                fields=["resource", "company", "start", "end"], name="equipment_wait_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M}"


class TestRequest(WorkflowModel):
    """시험분석의뢰: a company asks the agency to run a test on a unit of a kind."""

    workflows = TEST_REQUESTS
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="test_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.ForeignKey(EquipmentKind, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what to test"), max_length=3000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TEST_REQUESTS.state_choices(),
        default=TEST_REQUESTS.current.initial,
    )
    workflow_version = TEST_REQUESTS.version_field()
    result_file = models.FileField(_("result"), upload_to="equipment/results/", blank=True)
    result_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test request")
        verbose_name_plural = _("test requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} — {self.company}"


class TestRequestStatusChange(StatusChange):
    request = models.ForeignKey(
        TestRequest, on_delete=models.CASCADE, related_name="status_history"
    )


class SupportArea(models.Model):
    """An area of a centre's support to small manufacturers (시제품, 마케팅, 인증, 협업...),
    served by the programmes listed: the support itself is in the ledger rows of those
    programmes, so the companies supported per area are counted, never typed."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="support_areas")
    code = models.SlugField(_("code"), max_length=40)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    programs = models.ManyToManyField(
        Program, related_name="+", blank=True, verbose_name=_("programmes")
    )

    class Meta:
        verbose_name = _("support area")
        verbose_name_plural = _("support areas")
        ordering = ["site", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "code"], name="equipment_area_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_ko
