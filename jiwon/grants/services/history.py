"""Agreements that are already settled and closed (moved from a previous system, or the demo's
past years), recorded in bulk: each with its budget, its paid tranches, its accepted expenses,
the settlement and every status change dated as it happened, and the support-ledger rows of its
paid tranches — the same rows `tranche_pay` writes through `ledger_record_for_source` (source
`grant_tranche`, the tranche's id), here through the ledger's bulk service. One audit entry for
the batch. Every rule of the one-by-one services is checked first; one broken record refuses the
batch. A closed agreement with grant to return is recorded through the services, not here: only
the grant account's interest may be returned (it does not touch the ledger)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.models import Application
from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_label, actor_user
from jiwon.core.models import Agency
from jiwon.core.permissions import has_perm
from jiwon.core.support import SupportKind
from jiwon.grants.budget import budget_problems, totals
from jiwon.grants.models import (
    Agreement,
    AgreementStatusChange,
    BudgetLine,
    BudgetVersion,
    EvidenceKind,
    Expense,
    ExpenseStatusChange,
    GrantReturn,
    GrantTerms,
    Settlement,
    Tranche,
    TrancheStatusChange,
)
from jiwon.grants.services.tranches import LEDGER_SOURCE, ledger_description
from jiwon.grants.statement import Key, Statement, compute_statement, sum_by_key
from jiwon.grants.workflow import AgreementStatus as A
from jiwon.grants.workflow import ExpenseStatus as E
from jiwon.grants.workflow import TrancheStatus as T
from jiwon.outcomes.models import Provenance, SupportLedgerEntry
from jiwon.outcomes.services.bulk import ledger_entries_bulk_add
from jiwon.programs.models import Program

_BATCH = 500


@dataclass(frozen=True)
class PastTranche:
    requested_won: int
    requested_at: datetime
    paid_won: int
    paid_on: date
    paid_reason: str = ""


@dataclass(frozen=True)
class PastExpense:
    category: str
    source: str
    amount_won: int
    spent_on: date
    description: str
    evidence_kind: str
    evidence_number: str = ""


@dataclass(frozen=True)
class PastAgreement:
    """A closed agreement and the moments of its life, in order: sent, accepted,
    countersigned, the final report, the settlement confirmed, the return of interest paid
    (when there is one) and the closing."""

    program: Program
    company: Company
    title: str
    starts_on: date
    ends_on: date
    lines: Mapping[Key, int]
    sent_at: datetime
    accepted_at: datetime
    countersigned_at: datetime
    final_report_at: datetime
    confirmed_at: datetime
    closed_at: datetime
    tranches: Sequence[PastTranche] = ()
    expenses: Sequence[PastExpense] = ()
    interest_won: int = 0
    application: Application | None = None
    accepted_by_label: str = ""


def _problems(record: PastAgreement, terms: GrantTerms | None, today: date) -> list[str]:
    if terms is None:
        return [_("The programme has no grant terms yet: set them first.")]
    problems = budget_problems(record.lines, terms)
    moments = [
        record.sent_at,
        record.accepted_at,
        record.countersigned_at,
        record.final_report_at,
        record.confirmed_at,
        record.closed_at,
    ]
    if record.ends_on < record.starts_on or moments != sorted(moments):
        problems.append(_("The agreement's dates are not in order."))
    if timezone.localdate(record.closed_at) > today:
        problems.append(_("Only agreements closed by today are recorded here."))
    grant = totals(record.lines)["grant_won"]
    paid = 0
    for tranche in record.tranches:
        if not 0 < tranche.paid_won <= tranche.requested_won:
            problems.append(_("A tranche pays at most what was requested."))
        if tranche.paid_won != tranche.requested_won and not tranche.paid_reason.strip():
            problems.append(_("The amount paid differs from the amount requested: say why."))
        if tranche.paid_on > today:
            problems.append(_("A payment cannot be dated in the future."))
        paid += tranche.paid_won
    if paid > grant:
        problems.append(_("The tranches pay more than the grant."))
    spent: dict[Key, int] = {}
    for expense in record.expenses:
        if not record.starts_on <= expense.spent_on <= record.ends_on:
            problems.append(_("An expense is outside the project period."))
        if expense.amount_won <= 0 or expense.evidence_kind not in EvidenceKind.values:
            problems.append(_("An expense needs an amount above 0 and its evidence."))
        key = (expense.category, expense.source)
        spent[key] = spent.get(key, 0) + expense.amount_won
    problems += [
        _("%(c)s / %(s)s: the expenses pass the line's budget.") % {"c": c, "s": s}
        for (c, s), won in spent.items()
        if won > record.lines.get((c, s), 0)
    ]
    return problems


def _history(
    at: list[tuple[str, str, datetime]], label: str, model: type, name: str, obj: object
) -> list:
    return [
        model(**{name: obj}, source=source, target=target, at=when, actor_label=label)
        for source, target, when in at
    ]


@transaction.atomic
def agreements_bulk_record(
    *, actor: Actor, agency: Agency, records: Sequence[PastAgreement]
) -> list[Agreement]:
    """Record closed agreements in bulk (see the module's docstring); returns them saved."""
    if not (has_perm(actor, "grants.manage") and has_perm(actor, "grants.approve_finance")):
        raise PermissionDenied("grants.manage")
    if not records:
        return []
    today = timezone.localdate()
    terms = {
        t.program_id: t
        for t in GrantTerms.objects.filter(program__in={r.program.pk for r in records})
    }
    problems = []
    statements: list[Statement | None] = []
    for n, record in enumerate(records, start=1):
        found = _problems(record, terms.get(record.program.pk), today)
        problems += [f"{n}: {p}" for p in found]
        if found:
            statements.append(None)
            continue
        term = terms[record.program.pk]
        spent = sum_by_key((e.category, e.source, e.amount_won) for e in record.expenses)
        computed = compute_statement(
            budget=record.lines,
            spent=spent,
            accepted=spent,
            paid_won=sum(t.paid_won for t in record.tranches),
            interest_won=record.interest_won,
            return_interest=term.return_interest,
            uncollected_under_won=term.uncollected_under_won,
        )
        if computed.return_principal_won:
            problems.append(f"{n}: " + _("Unspent grant is returned through the services."))
        statements.append(computed)
    if problems:
        raise ValidationError(problems[:20])

    label = actor_label(actor)
    user = actor_user(actor)
    numbers: dict[int, int] = {}
    agreements = []
    for record in records:
        year = record.program.fiscal_year
        if year not in numbers:
            last = (
                Agreement.objects.select_for_update()
                .filter(number__startswith=f"{year}-")
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            numbers[year] = int(last.split("-")[1]) if last else 0
        numbers[year] += 1
        agreements.append(
            Agreement(
                number=f"{year}-{numbers[year]:05d}",
                program=record.program,
                company=record.company,
                application=record.application,
                title=" ".join(record.title.split())[:200],
                starts_on=record.starts_on,
                ends_on=record.ends_on,
                budget_version=1,
                status=A.CLOSED,
                workflow_version=Agreement.workflows.current.version,
                sent_at=record.sent_at,
                accepted_by_label=record.accepted_by_label or record.company.representative_name,
                accepted_at=record.accepted_at,
                countersigned_at=record.countersigned_at,
                final_report_at=record.final_report_at,
                closed_at=record.closed_at,
                **totals(record.lines),
            )
        )
    agreements = Agreement.objects.bulk_create(agreements, batch_size=_BATCH)
    # The row's creation is the day the agreement was drawn up, not the day it was recorded.
    for agreement, record in zip(agreements, records, strict=True):
        agreement.created_at = record.sent_at - timedelta(days=2)
    Agreement.objects.bulk_update(agreements, ["created_at"], batch_size=_BATCH)

    versions = BudgetVersion.objects.bulk_create(
        [
            BudgetVersion(
                agreement=agreement,
                number=1,
                status=BudgetVersion.Status.APPROVED,
                proposed_by=user,
                proposed_by_label=label,
                proposed_at=agreement.created_at,
            )
            for agreement in agreements
        ],
        batch_size=_BATCH,
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(version=version, category=c, source=s, amount_won=won)
            for version, record in zip(versions, records, strict=True)
            for (c, s), won in sorted(record.lines.items())
            if won
        ],
        batch_size=_BATCH,
    )

    history: list[AgreementStatusChange] = []
    tranches: list[Tranche] = []
    expenses: list[Expense] = []
    settlements: list[Settlement] = []
    returns: list[GrantReturn] = []
    for agreement, record, maybe in zip(agreements, records, statements, strict=True):
        assert maybe is not None  # a record without its statement refused the batch above
        statement = maybe
        term = terms[record.program.pk]
        history += _history(
            [
                ("", A.DRAFT, agreement.created_at),
                (A.DRAFT, A.SENT, record.sent_at),
                (A.SENT, A.ACCEPTED, record.accepted_at),
                (A.ACCEPTED, A.ACTIVE, record.countersigned_at),
                (A.ACTIVE, A.SETTLEMENT, record.final_report_at),
                (A.SETTLEMENT, A.CLOSED, record.closed_at),
            ],
            label,
            AgreementStatusChange,
            "agreement",
            agreement,
        )
        tranches += [
            Tranche(
                agreement=agreement,
                number=n,
                requested_won=t.requested_won,
                requested_by_label=agreement.accepted_by_label,
                requested_at=t.requested_at,
                status=T.PAID,
                workflow_version=Tranche.workflows.current.version,
                program_approved_at=t.requested_at + timedelta(days=1),
                finance_approved_at=t.requested_at + timedelta(days=2),
                paid_won=t.paid_won,
                paid_on=t.paid_on,
                paid_reason=t.paid_reason.strip(),
            )
            for n, t in enumerate(record.tranches, start=1)
        ]
        expenses += [
            Expense(
                agreement=agreement,
                category=e.category,
                source=e.source,
                amount_won=e.amount_won,
                spent_on=e.spent_on,
                description=" ".join(e.description.split())[:300],
                evidence_kind=e.evidence_kind,
                evidence_number=e.evidence_number[:60],
                recorded_by_label=agreement.accepted_by_label,
                recorded_at=timezone.make_aware(
                    datetime.combine(e.spent_on + timedelta(days=2), datetime.min.time())
                ).replace(hour=10),
                status=E.ACCEPTED,
                workflow_version=Expense.workflows.current.version,
            )
            for e in record.expenses
        ]
        objection_until = timezone.localdate(record.confirmed_at) + timedelta(
            days=term.objection_days
        )
        settlements.append(
            Settlement(
                agreement=agreement,
                interest_won=record.interest_won,
                statement=statement.as_json(),
                return_won=statement.return_won,
                confirmed_by=user,
                confirmed_by_label=label,
                confirmed_at=record.confirmed_at,
                objection_until=objection_until,
            )
        )
        if statement.return_won:
            returns.append(
                GrantReturn(
                    agreement=agreement,
                    kind=GrantReturn.Kind.RETURN,
                    principal_won=0,
                    interest_won=statement.return_interest_won,
                    by_source={s.source: s.collected for s in statement.sources if s.collected},
                    reason=_("Settlement: unspent grant and interest"),
                    due_on=objection_until + timedelta(days=30),
                    paid_on=timezone.localdate(record.closed_at),
                    recorded_by=user,
                    created_at=record.confirmed_at,
                )
            )
    AgreementStatusChange.objects.bulk_create(history, batch_size=_BATCH)
    tranches = Tranche.objects.bulk_create(tranches, batch_size=_BATCH)
    expenses = Expense.objects.bulk_create(expenses, batch_size=_BATCH)
    Settlement.objects.bulk_create(settlements, batch_size=_BATCH)
    GrantReturn.objects.bulk_create(returns, batch_size=_BATCH)
    changes: list[TrancheStatusChange | ExpenseStatusChange] = []
    past = [t for record in records for t in record.tranches]
    for t, was in zip(tranches, past, strict=True):
        requested = was.requested_at
        paid_at = timezone.make_aware(datetime.combine(was.paid_on, datetime.min.time()))
        changes += _history(
            [
                ("", T.REQUESTED, requested),
                (T.REQUESTED, T.PROGRAM_APPROVED, requested + timedelta(days=1)),
                (T.PROGRAM_APPROVED, T.FINANCE_APPROVED, requested + timedelta(days=2)),
                (T.FINANCE_APPROVED, T.PAID, max(requested + timedelta(days=2), paid_at)),
            ],
            label,
            TrancheStatusChange,
            "tranche",
            t,
        )
    for e in expenses:
        changes += _history(
            [("", E.SUBMITTED, e.recorded_at), (E.SUBMITTED, E.ACCEPTED, e.recorded_at)],
            label,
            ExpenseStatusChange,
            "expense",
            e,
        )
    TrancheStatusChange.objects.bulk_create(
        [c for c in changes if isinstance(c, TrancheStatusChange)], batch_size=_BATCH
    )
    ExpenseStatusChange.objects.bulk_create(
        [c for c in changes if isinstance(c, ExpenseStatusChange)], batch_size=_BATCH
    )
    ledger_entries_bulk_add(
        actor=actor,
        agency=agency,
        entries=[
            SupportLedgerEntry(
                company=t.agreement.company,
                program=t.agreement.program,
                kind=SupportKind.GRANT,
                amount_won=was.paid_won,
                supported_on=was.paid_on,
                description=ledger_description(t.agreement, t),
                source_type=LEDGER_SOURCE,
                source_id=str(t.pk),
                provenance=Provenance.AGENCY,
            )
            for t, was in zip(tranches, past, strict=True)
        ],
    )
    audit_record(
        actor=actor,
        action="grants.agreements_bulk_record",
        obj=agency,
        changes={
            "agreements": [None, len(agreements)],
            "tranches": [None, len(tranches)],
            "paid_won": [None, sum(t.paid_won or 0 for t in tranches)],
        },
    )
    return agreements
