"""Visits of a site: checked in at the desk by staff (a person, a company member or a count
of a group) or by the visitor with the site's QR code (one person, no name kept)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import SYSTEM, Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.spaces.models import SpaceSite, Visit, VisitChannel, VisitKind, VisitPurpose

MAX_GROUP = 500


@transaction.atomic
def visit_record(
    *,
    actor: Actor,
    site: SpaceSite,
    purpose: str,
    kind: str = VisitKind.PERSON,
    people: int = 1,
    company: Company | None = None,
    at: datetime | None = None,
) -> Visit:
    """Staff record a visit at the desk."""
    if not has_perm(actor, "spaces.manage"):
        raise PermissionDenied("needs spaces.manage")
    return _record(
        actor=actor, site=site, purpose=purpose, kind=kind, people=people, company=company,
        at=at or timezone.now(), channel=VisitChannel.DESK, action="spaces.visit_record",
    )  # fmt: skip


@transaction.atomic
def visit_check_in(*, site: SpaceSite, purpose: str, at: datetime | None = None) -> Visit:
    """A visitor checks in with the site's QR code: one person, anonymous."""
    return _record(
        actor=SYSTEM, site=site, purpose=purpose, kind=VisitKind.PERSON, people=1,
        company=None, at=at or timezone.now(), channel=VisitChannel.QR,
        action="spaces.visit_check_in",
    )  # fmt: skip


def _record(
    *, actor: Actor, site: SpaceSite, purpose: str, kind: str, people: int,
    company: Company | None, at: datetime, channel: str, action: str,
) -> Visit:  # fmt: skip
    errors = {}
    if purpose not in VisitPurpose.values:
        errors["purpose"] = _("Choose the purpose of the visit.")
    if kind not in VisitKind.values:
        errors["kind"] = _("Choose who visits.")
    if kind == VisitKind.PERSON and people != 1:
        errors["people"] = _("A single visitor is one person; record a group as a count.")
    if not 1 <= people <= MAX_GROUP:
        errors["people"] = _("A count is 1 to %(max)d people.") % {"max": MAX_GROUP}
    if kind == VisitKind.MEMBER and company is None:
        errors["company"] = _("Choose the company of the member.")
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        site=site, at=at, kind=kind, purpose=purpose, channel=channel, people=people,
        company=company if kind == VisitKind.MEMBER else None, recorded_by=actor_user(actor),
    )  # fmt: skip
    audit_record(
        actor=actor,
        action=action,
        obj=visit,
        changes={"purpose": [None, purpose], "people": [None, people], "kind": [None, kind]},
    )
    return visit


@dataclass(frozen=True)
class VisitRow:
    """A count the desk took: `people` visitors for `purpose` at `at`."""

    at: datetime
    purpose: str
    people: int


@transaction.atomic
def visits_bulk_record(*, actor: Actor, site: SpaceSite, rows: Sequence[VisitRow]) -> int:
    """Record a visit log kept elsewhere (a year of the desk's daily counts) in one go: one
    audit entry for the batch. Refused as a whole if a row is not a valid count."""
    if not has_perm(actor, "spaces.manage"):
        raise PermissionDenied("needs spaces.manage")
    bad = [
        i for i, r in enumerate(rows, 1)
        if r.purpose not in VisitPurpose.values or not 1 <= r.people <= MAX_GROUP
    ]  # fmt: skip
    if bad:
        raise ValidationError(
            _("Rows %(rows)s are not visits: a purpose and 1 to %(max)d people each.")
            % {"rows": ", ".join(map(str, bad[:10])), "max": MAX_GROUP}
        )
    user = actor_user(actor)
    made = Visit.objects.bulk_create(
        [
            Visit(
                site=site,
                at=r.at,
                kind=VisitKind.COUNT,
                purpose=r.purpose,
                channel=VisitChannel.DESK,
                people=r.people,
                recorded_by=user,
            )  # fmt: skip
            for r in rows
        ],
        batch_size=2000,
    )
    audit_record(
        actor=actor,
        action="spaces.visits_bulk_record",
        obj=site,
        changes={"visits": [None, len(made)], "people": [None, sum(r.people for r in rows)]},
    )
    return len(made)
