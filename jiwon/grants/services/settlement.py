"""Settlement (정산) and money paid back (반납, 환수).

Staff confirm the statement Jiwon computes (selectors.statement_for) with the interest the
grant account earned; the statement is kept as confirmed, the company sees the same one and may
object within the programme's days; what is to be returned becomes a `GrantReturn`. When the
company pays it back, the grant part comes off the support ledger as correction rows on the
tranches' rows (latest tranche first): a correction, never an edit. A clawback (환수) after
closing works the same way with its reason. The finance officer closes the settlement."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_label, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_move
from jiwon.grants.models import MAX_WON, Agreement, GrantReturn, Settlement
from jiwon.grants.selectors import statement_for
from jiwon.grants.services.common import locked
from jiwon.grants.services.tranches import LEDGER_SOURCE
from jiwon.grants.workflow import AgreementStatus as S
from jiwon.grants.workflow import ExpenseStatus, TrancheStatus
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.selectors.ledger import effective_amount
from jiwon.outcomes.services.ledger import ledger_entry_adjust

PAYBACK_DAYS = 30


@transaction.atomic
def settlement_confirm(*, actor: Actor, agreement: Agreement, interest_won: int) -> Settlement:
    if not has_perm(actor, "grants.approve_finance"):
        raise PermissionDenied("grants.approve_finance")
    agreement = locked(agreement)
    if agreement.status != S.SETTLEMENT:
        raise ValidationError(_("The settlement starts with the final report."))
    if Settlement.objects.filter(agreement=agreement).exists():
        raise ValidationError(_("This settlement is already confirmed."))
    if not isinstance(interest_won, int) or not 0 <= interest_won <= MAX_WON:
        raise ValidationError({"interest_won": _("Enter the interest in whole won, 0 or more.")})
    waiting = agreement.expenses.filter(
        status__in=(ExpenseStatus.SUBMITTED, ExpenseStatus.MORE_INFO)
    ).count()
    if waiting:
        raise ValidationError(
            _("%(n)d expenses still wait for a review: accept or reject them first.")
            % {"n": waiting}
        )
    in_flight = agreement.tranches.filter(
        status__in=(
            TrancheStatus.REQUESTED,
            TrancheStatus.PROGRAM_APPROVED,
            TrancheStatus.FINANCE_APPROVED,
        )
    ).count()
    if in_flight:
        raise ValidationError(
            _("%(n)d tranches are still under way: pay or reject them first.") % {"n": in_flight}
        )
    terms = agreement.program.grant_terms
    statement = statement_for(agreement, interest_won)
    today = timezone.localdate()
    settlement = Settlement.objects.create(
        agreement=agreement,
        interest_won=interest_won,
        statement=statement.as_json(),
        return_won=statement.return_won,
        confirmed_by=actor_user(actor),
        confirmed_by_label=actor_label(actor),
        confirmed_at=timezone.now(),
        objection_until=today + timedelta(days=terms.objection_days),
    )
    if statement.return_won:
        GrantReturn.objects.create(
            agreement=agreement,
            kind=GrantReturn.Kind.RETURN,
            principal_won=statement.return_principal_won,
            interest_won=statement.return_interest_won,
            by_source={s.source: s.collected for s in statement.sources if s.collected},
            reason=_("Settlement: unspent grant and interest"),
            due_on=settlement.objection_until + timedelta(days=PAYBACK_DAYS),
            recorded_by=actor_user(actor),
            created_at=timezone.now(),
        )
    audit_record(
        actor=actor,
        action="grants.settlement_confirm",
        obj=agreement,
        changes={"interest_won": [None, interest_won], "return_won": [None, statement.return_won]},
    )
    return settlement


@transaction.atomic
def settlement_object(*, actor: Actor, settlement: Settlement, text: str) -> Settlement:
    """The company objects to the confirmed statement, within the programme's days."""
    if not has_perm(actor, "grants.act", settlement.agreement):
        raise PermissionDenied("grants.act")
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    text = text.strip()
    if not text or len(text) > 4000:
        raise ValidationError({"text": _("Say what is wrong, in at most 4,000 characters.")})
    if settlement.objected_at is not None:
        raise ValidationError(_("An objection was already filed."))
    if timezone.localdate() > settlement.objection_until:
        raise ValidationError(
            _("Objections were possible until %(day)s.") % {"day": settlement.objection_until}
        )
    settlement.objection = text
    settlement.objected_at = timezone.now()
    settlement.save(update_fields=["objection", "objected_at"])
    audit_record(
        actor=actor,
        action="grants.settlement_object",
        obj=settlement.agreement,
        changes={"objection": [None, text]},
    )
    return settlement


@transaction.atomic
def settlement_answer(*, actor: Actor, settlement: Settlement, answer: str) -> Settlement:
    if not has_perm(actor, "grants.approve_finance"):
        raise PermissionDenied("grants.approve_finance")
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    answer = answer.strip()
    if settlement.objected_at is None:
        raise ValidationError(_("There is no objection to answer."))
    if not answer:
        raise ValidationError({"answer": _("Write the answer to the objection.")})
    settlement.objection_answer = answer
    settlement.save(update_fields=["objection_answer"])
    audit_record(
        actor=actor,
        action="grants.settlement_answer",
        obj=settlement.agreement,
        changes={"objection_answer": [None, answer]},
    )
    return settlement


