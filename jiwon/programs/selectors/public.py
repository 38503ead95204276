"""Reads for the public notice board, its feeds and /api/v1/programs.

Every list here starts from `public_programs()`, and one notice (its page, attachment or
calendar) is fetched with access.program_for as ANYONE: a draft never leaves the back office,
whoever asks and however. Only the API lets staff who read every programme (programs.view_all)
ask for drafts explicitly.

Times are compared in KST (Asia/Seoul), the time zone of the notices: a programme is open while
opens_at <= now < closes_at, and its D-day counts calendar days in Seoul."""

from dataclasses import dataclass, fields
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Case, F, Q, QuerySet, When, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.models import Agency
from jiwon.core.permissions import has_perm
from jiwon.programs.access import Viewer
from jiwon.programs.eligibility.codes import region_covers, region_name, regions
from jiwon.programs.models import Program, TargetGroup
from jiwon.programs.workflow import PUBLIC_STATUSES, ProgramStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class State:
    """Where a public programme stands for an applicant (not its workflow status)."""

    OPEN = "open"
    UPCOMING = "upcoming"
    CLOSED = "closed"


class Sort:
    NEWEST = "newest"
    DEADLINE = "deadline"


STATES = (State.OPEN, State.UPCOMING, State.CLOSED)
SORTS = (Sort.NEWEST, Sort.DEADLINE)
SEARCHED_FIELDS = ("title_ko", "title_en", "summary", "target_text", "notice_text")


@dataclass(frozen=True)
class NoticeFilters:
    q: str = ""
    category: str = ""
    target: str = ""
    status: str = ""
    region: str = ""
    fiscal_year: int | None = None
    within_days: int | None = None
    sort: str = Sort.NEWEST

    def as_query(self) -> dict[str, str]:
        """The filters as query-string values, without the defaults (for links to more pages)."""
        out = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in ("", None) and value != field.default:
                out[field.name] = str(value)
        return out


def public_programs() -> QuerySet[Program]:
    return Program.objects.filter(status__in=PUBLIC_STATUSES).select_related("agency")


def programs_readable_by(user: Viewer | None, *, include_drafts: bool = False) -> QuerySet[Program]:
    """Public programmes, plus drafts when asked for by someone who reads every programme."""
    if include_drafts and user is not None and has_perm(user, "programs.view_all"):
        return Program.objects.select_related("agency")
    return public_programs()


def _open_q(now: datetime) -> Q:
    return Q(status=ProgramStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now)


def _upcoming_q(now: datetime) -> Q:
    return Q(status=ProgramStatus.PUBLISHED, opens_at__gt=now)


def _closed_q(now: datetime) -> Q:
    return Q(status__in=set(PUBLIC_STATUSES) - {ProgramStatus.PUBLISHED}) | Q(
        status=ProgramStatus.PUBLISHED, closes_at__lte=now
    )


STATE_QUERIES = {State.OPEN: _open_q, State.UPCOMING: _upcoming_q, State.CLOSED: _closed_q}


def start_of_kst_day(now: datetime, days_ahead: int = 0) -> datetime:
    day = timezone.localtime(now).date() + timedelta(days=days_ahead)
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def agencies_covering(code: str) -> list[int]:
    """Agencies whose jurisdiction lies in the region `code` or contains it: 41 (경기도) finds
    an agency of 41171 and 41173, and 41171 finds one of 41170 (안양시) or of all of 41."""
    return [
        agency.pk
        for agency in Agency.objects.only("pk", "region_codes")
        if any(
            own == code or region_covers(code, own) or region_covers(own, code)
            for own in agency.region_codes or ()
        )
    ]


def _search(qs: QuerySet[Program], text: str) -> QuerySet[Program]:
    """Every whitespace-separated term must occur somewhere (AND), as a substring ignoring case.
    Substrings rather than full-text search: PostgreSQL has no Korean text configuration, and
    Korean words take particles (지원사업을, 청년창업자) that only a substring match finds."""
    for term in text.split():
        any_field = Q()
        for name in SEARCHED_FIELDS:
            any_field |= Q(**{f"{name}__icontains": term})
        qs = qs.filter(any_field)
    return qs


def notice_search(
    *,
    filters: NoticeFilters,
    now: datetime | None = None,
    user: Viewer | None = None,
    include_drafts: bool = False,
) -> QuerySet[Program]:
    now = now or timezone.now()
    # Every row shows its target groups: one query for the page, not one per row.
    qs = programs_readable_by(user, include_drafts=include_drafts).prefetch_related("targets")
    qs = _search(qs, filters.q)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.target:
        # One row per (programme, group): filtering on one group cannot duplicate programmes.
        qs = qs.filter(targets__group=filters.target)
    if filters.status in STATE_QUERIES:
        qs = qs.filter(STATE_QUERIES[filters.status](now))
    if filters.region:
        qs = qs.filter(agency_id__in=agencies_covering(filters.region))
    if filters.fiscal_year:
        qs = qs.filter(fiscal_year=filters.fiscal_year)
    if filters.within_days is not None:
        # The same calendar days the D-day badge counts: "within 3 days" is D-day to D-3.
        qs = qs.filter(
            _open_q(now) | _upcoming_q(now),
            closes_at__lt=start_of_kst_day(now, filters.within_days + 1),
        )
    if filters.sort == Sort.DEADLINE:
        # Deadlines still ahead first, soonest first; then those that passed, latest first.
        ahead = Case(When(_open_q(now) | _upcoming_q(now), then=F("closes_at")))
        return qs.order_by(ahead.asc(nulls_last=True), "-closes_at", "-id")
    return qs.order_by("-notice_date", F("published_at").desc(nulls_last=True), "-id")


