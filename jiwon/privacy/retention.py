"""Retention as data: how long each kind of personal record is kept after its purpose ends,
and the job that anonymises what is past it (개인정보 보호법 제21조: personal data no longer
needed is destroyed without delay once its retention period ends).

An app that holds personal records registers a kind in its AppConfig.ready():

    register_retention(RetentionKind(
        kind="representative", label=_("Representatives of closed companies"),
        purpose_end=_("the company closed (폐업)"), default_months=60,
        legal_basis=_("…"), expired=closed_companies_before, anonymise=company_anonymise,
    ))

`expired(cutoff)` gives the records whose purpose ended before `cutoff` (now minus the kept
months); `anonymise(actor=, obj=)` overwrites their personal fields (a service: atomic,
audited). The months live in `RetentionRule` rows (created with the default on first use, then
the agency's to change); the rule's kind ties them to the code. The job also deletes the
personal-data access log's rows older than JIWON_PERSONAL_ACCESS_LOG_YEARS.
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import Promise

from jiwon.core.actor import Actor, SystemActor
from jiwon.privacy.models import Anonymisation, PersonalDataAccess, RetentionRule

RETENTION = SystemActor("retention")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day when it is
    shorter: 31 March less one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class RetentionKind:
    kind: str
    label: str | Promise
    purpose_end: str | Promise
    default_months: int
    legal_basis: str | Promise
    expired: Callable[[datetime], QuerySet[Any]]
    anonymise: Callable[..., object]


_KINDS: dict[str, RetentionKind] = {}


def register_retention(kind: RetentionKind) -> None:
    _KINDS[kind.kind] = kind


def retention_kinds() -> list[RetentionKind]:
    return sorted(_KINDS.values(), key=lambda k: k.kind)


def rule_for(kind: RetentionKind) -> RetentionRule:
    rule, _created = RetentionRule.objects.get_or_create(
        kind=kind.kind,
        defaults={"keep_months": kind.default_months, "legal_basis": str(kind.legal_basis)},
    )
    return rule


def pending(kind: RetentionKind, *, now: datetime) -> QuerySet[Any]:
    """The records of `kind` past their period and not yet anonymised."""
    cutoff = months_before(now, rule_for(kind).keep_months)
    done = Anonymisation.objects.filter(kind=kind.kind).values("object_id")
    return kind.expired(cutoff).exclude(pk__in=[int(v["object_id"]) for v in done])


def retention_apply(now: datetime, *, actor: Actor = RETENTION) -> str:
    """Anonymise every record past its period and delete access-log rows past theirs.
    Idempotent: an anonymised record is recorded and passed over next time."""
    counts = []
    for kind in retention_kinds():
        n = 0
        for obj in pending(kind, now=now).iterator():
            with transaction.atomic():
                kind.anonymise(actor=actor, obj=obj)
                Anonymisation.objects.create(kind=kind.kind, object_id=str(obj.pk), at=now)
            n += 1
        counts.append(f"{kind.kind} {n}")
    log_cutoff = months_before(now, 12 * settings.JIWON_PERSONAL_ACCESS_LOG_YEARS)
    deleted, _ = PersonalDataAccess.objects.filter(at__lt=log_cutoff).delete()
    counts.append(f"access log {deleted}")
    return "anonymised: " + ", ".join(counts)