def settlement_close(*, actor: Actor, agreement: Agreement) -> Agreement:
    """Close once confirmed, the objection window passed (or the objection answered) and
    every return paid."""

    def guard(obj: Agreement) -> dict[str, object]:
        settlement = Settlement.objects.filter(agreement=obj).first()
        if settlement is None:
            raise ValidationError(_("Confirm the settlement first."))
        if settlement.objected_at is not None and not settlement.objection_answer:
            raise ValidationError(_("Answer the company's objection first."))
        if settlement.objected_at is None and timezone.localdate() <= settlement.objection_until:
            raise ValidationError(
                _("The company may object until %(day)s.") % {"day": settlement.objection_until}
            )
        if obj.returns.filter(paid_on__isnull=True).exists():
            raise ValidationError(_("The return is not paid yet."))
        return {"closed_at": timezone.now()}

    return workflow_move(
        actor=actor, obj=agreement, to=S.CLOSED, action="grants.settlement_close", guard=guard
    )


def _ledger_rows(agreement: Agreement) -> list[SupportLedgerEntry]:
    tranche_ids = [
        str(pk)
        for pk in agreement.tranches.filter(status=TrancheStatus.PAID)
        .order_by("-number")
        .values_list("pk", flat=True)
    ]
    rows = {
        row.source_id: row
        for row in SupportLedgerEntry.objects.filter(
            source_type=LEDGER_SOURCE, source_id__in=tranche_ids
        )
    }
    return [rows[pk] for pk in tranche_ids if pk in rows]


@transaction.atomic
def grant_return_paid(*, actor: Actor, grant_return: GrantReturn, paid_on: date) -> GrantReturn:
    """The company paid back: the grant part comes off the ledger as correction rows."""
    if not has_perm(actor, "grants.approve_finance"):
        raise PermissionDenied("grants.approve_finance")
    grant_return = GrantReturn.objects.select_for_update().get(pk=grant_return.pk)
    if grant_return.paid_on is not None:
        raise ValidationError(_("This return is already recorded as paid."))
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be dated in the future.")})
    agreement = locked(grant_return.agreement)
    left = grant_return.principal_won
    reason = f"{grant_return.get_kind_display()}: {grant_return.reason}"
    for row in _ledger_rows(agreement):
        if not left:
            break
        current = effective_amount(row) or 0
        taken = min(current, left)
        if taken:
            ledger_entry_adjust(actor=actor, entry=row, reason=reason, amount_won=current - taken)
            left -= taken
    if left:
        raise ValidationError(_("The ledger holds less grant than this return takes back."))
    grant_return.paid_on = paid_on
    grant_return.save(update_fields=["paid_on"])
    audit_record(
        actor=actor,
        action="grants.grant_return_paid",
        obj=agreement,
        changes={"returned_won": [None, grant_return.total_won], "kind": [None, grant_return.kind]},
    )
    return grant_return


@transaction.atomic
def clawback_record(
    *,
    actor: Actor,
    agreement: Agreement,
    principal_won: int,
    interest_won: int = 0,
    reason: str,
    due_on: date,
) -> GrantReturn:
    """Clawback (환수) of a closed agreement, e.g. misuse found in an audit."""
    if not has_perm(actor, "grants.approve_finance"):
        raise PermissionDenied("grants.approve_finance")
    agreement = locked(agreement)
    if agreement.status != S.CLOSED:
        raise ValidationError(_("A clawback is for a closed agreement; settle an open one."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the clawback.")})
    for name, value in (("principal_won", principal_won), ("interest_won", interest_won)):
        if not isinstance(value, int) or not 0 <= value <= MAX_WON:
            raise ValidationError({name: _("Enter an amount in whole won, 0 or more.")})
    if principal_won + interest_won == 0:
        raise ValidationError({"principal_won": _("Enter the amount to claw back.")})
    on_ledger = sum(effective_amount(row) or 0 for row in _ledger_rows(agreement))
    pending = sum(r.principal_won for r in agreement.returns.filter(paid_on__isnull=True))
    if principal_won > on_ledger - pending:
        raise ValidationError(
            {
                "principal_won": _("At most %(won)s won of grant is left to claw back.")
                % {"won": f"{on_ledger - pending:,}"}
            }
        )
    clawback = GrantReturn.objects.create(
        agreement=agreement,
        kind=GrantReturn.Kind.CLAWBACK,
        principal_won=principal_won,
        interest_won=interest_won,
        by_source={},
        reason=reason,
        due_on=due_on,
        recorded_by=actor_user(actor),
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="grants.clawback_record",
        obj=agreement,
        changes={"principal_won": [None, principal_won], "reason": [None, reason]},
    )
    return clawback
