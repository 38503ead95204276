"""Tenancy contracts: sign (one or more units of one site for [start, end)), cancel, extend,
move in and out with their checklists, and the deposit's return. Two live contracts of one
unit never overlap: checked here under row locks on the units and guaranteed by the database
(migration 0002). Each contract keeps its support-ledger row (kind tenancy, with its period)
through `ledger_record_for_source`."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.core.support import SupportKind
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.services.ledger import ledger_entry_void, ledger_record_for_source
from jiwon.programs.eligibility.predicates.representative_age import age_on
from jiwon.programs.models import Program
from jiwon.spaces.models import Contract, ContractUnit, Offer, Unit
from jiwon.spaces.rules import add_months, last_day, monthly_price
from jiwon.spaces.selectors import conflicting_lines
from jiwon.spaces.workflow import ContractStatus as C

LEDGER_SOURCE = "space_contract"


def _require(actor: Actor, capability: str = "spaces.manage") -> None:
    if not has_perm(actor, capability):
        raise PermissionDenied(f"needs {capability}")


def _taken_message(unit: Unit, line: ContractUnit) -> str:
    return _(
        "%(unit)s is let to %(company)s from %(start)s until %(last)s: choose another unit or"
        " another period."
    ) % {
        "unit": unit.code,
        "company": line.contract.company.name_ko,
        "start": line.start.isoformat(),
        "last": last_day(line.end).isoformat(),
    }


def contract_problems(
    *,
    company: Company,
    units: Sequence[Unit],
    start: date,
    end: date,
    exclude: Contract | None = None,
) -> list[str]:
    """Every reason the contract cannot be signed, as sentences (empty: it can)."""
    problems: list[str] = []
    if not units:
        return [_("Choose at least one unit.")]
    if end <= start:
        return [_("The contract must end after it starts.")]
    sites = {u.floor.site_id for u in units}
    if len(sites) > 1:
        problems.append(_("One contract lets units of one site only."))
    site = units[0].floor.site
    for unit in units:
        if unit.opened_on > start or (unit.closed_on is not None and unit.closed_on < end):
            problems.append(
                _("%(unit)s can be let only from %(opened)s%(until)s.")
                % {
                    "unit": unit.code,
                    "opened": unit.opened_on.isoformat(),
                    "until": _(" until %(day)s") % {"day": last_day(unit.closed_on).isoformat()}
                    if unit.closed_on
                    else "",
                }
            )
        clash = conflicting_lines(unit=unit, start=start, end=end, exclude=exclude).first()
        if clash is not None:
            problems.append(_taken_message(unit, clash))
    if site.min_founder_age is not None:
        age = age_on(company.representative_birth_date, start)
        if age < site.min_founder_age:
            problems.append(
                _(
                    "%(site)s lets to founders aged %(min)d or over; the representative of"
                    " %(company)s is %(age)d on %(day)s."
                )
                % {
                    "site": site.name_ko,
                    "min": site.min_founder_age,
                    "company": company.name_ko,
                    "age": age,
                    "day": start.isoformat(),
                }
            )
    return problems


def _ledger(actor: Actor, contract: Contract) -> None:
    ledger_record_for_source(
        actor=actor,
        source_type=LEDGER_SOURCE,
        source_id=contract.pk,
        company=contract.company,
        program=contract.program,
        kind=SupportKind.TENANCY,
        amount_won=contract.support_won,
        supported_on=contract.start,
        period_end=last_day(contract.end),
        description=_("Tenancy at %(site)s (%(units)s)")
        % {
            "site": contract.site.name_ko,
            "units": ", ".join(line.unit.code for line in contract.lines.select_related("unit")),
        },
    )


@transaction.atomic
def contract_sign(
    *,
    actor: Actor,
    company: Company,
    units: Sequence[Unit],
    start: date,
    end: date | None = None,
    program: Program | None = None,
    offer: Offer | None = None,
    billing_day: int = 25,
    support_won: int | None = None,
) -> Contract:
    """Let `units` (of one site) to `company` over [start, end); `end` defaults to the site's
    term (2 years). Prices are the units' at signing."""
    _require(actor)
    if not 1 <= billing_day <= 31:
        raise ValidationError({"billing_day": _("The billing day is a day from 1 to 31.")})
    locked = list(
        Unit.objects.select_for_update()
        .select_related("floor__site")
        .filter(pk__in=[u.pk for u in units])
        .order_by("pk")
    )
    if not locked:
        raise ValidationError(_("Choose at least one unit."))
    site = locked[0].floor.site
    end = end or add_months(start, site.term_months)
    problems = contract_problems(company=company, units=locked, start=start, end=end)
    if problems:
        raise ValidationError(problems)
    prices = {
        u.pk: (
            monthly_price(u.rent_basis, u.rent_rate_won, area_m2=u.area_m2, seats=u.seats),
            monthly_price(u.fee_basis, u.fee_rate_won, area_m2=u.area_m2, seats=u.seats),
        )
        for u in locked
    }
    contract = workflow_initial(
        Contract(
            site=site,
            company=company,
            program=program,
            offer=offer,
            start=start,
            end=end,
            original_end=end,
            rent_won=sum(p[0] for p in prices.values()),
            fee_won=sum(p[1] for p in prices.values()),
            deposit_won=sum(u.deposit_won for u in locked),
            billing_day=billing_day,
            support_won=support_won,
        )
    )
    contract.save()
    try:
        with transaction.atomic():
            ContractUnit.objects.bulk_create(
                ContractUnit(
                    contract=contract,
                    unit=u,
                    start=start,
                    end=end,
                    rent_won=prices[u.pk][0],
                    fee_won=prices[u.pk][1],
                )
                for u in locked
            )
    except IntegrityError as exc:
        # Another contract for one of the units committed between the check and the insert.
        for unit in locked:
            clash = conflicting_lines(unit=unit, start=start, end=end, exclude=contract).first()
            if clash is not None:
                raise ValidationError(_taken_message(unit, clash)) from exc
        raise
    workflow_record_created(actor=actor, obj=contract)
    audit_record(
        actor=actor,
        action="spaces.contract_sign",
        obj=contract,
        changes={
            "company": [None, company.pk],
            "units": [None, [u.pk for u in locked]],
            "start": [None, start.isoformat()],
            "end": [None, end.isoformat()],
            "rent_won": [None, contract.rent_won],
            "fee_won": [None, contract.fee_won],
            "deposit_won": [None, contract.deposit_won],
        },
    )
    _ledger(actor, contract)
    return contract


def _set_end(contract: Contract, end: date) -> None:
    contract.end = end
    contract.save(update_fields=["end"])
    contract.lines.update(end=end)


@transaction.atomic
def contract_cancel(*, actor: Actor, contract: Contract, reason: str) -> Contract:
    """A contract not moved into is cancelled: it holds nothing any more and its ledger row is
    voided."""
    moved = workflow_move(
        actor=actor, obj=contract, to=C.CANCELLED, action="spaces.contract_cancel", comment=reason
    )
    moved.lines.update(live=False)
    entry = SupportLedgerEntry.objects.filter(
        source_type=LEDGER_SOURCE, source_id=str(moved.pk)
    ).first()
    if entry is not None:
        ledger_entry_void(actor=actor, entry=entry, reason=reason)
    return moved
