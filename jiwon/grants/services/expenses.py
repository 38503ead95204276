"""Expenses (집행): the company records what it spent against one budget line, with its
evidence; staff accept it, ask for more, or reject it. Every limit is checked at the won."""

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
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.grants.budget import won
from jiwon.grants.models import (
    MAX_WON,
    Agreement,
    EvidenceKind,
    Expense,
    ExpenseCategory,
    FundSource,
)
from jiwon.grants.selectors import committed_by_line
from jiwon.grants.services.common import budget_of, evidence_add, locked
from jiwon.grants.workflow import AgreementStatus
from jiwon.grants.workflow import ExpenseStatus as E


def expense_problems(
    agreement: Agreement, *, category: str, source: str, amount_won: int, spent_on: date
) -> dict[str, str]:
    """What stops this expense, by field: the period, the line's budget, the agreement's."""
    problems: dict[str, str] = {}
    if not isinstance(amount_won, int) or not 0 < amount_won <= MAX_WON:
        return {"amount_won": _("Enter an amount in whole won above 0.")}
    if not agreement.starts_on <= spent_on <= agreement.ends_on:
        problems["spent_on"] = _("%(day)s is outside the project period %(start)s – %(end)s.") % {
            "day": spent_on,
            "start": agreement.starts_on,
            "end": agreement.ends_on,
        }
    budget = budget_of(agreement)
    committed = committed_by_line(agreement)
    line_budget = budget.get((category, source), 0)
    line_used = committed.get((category, source), 0)
    if line_used + amount_won > line_budget:
        problems["amount_won"] = _(
            "This takes the line %(c)s · %(s)s over its budget of %(budget)s won by %(over)s "
            "won (%(used)s won recorded so far)."
        ) % {
            "c": ExpenseCategory(category).label,
            "s": FundSource(source).label,
            "budget": won(line_budget),
            "over": won(line_used + amount_won - line_budget),
            "used": won(line_used),
        }
        return problems
    total_budget = sum(budget.values())
    total_used = sum(committed.values())
    if total_used + amount_won > total_budget:
        problems["amount_won"] = _(
            "This takes the agreement over its budget of %(budget)s won by %(over)s won."
        ) % {"budget": won(total_budget), "over": won(total_used + amount_won - total_budget)}
    return problems


@transaction.atomic
def expense_record(
    *,
    actor: Actor,
    agreement: Agreement,
    category: str,
    source: str,
    amount_won: int,
    spent_on: date,
    description: str,
    evidence_kind: str,
    evidence_number: str = "",
    uploads: Iterable[UploadedFile[bytes]] = (),
) -> Expense:
    if not has_perm(actor, "grants.act", agreement):
        raise PermissionDenied("grants.act")
    agreement = locked(agreement)
    if agreement.status != AgreementStatus.ACTIVE:
        raise ValidationError(_("Expenses are recorded while the agreement is active."))
    if category not in ExpenseCategory.values or source not in FundSource.values:
        raise ValidationError({"category": _("Choose a line of the budget.")})
    if evidence_kind not in EvidenceKind.values:
        raise ValidationError({"evidence_kind": _("Choose the kind of evidence.")})
    description = " ".join(description.split())
    if not description or len(description) > 300:
        raise ValidationError({"description": _("Say what was bought, in at most 300 characters.")})
    evidence_number = "".join(evidence_number.split())[:60]
    if evidence_kind in (EvidenceKind.TAX_INVOICE, EvidenceKind.CARD_SLIP) and not evidence_number:
        raise ValidationError(
            {"evidence_number": _("Enter the approval number of the tax invoice or card slip.")}
        )
    uploads = list(uploads)
    if not uploads:
        raise ValidationError({"files": _("Attach the evidence (a scan or the original file).")})
    problems = expense_problems(
        agreement, category=category, source=source, amount_won=amount_won, spent_on=spent_on
    )
    if problems:
        raise ValidationError(problems)
    expense = workflow_initial(
        Expense(
            agreement=agreement,
            category=category,
            source=source,
            amount_won=amount_won,
            spent_on=spent_on,
            description=description,
            evidence_kind=evidence_kind,
            evidence_number=evidence_number,
            recorded_by=actor_user(actor),
            recorded_by_label=actor_label(actor),
            recorded_at=timezone.now(),
        )
    )
    expense.save()
    files = evidence_add(actor=actor, uploads=uploads, expense=expense)
    workflow_record_created(actor=actor, obj=expense)
    audit_record(
        actor=actor,
        action="grants.expense_record",
        obj=expense,
        changes={
            "line": [None, f"{category}/{source}"],
            "amount_won": [None, amount_won],
            "files": [None, [f.sha256 for f in files]],
        },
    )
    return expense


def expense_accept(*, actor: Actor, expense: Expense, comment: str = "") -> Expense:
    return workflow_move(
        actor=actor, obj=expense, to=E.ACCEPTED, action="grants.expense_accept", comment=comment
    )


def expense_ask_more(*, actor: Actor, expense: Expense, comment: str) -> Expense:
    return workflow_move(
        actor=actor, obj=expense, to=E.MORE_INFO, action="grants.expense_ask_more", comment=comment
    )


def expense_reject(*, actor: Actor, expense: Expense, reason: str) -> Expense:
    return workflow_move(
        actor=actor, obj=expense, to=E.REJECTED, action="grants.expense_reject", comment=reason
    )


@transaction.atomic
def expense_resubmit(
    *,
    actor: Actor,
    expense: Expense,
    comment: str = "",
    uploads: Iterable[UploadedFile[bytes]] = (),
) -> Expense:
    """The company answers a request for more evidence (more files, a comment)."""
    if not has_perm(actor, "grants.act", expense):
        raise PermissionDenied("grants.act")
    files = evidence_add(actor=actor, uploads=uploads, expense=expense) if uploads else []
    return workflow_move(
        actor=actor,
        obj=expense,
        to=E.SUBMITTED,
        action="grants.expense_resubmit",
        comment=comment,
        changes={"files": [None, [f.sha256 for f in files]]} if files else None,
    )
