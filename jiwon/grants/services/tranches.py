"""Tranches (교부): requested by the company, approved by a programme officer and then by a
finance officer — two different people, which this module checks (the database too) — and
marked paid with the amount actually paid; a tranche the report schedule ties to a report is
paid only once that report is accepted. A paid tranche writes its support-ledger row."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_label, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.support import SupportKind
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.grants.budget import won
from jiwon.grants.models import MAX_WON, Agreement, Tranche
from jiwon.grants.selectors import paid_total, reports_holding_tranche, requested_total
from jiwon.grants.services.common import evidence_add, locked
from jiwon.grants.workflow import AgreementStatus
from jiwon.grants.workflow import TrancheStatus as T
from jiwon.outcomes.services.ledger import ledger_record_for_source

LEDGER_SOURCE = "grant_tranche"


@transaction.atomic
def tranche_request(
    *,
    actor: Actor,
    agreement: Agreement,
    requested_won: int,
    note: str = "",
    uploads: Iterable[UploadedFile[bytes]] = (),
) -> Tranche:
    """The company asks for part of the grant, with the documents the programme asks for.
    What was requested and not rejected may not pass the grant."""
    if not has_perm(actor, "grants.act", agreement):
        raise PermissionDenied("grants.act")
    agreement = locked(agreement)
    if agreement.status != AgreementStatus.ACTIVE:
        raise ValidationError(_("Tranches are requested once the agreement is countersigned."))
    if not isinstance(requested_won, int) or not 0 < requested_won <= MAX_WON:
        raise ValidationError({"requested_won": _("Enter an amount in whole won above 0.")})
    so_far = requested_total(agreement)
    if so_far + requested_won > agreement.grant_won:
        raise ValidationError(
            {
                "requested_won": _(
                    "This takes the requests over the grant of %(grant)s won by %(over)s won "
                    "(%(so_far)s won requested or paid so far)."
                )
                % {
                    "grant": won(agreement.grant_won),
                    "over": won(so_far + requested_won - agreement.grant_won),
                    "so_far": won(so_far),
                }
            }
        )
    number = agreement.tranches.order_by("-number").values_list("number", flat=True).first() or 0
    tranche = workflow_initial(
        Tranche(
            agreement=agreement,
            number=number + 1,
            requested_won=requested_won,
            note=note.strip()[:2000],
            requested_by=actor_user(actor),
            requested_by_label=actor_label(actor),
            requested_at=timezone.now(),
        )
    )
    tranche.save()
    files = evidence_add(actor=actor, uploads=uploads, tranche=tranche)
    workflow_record_created(actor=actor, obj=tranche)
    audit_record(
        actor=actor,
        action="grants.tranche_request",
        obj=tranche,
        changes={
            "requested_won": [None, requested_won],
            "files": [None, [f.sha256 for f in files]],
        },
    )
    return tranche


def tranche_approve_program(*, actor: Actor, tranche: Tranche, comment: str = "") -> Tranche:
    return workflow_move(
        actor=actor,
        obj=tranche,
        to=T.PROGRAM_APPROVED,
        action="grants.tranche_approve_program",
        comment=comment,
        updates={"program_approved_by": actor_user(actor), "program_approved_at": timezone.now()},
    )


def tranche_approve_finance(*, actor: Actor, tranche: Tranche, comment: str = "") -> Tranche:
    """The second approval, by someone other than the programme approver."""
    user = actor_user(actor)

    def guard(obj: Tranche) -> None:
        if user is not None and obj.program_approved_by_id == user.pk:
            raise ValidationError(
                _("You gave the programme approval: another person gives the finance approval.")
            )

    return workflow_move(
        actor=actor,
        obj=tranche,
        to=T.FINANCE_APPROVED,
        action="grants.tranche_approve_finance",
        comment=comment,
        guard=guard,
        updates={"finance_approved_by": user, "finance_approved_at": timezone.now()},
    )


def tranche_reject(*, actor: Actor, tranche: Tranche, reason: str) -> Tranche:
    return workflow_move(
        actor=actor, obj=tranche, to=T.REJECTED, action="grants.tranche_reject", comment=reason
    )


@transaction.atomic
def tranche_pay(
    *, actor: Actor, tranche: Tranche, paid_won: int, paid_on: date, reason: str = ""
) -> Tranche:
    """Record the payment: the amount actually paid (a different amount needs its reason) and
    the day. Writes the tranche's support-ledger row (kind grant) in the same transaction."""
    reason = reason.strip()
    agreement = locked(tranche.agreement)
    if not isinstance(paid_won, int) or not 0 < paid_won <= MAX_WON:
        raise ValidationError({"paid_won": _("Enter the amount paid in whole won above 0.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be dated in the future.")})
    if paid_won != tranche.requested_won and not reason:
        raise ValidationError(
            {
                "reason": _("The amount paid differs from the %(won)s won requested: say why.")
                % {"won": won(tranche.requested_won)}
            }
        )
    if paid_won > tranche.requested_won:
        raise ValidationError({"paid_won": _("A tranche pays at most what was requested.")})
    waiting = reports_holding_tranche(agreement, tranche.number)
    if waiting:
        raise ValidationError(
            _("Tranche %(n)d is paid once “%(report)s” is accepted; it is “%(state)s” now.")
            % {"n": tranche.number, "report": waiting[0].title, "state": waiting[0].status_label}
        )
    already = paid_total(agreement)
    if already + paid_won > agreement.grant_won:
        raise ValidationError(
            {
                "paid_won": _("This pays %(over)s won more than the grant of %(grant)s won.")
                % {
                    "over": won(already + paid_won - agreement.grant_won),
                    "grant": won(agreement.grant_won),
                }
            }
        )
    paid = workflow_move(
        actor=actor,
        obj=tranche,
        to=T.PAID,
        action="grants.tranche_pay",
        comment=reason,
        updates={"paid_won": paid_won, "paid_on": paid_on, "paid_reason": reason},
        changes={"paid_won": [None, paid_won]},
    )
    ledger_record_for_source(
        actor=actor,
        source_type=LEDGER_SOURCE,
        source_id=paid.pk,
        company=agreement.company,
        program=agreement.program,
        kind=SupportKind.GRANT,
        amount_won=paid_won,
        supported_on=paid_on,
        description=ledger_description(agreement, paid),
    )
    return paid


def ledger_description(agreement: Agreement, tranche: Tranche) -> str:
    """The support-ledger row's description of a paid tranche."""
    return _("Grant %(number)s, tranche %(n)d") % {"number": agreement.number, "n": tranche.number}
