"""Tenancy contracts: sign (one or more units of one site for [start, end)), cancel, extend,
move in and out with their checklists, and the deposit's return. Two live contracts of one
unit never overlap: checked here under row locks on the units and guaranteed by the database
(migration 0002). Each contract keeps its support-ledger row (kind tenancy, with its period)
through `ledger_record_for_source`."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_user
from jiwon.core.agencies import in_agency
from jiwon.core.permissions import has_perm
from jiwon.core.support import SupportKind
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.services.ledger import ledger_entry_void, ledger_record_for_source
from jiwon.programs.eligibility.predicates.representative_age import age_on
from jiwon.programs.models import Program
from jiwon.reviews.engine.aggregation import (
    AggregationConfig,
    Entry,
    Sheet,
    aggregate,
    config_from_json,
)
from jiwon.spaces.models import (
    Contract,
    ContractUnit,
    Offer,
    Outcome,
    SpaceSite,
    TenantEvaluation,
    Unit,
)
from jiwon.spaces.rules import add_months, last_day, monthly_price
from jiwon.spaces.selectors import conflicting_lines
from jiwon.spaces.services.waitlist import unit_freed
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
    billing_day: int = 25,
    support_won: int | None = None,
) -> Contract:
    """Staff let `units` (of one site) to `company` over [start, end); `end` defaults to the
    site's term (2 years). Prices are the units' at signing."""
    _require(actor)
    if any(not in_agency(actor, u.floor.site.agency_id) for u in units):
        raise PermissionDenied("a unit of another agency")
    return sign_contract(
        actor=actor,
        company=company,
        units=units,
        start=start,
        end=end,
        program=program,
        billing_day=billing_day,
        support_won=support_won,
        action="spaces.contract_sign",
    )


def sign_contract(
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
    action: str,
) -> Contract:
    """The signing itself, for `contract_sign` (staff) and `offer_accept` (the company, whose
    right comes from the offer): the caller checks who may and runs it in its transaction."""
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
        action=action,
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
    _freed(moved, moved.start)
    return moved


def _freed(contract: Contract, on: date) -> None:
    for line in contract.lines.select_related("unit__floor__site"):
        unit_freed(unit=line.unit, on=on)


@transaction.atomic
def contract_move_in(
    *,
    actor: Actor,
    contract: Contract,
    moved_in_on: date,
    agreement_signed_on: date | None,
    deposit_received_on: date | None,
    keys_issued: int,
    cards_issued: int,
) -> Contract:
    """The move-in checklist: the agreement signed and the deposit received (when there is
    one) before the keys and access cards are handed over, on a day of the contract."""
    problems = []
    if agreement_signed_on is None:
        problems.append(_("The tenancy agreement must be signed before the move-in."))
    if contract.deposit_won and deposit_received_on is None:
        problems.append(
            _("The deposit of %(won)s won must be received before the move-in.")
            % {"won": f"{contract.deposit_won:,}"}
        )
    if not contract.start <= moved_in_on < contract.end:
        problems.append(
            _("The move-in day must fall within the contract (%(start)s to %(last)s).")
            % {"start": contract.start.isoformat(), "last": last_day(contract.end).isoformat()}
        )
    if keys_issued + cards_issued == 0:
        problems.append(_("Record the keys or access cards handed over."))
    if problems:
        raise ValidationError(problems)
    return workflow_move(
        actor=actor,
        obj=contract,
        to=C.OCCUPIED,
        action="spaces.contract_move_in",
        updates={
            "moved_in_on": moved_in_on,
            "agreement_signed_on": agreement_signed_on,
            "deposit_received_on": deposit_received_on,
            "keys_issued": keys_issued,
            "cards_issued": cards_issued,
        },
        changes={"moved_in_on": [None, moved_in_on.isoformat()]},
    )


@transaction.atomic
def contract_move_out(
    *,
    actor: Actor,
    contract: Contract,
    moved_out_on: date,
    keys_returned: int,
    cards_returned: int,
    outcome: str,
    deduction_won: int = 0,
    deduction_reason: str = "",
) -> Contract:
    """The move-out checklist: every key and card back, the deposit's deduction (with its
    reason). Moving out before the end frees the units from that day; the outcome says what
    came next (graduated to the next rung, or ended)."""
    problems = []
    if keys_returned != contract.keys_issued or cards_returned != contract.cards_issued:
        problems.append(
            _(
                "Every key and card must be back: %(keys)d of %(keys_issued)d keys and"
                " %(cards)d of %(cards_issued)d cards returned."
            )
            % {
                "keys": keys_returned,
                "keys_issued": contract.keys_issued,
                "cards": cards_returned,
                "cards_issued": contract.cards_issued,
            }
        )
    first = contract.moved_in_on or contract.start
    if moved_out_on <= first:
        problems.append(
            _("The move-out day must come after the move-in day (%(day)s).")
            % {"day": first.isoformat()}
        )
    if outcome not in (Outcome.GRADUATE, Outcome.END):
        problems.append(_("Say whether the company graduated or its tenancy ended."))
    if not 0 <= deduction_won <= contract.deposit_won:
        problems.append(
            _("The deduction must be between 0 and the deposit (%(won)s won).")
            % {"won": f"{contract.deposit_won:,}"}
        )
    reason = " ".join(deduction_reason.split())[:300]
    if deduction_won and not reason:
        problems.append(_("Give the reason for the deduction."))
    if problems:
        raise ValidationError(problems)
    early = moved_out_on < contract.end
    moved = workflow_move(
        actor=actor,
        obj=contract,
        to=C.ENDED,
        action="spaces.contract_move_out",
        updates={
            "moved_out_on": moved_out_on,
            "keys_returned": keys_returned,
            "cards_returned": cards_returned,
            "outcome": outcome,
            "deposit_deduction_won": deduction_won,
            "deposit_deduction_reason": reason,
        },
        changes={"moved_out_on": [None, moved_out_on.isoformat()], "outcome": [None, outcome]},
    )
    if early:
        _set_end(moved, moved_out_on)
        _ledger(actor, moved)
        _freed(moved, moved_out_on)
    return moved


def evaluation_config(site: SpaceSite) -> AggregationConfig:
    """The site's rubric for the reviews engine, or the default one (growth, sales and
    funding, jobs, taking part), dropping the highest and lowest total from 5 evaluators."""
    return config_from_json(site.evaluation_config or DEFAULT_RUBRIC)


DEFAULT_RUBRIC = {
    "criteria": [
        {"key": "growth", "label": "성장성", "maximum": "40"},
        {"key": "sales", "label": "매출·투자 성과", "maximum": "30"},
        {"key": "jobs", "label": "고용 창출", "maximum": "20"},
        {"key": "participation", "label": "프로그램 참여", "maximum": "10"},
    ],
    "trim_from": 5,
    "places": 2,
    "rounding": "ROUND_HALF_UP",
}


@transaction.atomic
def tenant_evaluation_record(
    *,
    actor: Actor,
    contract: Contract,
    held_on: date,
    sheets: Sequence[tuple[str, dict[str, Decimal]]],
) -> TenantEvaluation:
    """Record the evaluators' sheets and score them with the reviews engine; the extension
    needs the site's threshold."""
    _require(actor)
    if contract.status not in (C.SIGNED, C.OCCUPIED):
        raise ValidationError(_("Only a running tenancy is evaluated."))
    site = contract.site
    config = evaluation_config(site)
    entry = Entry(
        key=contract.pk,
        sheets=tuple(Sheet(evaluator=who, scores=dict(scores)) for who, scores in sheets),
    )
    outcome = aggregate(config, [entry])[0]
    evaluation = TenantEvaluation.objects.create(
        contract=contract,
        held_on=held_on,
        sheets=[
            {"evaluator": who, "scores": {k: str(v) for k, v in scores.items()}}
            for who, scores in sheets
        ],
        score=outcome.score,
        threshold=site.extension_threshold,
        passed=outcome.score is not None and outcome.score >= site.extension_threshold,
        recorded_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        action="spaces.tenant_evaluation_record",
        obj=evaluation,
        changes={
            "contract": [None, contract.pk],
            "score": [None, str(outcome.score)],
            "passed": [None, evaluation.passed],
        },
    )
    return evaluation


