"""Sites, floors and units (staff set them up; prices are data on the unit)."""

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.core.actor import Actor
from jiwon.core.agencies import in_agency
from jiwon.core.models import Agency
from jiwon.core.permissions import has_perm
from jiwon.core.uploads import UploadPolicy, inspect_upload, kept_name
from jiwon.spaces.models import Floor, SpaceSite, Unit
from jiwon.spaces.plans import MAX_BYTES, svg_sanitise

SITE_FIELDS = [
    "code", "kind", "name_ko", "name_en", "address", "term_months", "extension_months",
    "max_extensions", "extension_threshold", "min_founder_age", "order",
]  # fmt: skip
UNIT_FIELDS = [
    "code", "kind", "area_m2", "seats", "rent_basis", "rent_rate_won", "fee_basis",
    "fee_rate_won", "deposit_won", "opened_on", "closed_on", "plan_x", "plan_y",
]  # fmt: skip


def _require_manage(actor: Actor, site: SpaceSite | None = None) -> None:
    """spaces.manage, and a site of the actor's agency (jiwon.core.agencies)."""
    if not has_perm(actor, "spaces.manage"):
        raise PermissionDenied("may not manage spaces")
    if site is not None and not in_agency(actor, site.agency_id):
        raise PermissionDenied("a site of another agency")


@transaction.atomic
def site_create(*, actor: Actor, agency: Agency, **fields: Any) -> SpaceSite:
    _require_manage(actor)
    if not in_agency(actor, agency.pk):
        raise PermissionDenied("a site of another agency")
    site = SpaceSite(agency=agency, **fields)
    site.full_clean()
    site.save()
    audit_record(
        actor=actor,
        action="spaces.site_create",
        obj=site,
        changes={k: [None, v] for k, v in snapshot(site, SITE_FIELDS).items()},
    )
    return site


@transaction.atomic
def site_update(*, actor: Actor, site: SpaceSite, **fields: Any) -> SpaceSite:
    _require_manage(actor, site)
    before = snapshot(site, SITE_FIELDS)
    for name, value in fields.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    audit_record(
        actor=actor,
        action="spaces.site_update",
        obj=site,
        changes=diff(before, snapshot(site, SITE_FIELDS)),
    )
    return site


@transaction.atomic
def floor_create(*, actor: Actor, site: SpaceSite, level: int, label: str) -> Floor:
    _require_manage(actor, site)
    floor = Floor(site=site, level=level, label=label.strip()[:40])
    floor.full_clean()
    floor.save()
    audit_record(
        actor=actor,
        action="spaces.floor_create",
        obj=floor,
        changes={"site": [None, site.pk], "level": [None, level], "label": [None, floor.label]},
    )
    return floor


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    floor: Floor,
    code: str,
    kind: str,
    area_m2: Decimal,
    opened_on: date,
    **fields: Any,
) -> Unit:
    _require_manage(actor, floor.site)
    unit = Unit(floor=floor, code=code.strip(), kind=kind, area_m2=area_m2, opened_on=opened_on)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor,
        action="spaces.unit_create",
        obj=unit,
        changes={k: [None, v] for k, v in snapshot(unit, UNIT_FIELDS).items()},
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, **fields: Any) -> Unit:
    """Prices changed here apply to contracts signed afterwards: a contract keeps the prices
    it was signed at."""
    _require_manage(actor, unit.floor.site)
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor,
        action="spaces.unit_update",
        obj=unit,
        changes=diff(before, snapshot(unit, UNIT_FIELDS)),
    )
    return unit


PLAN_POLICY = UploadPolicy(extensions=("png", "jpg"), max_mb=10)


def _svg_plan(upload: UploadedFile[bytes]) -> tuple[str, bytes]:
    """The kept name and the sanitised document of an SVG plan (jiwon.spaces.plans)."""
    name = kept_name(upload)
    if len(name) > PLAN_POLICY.max_name:
        raise ValidationError(
            _("The file name is too long: at most %(max)d characters.")
            % {"max": PLAN_POLICY.max_name}
        )
    data = b""
    upload.seek(0)
    for chunk in upload.chunks():
        data += chunk
        if len(data) > MAX_BYTES:
            break  # svg_sanitise says it is too large
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    return name, svg_sanitise(data, name=name)


@transaction.atomic
def floor_plan_upload(*, actor: Actor, floor: Floor, upload: UploadedFile[bytes]) -> Floor:
    """A floor's plan: a PNG or JPEG image, or an SVG drawing (kept as the sanitised document
    `jiwon.spaces.plans` writes), that the site page draws the units on (by each unit's place
    on the plan, in percent)."""
    _require_manage(actor, floor.site)
    if PurePath(kept_name(upload)).suffix.lower() == ".svg":
        name, clean = _svg_plan(upload)
        floor.plan.save(name, ContentFile(clean), save=True)
        sha256 = hashlib.sha256(clean).hexdigest()
    else:
        inspected = inspect_upload(upload, PLAN_POLICY)
        name, sha256 = inspected.name, inspected.sha256
        floor.plan.save(name, upload, save=True)
    audit_record(
        actor=actor,
        action="spaces.floor_plan_upload",
        obj=floor,
        changes={"plan": [None, name], "sha256": [None, sha256]},
    )
    return floor
