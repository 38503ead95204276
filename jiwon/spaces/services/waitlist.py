"""Tenancy calls and their waiting list (ranked from the call's published selection, or added by
staff) and the offers of units, each open until its expiry. A unit that frees (an offer
declined or expired, a contract cancelled or ended early) is offered to the next company in
line; the scheduled job `spaces.offers_expire` lapses offers whose time has passed."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.companies.notifications import notify_company
from jiwon.core.actor import SYSTEM, Actor
from jiwon.core.agencies import in_agency
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.outcomes.models import Provenance, SupportLedgerEntry
from jiwon.outcomes.receivers import SELECTION_SOURCE
from jiwon.outcomes.selectors.ledger import standing_entries
from jiwon.outcomes.services.ledger import ledger_entry_void
from jiwon.programs.models import Program
from jiwon.programs.services.programs import program_ledger_by_domain
from jiwon.spaces.models import Offer, SpaceSite, TenancyCall, Unit, WaitlistEntry
from jiwon.spaces.rules import SEOUL, add_months, day_start
from jiwon.spaces.selectors import free_units, ranked_companies
from jiwon.spaces.workflow import OfferStatus as OS


def _require(actor: Actor) -> None:
    if not has_perm(actor, "spaces.manage"):
        raise PermissionDenied("needs spaces.manage")


@transaction.atomic
def tenancy_call_create(
    *, actor: Actor, program: Program, site: SpaceSite, offer_days: int = 7
) -> TenancyCall:
    """Make `program` (a programme of the programmes app: notice, rule, application,
    evaluation, quota) the call that lets `site`. Its support-ledger rows come from the
    contracts from now on: a publication of its selection writes none, and the rows an earlier
    publication wrote are voided (one row per tenancy, the contract's)."""
    _require(actor)
    if not (in_agency(actor, site.agency_id) and in_agency(actor, program.agency_id)):
        raise PermissionDenied("a site or programme of another agency")
    if not 1 <= offer_days <= 60:
        raise ValidationError({"offer_days": _("An offer stays open 1 to 60 days.")})
    call = TenancyCall.objects.create(program=program, site=site, offer_days=offer_days)
    program_ledger_by_domain(actor=actor, program=program)
    voided = _selection_rows_void(actor, program)
    audit_record(
        actor=actor,
        action="spaces.tenancy_call_create",
        obj=call,
        changes={
            "program": [None, program.pk],
            "site": [None, site.pk],
            "selection_ledger_rows_voided": [None, voided],
        },
    )
    return call


def _selection_rows_void(actor: Actor, program: Program) -> int:
    """Void the standing ledger rows the programme's published selection wrote: the
    contracts write the tenancy's row."""
    rows = standing_entries(
        SupportLedgerEntry.objects.filter(source_type=SELECTION_SOURCE, program=program)
    )
    reason = _("The tenancy's ledger row comes from its contract.")
    count = 0
    for row in rows.order_by("pk"):
        ledger_entry_void(actor=actor, entry=row, reason=str(reason), provenance=Provenance.AGENCY)
        count += 1
    return count


@transaction.atomic
def waitlist_from_selection(*, actor: Actor, call: TenancyCall) -> int:
    """Put the call's ranked applicants (the published final ranking: selected first, then
    the qualified reserves) on the waiting list in rank order; already listed companies keep
    their place. Returns how many were added."""
    _require(actor)
    ranked = ranked_companies(call.program)
    if not ranked:
        raise ValidationError(_("The call has no published ranking yet."))
    listed = set(call.waitlist.values_list("company_id", flat=True))
    last = call.waitlist.order_by("-rank").values_list("rank", flat=True).first() or 0
    added = 0
    for company in ranked:
        if company.pk in listed:
            continue
        last += 1
        entry = WaitlistEntry.objects.create(call=call, company=company, rank=last)
        added += 1
        audit_record(
            actor=actor,
            action="spaces.waitlist_from_selection",
            obj=entry,
            changes={"company": [None, company.pk], "rank": [None, last]},
        )
    return added


@transaction.atomic
def waitlist_add(*, actor: Actor, call: TenancyCall, company: Company) -> WaitlistEntry:
    """Staff add a company at the end of the list."""
    _require(actor)
    last = call.waitlist.order_by("-rank").values_list("rank", flat=True).first() or 0
    try:
        with transaction.atomic():
            entry = WaitlistEntry.objects.create(call=call, company=company, rank=last + 1)
    except IntegrityError as exc:
        raise ValidationError(
            _("%(company)s is on this list already.") % {"company": company.name_ko}
        ) from exc
    audit_record(
        actor=actor,
        action="spaces.waitlist_add",
        obj=entry,
        changes={"company": [None, company.pk], "rank": [None, entry.rank]},
    )
    return entry


def _expiry(now: datetime, days: int) -> datetime:
    # Open until 24:00 (Seoul) of the `days`-th day after today.
    return day_start(now.astimezone(SEOUL).date() + timedelta(days=days + 1))


def _waiting(call: TenancyCall) -> list[WaitlistEntry]:
    """Companies still in line with no open offer of this call, by rank."""
    offered = Offer.objects.filter(call=call, status=OS.OFFERED).values("company_id")
    return list(
        call.waitlist.filter(left_at__isnull=True)
        .exclude(company_id__in=offered)
        .select_related("company")
        .order_by("rank", "id")
    )


def _make(
    *, actor: Actor, call: TenancyCall, entry: WaitlistEntry, unit: Unit, starts_on: date,
    now: datetime, action: str,
) -> Offer:  # fmt: skip
    offer = workflow_initial(
        Offer(
            call=call,
            company=entry.company,
            unit=unit,
            starts_on=starts_on,
            expires_at=_expiry(now, call.offer_days),
        )
    )
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("%(unit)s is offered to another company already.") % {"unit": unit.code}
        ) from exc
    workflow_record_created(actor=actor, obj=offer)
    audit_record(
        actor=actor,
        action=action,
        obj=offer,
        changes={
            "company": [None, entry.company_id],
            "unit": [None, unit.pk],
            "expires_at": [None, offer.expires_at.isoformat()],
        },
    )
    notify_company(company=entry.company, template="spaces/email/offer", context={"offer": offer})
    return offer


