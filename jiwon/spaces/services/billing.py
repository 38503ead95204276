"""Monthly charges: rent and maintenance fee per contract for the days of the month it holds
its units, prorated by days (rounded down to the won), due on the billing day clamped to the
month's last day; payments against them (arrears are what is due and unpaid). The scheduled
job `spaces.charges_issue` issues the current month's charges (idempotent)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import SYSTEM, Actor
from jiwon.core.permissions import has_perm
from jiwon.spaces.models import Charge, Contract
from jiwon.spaces.rules import SEOUL, billing_date, month_start, next_month, prorate
from jiwon.spaces.selectors import contracts_live_between


def charge_for(contract: Contract, month: date) -> Charge | None:
    """The unsaved charge of `contract` for `month` (None: nothing to charge that month)."""
    month = month_start(month)
    after = next_month(month)
    start, end = max(contract.start, month), min(contract.end, after)
    if end <= start:
        return None
    rent = prorate(contract.rent_won, month=month, start=contract.start, end=contract.end)
    fee = prorate(contract.fee_won, month=month, start=contract.start, end=contract.end)
    if rent + fee == 0:
        return None
    return Charge(
        contract=contract,
        month=month,
        period_start=start,
        period_end=end,
        rent_won=rent,
        fee_won=fee,
        total_won=rent + fee,
        due_on=billing_date(month, contract.billing_day),
    )


@transaction.atomic
def charges_issue(*, actor: Actor, month: date) -> int:
    """Issue every contract's charge for `month` not issued yet. Returns how many."""
    if not has_perm(actor, "spaces.bill"):
        raise PermissionDenied("needs spaces.bill")
    month = month_start(month)
    issued = 0
    contracts = contracts_live_between(month, next_month(month)).exclude(charges__month=month)
    for contract in contracts.select_related("company"):
        charge = charge_for(contract, month)
        if charge is None:
            continue
        try:
            with transaction.atomic():
                charge.save()
        except IntegrityError:
            continue  # issued meanwhile by another run
        audit_record(
            actor=actor,
            action="spaces.charges_issue",
            obj=charge,
            changes={"month": [None, month.isoformat()], "total_won": [None, charge.total_won]},
        )
        issued += 1
    return issued


def charges_issue_job(now: datetime) -> int:
    return charges_issue(actor=SYSTEM, month=now.astimezone(SEOUL).date())


@transaction.atomic
def charge_pay(*, actor: Actor, charge: Charge, paid_won: int, paid_on: date) -> Charge:
    """Record a payment (in won) against a charge; never more than is outstanding."""
    if not has_perm(actor, "spaces.bill"):
        raise PermissionDenied("needs spaces.bill")
    locked = Charge.objects.select_for_update().get(pk=charge.pk)
    if paid_won <= 0 or paid_won > locked.outstanding_won:
        raise ValidationError(
            {
                "paid_won": _("Enter an amount from 1 to the %(won)s won outstanding.")
                % {"won": f"{locked.outstanding_won:,}"}
            }
        )
    before = locked.paid_won
    locked.paid_won += paid_won
    locked.paid_on = paid_on
    locked.save(update_fields=["paid_won", "paid_on"])
    audit_record(
        actor=actor,
        action="spaces.charge_pay",
        obj=locked,
        changes={"paid_won": [before, locked.paid_won], "paid_on": [None, paid_on.isoformat()]},
    )
    return locked