@transaction.atomic
def contract_extend(*, actor: Actor, contract: Contract) -> Contract:
    """Extend by the site's extension (1 year), at most `max_extensions` times (once), after a
    tenant evaluation of this term that reached the threshold; the units must be free for the
    added period."""
    _require(actor)
    locked = Contract.objects.select_for_update().select_related("site").get(pk=contract.pk)
    site = locked.site
    if locked.status not in (C.SIGNED, C.OCCUPIED):
        raise ValidationError(_("Only a running tenancy can be extended."))
    if locked.extensions >= site.max_extensions:
        raise ValidationError(
            _("%(site)s allows %(n)d extension(s); this contract has had them.")
            % {"site": site.name_ko, "n": site.max_extensions}
        )
    evaluation = locked.evaluations.order_by("-held_on", "-id").first()
    if evaluation is None or evaluation.held_on < locked.start:
        raise ValidationError(_("Evaluate the tenant before extending the contract."))
    if not evaluation.passed:
        raise ValidationError(
            _("The tenant scored %(score)s on %(day)s; an extension needs %(needed)s.")
            % {
                "score": evaluation.score,
                "day": evaluation.held_on.isoformat(),
                "needed": evaluation.threshold,
            }
        )
    new_end = add_months(locked.end, site.extension_months)
    units = list(Unit.objects.select_for_update().filter(lines__contract=locked).order_by("pk"))
    problems = [
        _taken_message(unit, clash)
        for unit in units
        for clash in conflicting_lines(unit=unit, start=locked.end, end=new_end, exclude=locked)[:1]
    ]
    if problems:
        raise ValidationError(problems)
    before = locked.end
    locked.extensions += 1
    locked.outcome = Outcome.EXTEND
    locked.save(update_fields=["extensions", "outcome"])
    _set_end(locked, new_end)
    audit_record(
        actor=actor,
        action="spaces.contract_extend",
        obj=locked,
        changes={
            "end": [before.isoformat(), new_end.isoformat()],
            "extensions": [locked.extensions - 1, locked.extensions],
        },
    )
    _ledger(actor, locked)
    return locked


