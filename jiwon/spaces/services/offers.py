"""An offer accepted: the company signs the contract the offer names, before it expires
(its right to sign comes from the offer, not from a staff capability)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_move
from jiwon.spaces.models import Offer
from jiwon.spaces.rules import SEOUL
from jiwon.spaces.services.contracts import sign_contract
from jiwon.spaces.services.waitlist import leave_waitlist
from jiwon.spaces.workflow import OfferStatus as OS


@transaction.atomic
def offer_accept(*, actor: Actor, offer: Offer, now: datetime | None = None) -> Offer:
    """The company accepts before the offer expires: the contract is signed for the site's
    term from the offer's start day."""
    now = now or timezone.now()
    locked = Offer.objects.select_for_update().select_related("call__site", "unit").get(pk=offer.pk)
    if not has_perm(actor, "spaces.act", locked.company):
        raise PermissionDenied("may not answer this offer")
    if locked.status != OS.OFFERED:
        raise ValidationError(_("This offer is no longer open."))
    if now >= locked.expires_at:
        raise ValidationError(
            _("This offer expired at %(moment)s.")
            % {"moment": f"{locked.expires_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"}
        )
    # The offer leaves the open state first: the contract may then take the unit.
    moved = workflow_move(actor=actor, obj=locked, to=OS.ACCEPTED, action="spaces.offer_accept")
    sign_contract(
        actor=actor,
        company=locked.company,
        units=[locked.unit],
        start=locked.starts_on,
        program=locked.call.program,
        offer=moved,
        action="spaces.offer_accept",
    )
    leave_waitlist(moved, "accepted", now)
    return moved