def _free_for_a_term(call: TenancyCall, starts_on: date) -> list[Unit]:
    site = call.site
    end = add_months(starts_on, site.term_months)
    promised = Offer.objects.filter(status=OS.OFFERED).values("unit_id")
    return list(free_units(starts_on, end, site=site).exclude(pk__in=promised).order_by("code"))


@transaction.atomic
def offers_make(
    *, actor: Actor, call: TenancyCall, starts_on: date, now: datetime | None = None
) -> list[Offer]:
    """Offer every unit of the call's site free for a full term from `starts_on` to the next
    companies in line, one unit each, in rank order and unit order."""
    _require(actor)
    now = now or timezone.now()
    if starts_on < now.astimezone(SEOUL).date():
        raise ValidationError(_("A contract offered now cannot start in the past."))
    list(Unit.objects.select_for_update().filter(floor__site=call.site).values_list("pk"))
    units = _free_for_a_term(call, starts_on)
    waiting = _waiting(call)
    return [
        _make(
            actor=actor,
            call=call,
            entry=entry,
            unit=unit,
            starts_on=starts_on,
            now=now,
            action="spaces.offers_make",
        )  # fmt: skip
        for entry, unit in zip(waiting, units, strict=False)
    ]


def _offer_next(*, call: TenancyCall, unit: Unit, starts_on: date, now: datetime) -> Offer | None:
    """Offer a freed unit to the next company in line of `call` (if it is free for a term)."""
    if unit not in _free_for_a_term(call, starts_on):
        return None
    waiting = _waiting(call)
    if not waiting:
        return None
    return _make(
        actor=SYSTEM, call=call, entry=waiting[0], unit=unit, starts_on=starts_on, now=now,
        action="spaces.unit_freed",
    )  # fmt: skip


@transaction.atomic
def unit_freed(*, unit: Unit, on: date, now: datetime | None = None) -> Offer | None:
    """A unit is free from `on`: the newest call of its site with companies in line offers
    it to the first of them."""
    now = now or timezone.now()
    starts_on = max(on, now.astimezone(SEOUL).date())
    for call in TenancyCall.objects.filter(site=unit.floor.site).order_by("-program__opens_at"):
        if _waiting(call):
            return _offer_next(call=call, unit=unit, starts_on=starts_on, now=now)
    return None


def leave_waitlist(offer: Offer, reason: str, now: datetime) -> None:
    WaitlistEntry.objects.filter(call=offer.call, company=offer.company).update(
        left_at=now, left_reason=reason
    )


@transaction.atomic
def offer_decline(*, actor: Actor, offer: Offer, now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    moved = workflow_move(actor=actor, obj=offer, to=OS.DECLINED, action="spaces.offer_decline")
    leave_waitlist(moved, "declined", now)
    _offer_next(
        call=moved.call,
        unit=moved.unit,
        starts_on=max(moved.starts_on, now.astimezone(SEOUL).date()),
        now=now,
    )
    return moved


@transaction.atomic
def offer_withdraw(*, actor: Actor, offer: Offer, reason: str) -> Offer:
    return workflow_move(
        actor=actor, obj=offer, to=OS.WITHDRAWN, action="spaces.offer_withdraw", comment=reason
    )


def offers_expire(now: datetime) -> int:
    """The scheduled job: lapse every open offer whose time has passed and offer its unit to
    the next in line. Idempotent."""
    count = 0
    for pk in Offer.objects.filter(status=OS.OFFERED, expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            offer = Offer.objects.select_for_update().get(pk=pk)
            if offer.status != OS.OFFERED:
                continue
            moved = workflow_move(
                actor=SYSTEM,
                obj=offer,
                to=OS.EXPIRED,
                action="spaces.offers_expire",
                comment=_("Not answered before %(moment)s.")
                % {"moment": f"{offer.expires_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"},
            )
            leave_waitlist(moved, "expired", now)
            _offer_next(
                call=moved.call,
                unit=moved.unit,
                starts_on=max(moved.starts_on, now.astimezone(SEOUL).date()),
                now=now,
            )
            count += 1
    return count