@transaction.atomic
def contract_graduate(
    *, actor: Actor, contract: Contract, units: Sequence[Unit], start: date
) -> Contract:
    """The tenant moves up the ladder: a contract at the next rung's site (another site) from
    `start`, linked to this one. The company moves out of this one with the outcome
    "graduate"."""
    _require(actor)
    if not units or units[0].floor.site_id == contract.site_id:
        raise ValidationError(_("Graduation moves the company to another site."))
    if contract.next_contract_id is not None:
        raise ValidationError(_("This tenancy has graduated already."))
    following = sign_contract(
        actor=actor,
        company=contract.company,
        units=units,
        start=start,
        billing_day=contract.billing_day,
        action="spaces.contract_graduate",
    )
    contract.next_contract = following
    contract.save(update_fields=["next_contract"])
    return following


@transaction.atomic
def deposit_return(*, actor: Actor, contract: Contract, returned_on: date) -> Contract:
    """Return the deposit less its deduction once the company has moved out and has no other
    live contract (a deposit covers the company's tenancy, not one room)."""
    _require(actor, "spaces.bill")
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.status != C.ENDED:
        raise ValidationError(_("The deposit is returned after the move-out."))
    if locked.deposit_returned_on is not None:
        raise ValidationError(_("The deposit was returned already."))
    other = (
        Contract.objects.filter(company=locked.company, status__in=(C.SIGNED, C.OCCUPIED))
        .exclude(pk=locked.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            _("%(company)s still has a live contract at %(site)s: the deposit stays until it ends.")
            % {"company": locked.company.name_ko, "site": other.site.name_ko}
        )
    returned = locked.deposit_won - locked.deposit_deduction_won
    locked.deposit_returned_won = returned
    locked.deposit_returned_on = returned_on
    locked.save(update_fields=["deposit_returned_won", "deposit_returned_on"])
    audit_record(
        actor=actor,
        action="spaces.deposit_return",
        obj=locked,
        changes={
            "deposit_returned_won": [None, returned],
            "deposit_deduction_won": [None, locked.deposit_deduction_won],
        },
    )
    return locked