def notice_detail(*, program: Program) -> dict[str, Any]:
    """What a notice's page shows (`program` from access.program_for)."""
    prefetch_related_objects([program], "targets")
    return {"program": program, "attachments": list(program.attachments.all())}


def notice_for_api(program: Program) -> Program:
    """`program` (from access.program_for) with the target groups the API shows."""
    prefetch_related_objects([program], "targets")
    return program


def state_of(program: Program, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if program.status != ProgramStatus.PUBLISHED or program.closes_at <= now:
        return State.CLOSED
    if program.opens_at > now:
        return State.UPCOMING
    return State.OPEN


def state_label(state: str) -> str:
    return {
        State.OPEN: _("Open now"),
        State.UPCOMING: _("Upcoming"),
        State.CLOSED: _("Closed"),
    }[state]


@dataclass(frozen=True)
class Deadline:
    """The D-day badge: `days` calendar days (KST) to the deadline, None once it has passed.
    Before the window opens the badge counts to the opening instead (`opens_in`): "D-21" on
    an upcoming call read as three weeks to apply when it was three weeks to wait."""

    days: int | None
    opens_in: int | None = None

    @property
    def label(self) -> str:
        if self.opens_in is not None:
            if self.opens_in == 0:
                return _("Opens today")
            return _("Opens D-%(days)d") % {"days": self.opens_in}
        if self.days is None:
            return _("Closed")
        if self.days == 0:
            return _("Closes today")
        return _("D-%(days)d") % {"days": self.days}

    @property
    def title(self) -> str:
        if self.opens_in is not None:
            return _("Calendar days left to the opening (KST)")
        return _("Calendar days left to the deadline (KST)")

    @property
    def urgent(self) -> bool:
        return self.opens_in is None and self.days is not None and self.days <= 3


def deadline_of(program: Program, now: datetime | None = None) -> Deadline:
    now = now or timezone.now()
    state = state_of(program, now)
    if state == State.CLOSED:
        return Deadline(None)
    today = timezone.localtime(now).date()
    days = (timezone.localtime(program.closes_at).date() - today).days
    if state == State.UPCOMING:
        return Deadline(days, opens_in=(timezone.localtime(program.opens_at).date() - today).days)
    return Deadline(days)


def targets_of(program: Program) -> "list[tuple[str, StrOrPromise]]":
    """The programme's target groups as (id, label), in TargetGroup's order (청년, 중장년, …);
    reads the prefetched `targets` of notice_search and notice_detail."""
    groups = {target.group for target in program.targets.all()}
    return [(value, label) for value, label in TargetGroup.choices if value in groups]


def region_choices() -> list[tuple[str, str]]:
    """The regions agencies serve: each 시도 of a jurisdiction, then its codes (a short list a
    visitor can scan, rather than all 250 시군구)."""
    codes: set[str] = set()
    for region_codes in Agency.objects.values_list("region_codes", flat=True):
        for code in region_codes or ():
            codes.update({code[:2], code})
    known = regions()
    return [
        (
            code,
            region_name(code) if len(code) == 2 else f"{region_name(code[:2])} {region_name(code)}",
        )
        for code in sorted(codes)
        if code in known
    ]


def fiscal_years() -> list[int]:
    return list(
        public_programs().order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )


def _feed_filter(qs: QuerySet[Program], category: str, target: str) -> QuerySet[Program]:
    if category:
        qs = qs.filter(category=category)
    if target:
        qs = qs.filter(targets__group=target)
    return qs


def feed_programs(*, category: str = "", target: str = "", limit: int = 50) -> QuerySet[Program]:
    """The latest notices for RSS/Atom: newest first, whatever their state."""
    qs = _feed_filter(public_programs(), category, target)
    return qs.order_by(F("published_at").desc(nulls_last=True), "-notice_date", "-id")[:limit]


def calendar_programs(
    *, category: str = "", target: str = "", now: datetime | None = None
) -> QuerySet[Program]:
    """Deadlines still ahead (open and upcoming programmes), soonest first."""
    now = now or timezone.now()
    qs = _feed_filter(public_programs().filter(_open_q(now) | _upcoming_q(now)), category, target)
    return qs.order_by("closes_at", "id")
