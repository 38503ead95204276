"""Reads of the personal-data access log: the month the auditor reviews, with what stands out."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from jiwon.privacy.models import AccessAction, AccessReview, PersonalDataAccess

# Accesses between these hours (KST) are outside working hours.
NIGHT_FROM, NIGHT_UNTIL = 22, 6


@dataclass
class ActorMonth:
    actor_id: int | None
    label: str
    role: str
    views: int
    exports: int
    changes: int
    persons: int
    night: int
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MonthReview:
    month: date
    actors: list[ActorMonth]
    bulk_exports: list[PersonalDataAccess]
    review: AccessReview | None
    persons_limit: int

    @property
    def flagged(self) -> int:
        return sum(1 for a in self.actors if a.flags) + len(self.bulk_exports)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(month.replace(day=1), time.min, tzinfo=zone)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, datetime.combine(following, time.min, tzinfo=zone)


def month_accesses(month: date) -> QuerySet[PersonalDataAccess]:
    start, end = month_bounds(month)
    return PersonalDataAccess.objects.filter(at__gte=start, at__lt=end)


def _night_ids(month: date) -> dict[int | None, int]:
    counts: dict[int | None, int] = {}
    for actor_id, at in month_accesses(month).values_list("actor_id", "at").iterator():
        hour = timezone.localtime(at).hour
        if hour >= NIGHT_FROM or hour < NIGHT_UNTIL:
            counts[actor_id] = counts.get(actor_id, 0) + 1
    return counts


def month_review(*, month: date) -> MonthReview:
    """Per account: how many views, exports and changes, how many persons' data, how many
    outside working hours; flags an account whose persons exceed the limit
    (JIWON_PRIVACY_MONTHLY_PERSONS) or three times the median of the accounts, or who worked
    at night, and lists every export of at least JIWON_PRIVACY_BULK_EXPORT persons."""
    rows = (
        month_accesses(month)
        .values("actor_id", "actor_label", "actor_role")
        .annotate(
            views=Count("id", filter=Q(action=AccessAction.VIEW)),
            exports=Count("id", filter=Q(action=AccessAction.EXPORT)),
            changes=Count("id", filter=Q(action=AccessAction.CHANGE)),
            persons=Sum("subject_count"),
        )
        .order_by("-persons", "actor_label")
    )
    night = _night_ids(month)
    actors = [
        ActorMonth(
            actor_id=r["actor_id"],
            label=r["actor_label"],
            role=r["actor_role"],
            views=r["views"],
            exports=r["exports"],
            changes=r["changes"],
            persons=r["persons"] or 0,
            night=night.get(r["actor_id"], 0),
        )
        for r in rows
    ]
    limit = settings.JIWON_PRIVACY_MONTHLY_PERSONS
    median = statistics.median([a.persons for a in actors]) if len(actors) >= 3 else None
    for a in actors:
        if a.persons > limit:
            a.flags.append("volume")
        elif median is not None and a.persons > 3 * median and a.persons >= 20:
            a.flags.append("unusual")
        if a.night:
            a.flags.append("night")
    bulk = list(
        month_accesses(month)
        .filter(action=AccessAction.EXPORT, subject_count__gte=settings.JIWON_PRIVACY_BULK_EXPORT)
        .order_by("-subject_count", "at")
    )
    return MonthReview(
        month=month.replace(day=1),
        actors=actors,
        bulk_exports=bulk,
        review=AccessReview.objects.filter(month=month.replace(day=1)).first(),
        persons_limit=limit,
    )


def access_entries(*, month: date, actor_id: int | None = None) -> QuerySet[PersonalDataAccess]:
    qs = month_accesses(month).order_by("-at", "-id")
    return qs.filter(actor_id=actor_id) if actor_id is not None else qs


def accesses_about(*, kind: str, subject_id: object) -> QuerySet[PersonalDataAccess]:
    """Who accessed this person's data (for the person's own download)."""
    return PersonalDataAccess.objects.filter(subject_kind=kind, subject_id=str(subject_id))
