"""Agreements (협약): drawing one up from a selected application, sending its document,
the company's electronic acceptance, the countersignature (which generates the reports owed;
the final report and the period change are in services/reports.py), suspension and
termination, and amendments of the budget (each a new version another person approves)."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.models import Application
from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_label, actor_user
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.grants.budget import check_budget, totals
from jiwon.grants.documents import agreement_pdf, sha256_of
from jiwon.grants.models import Agreement, BudgetLine, BudgetVersion, GrantTerms
from jiwon.grants.selectors import committed_by_line
from jiwon.grants.services.common import Key, budget_of, locked
from jiwon.grants.services.reports import report_obligations_sync
from jiwon.grants.workflow import AgreementStatus as S
from jiwon.programs.models import Program

SELECTED = "selected"


def _next_number(program: Program) -> str:
    prefix = f"{program.fiscal_year}-"
    last = (
        Agreement.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _save_lines(version: BudgetVersion, lines: Mapping[Key, int]) -> None:
    BudgetLine.objects.bulk_create(
        BudgetLine(version=version, category=c, source=s, amount_won=a)
        for (c, s), a in sorted(lines.items())
        if a
    )


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    program: Program,
    company: Company,
    title: str,
    starts_on: date,
    ends_on: date,
    lines: Mapping[Key, int],
    application: Application | None = None,
) -> Agreement:
    """A draft agreement with budget version 1. From an application, it must be the
    company's selected application to `program`, with its result published."""
    if not has_perm(actor, "grants.manage"):
        raise PermissionDenied("grants.manage")
    terms = GrantTerms.objects.filter(program=program).first()
    if terms is None:
        raise ValidationError(_("The programme has no grant terms yet: set them first."))
    if application is not None:
        if application.program_id != program.pk or application.company_id != company.pk:
            raise ValidationError(_("The application is not this company's to this programme."))
        if application.status != SELECTED:
            raise ValidationError(_("Only a selected application becomes an agreement."))
        if Agreement.objects.filter(application=application).exists():
            raise ValidationError(_("This application already has an agreement."))
    title = " ".join(title.split())
    if not title or len(title) > 200:
        raise ValidationError({"title": _("Give the project a title of at most 200 characters.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The project ends on or after the day it starts.")})
    check_budget(lines, terms)
    agreement = workflow_initial(
        Agreement(
            number=_next_number(program),
            program=program,
            company=company,
            application=application,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            budget_version=1,
            **totals(lines),
        )
    )
    agreement.full_clean(exclude=["number"])
    agreement.save()
    version = BudgetVersion.objects.create(
        agreement=agreement,
        number=1,
        status=BudgetVersion.Status.APPROVED,
        proposed_by=actor_user(actor),
        proposed_by_label=actor_label(actor),
        proposed_at=timezone.now(),
    )
    _save_lines(version, lines)
    workflow_record_created(actor=actor, obj=agreement)
    audit_record(
        actor=actor,
        action="grants.agreement_create",
        obj=agreement,
        changes={
            "number": [None, agreement.number],
            "grant_won": [None, agreement.grant_won],
            "lines": [None, {f"{c}/{s}": a for (c, s), a in sorted(lines.items()) if a}],
        },
    )
    return agreement


@transaction.atomic
def agreement_update_draft(
    *, actor: Actor, agreement: Agreement, starts_on: date, ends_on: date, lines: Mapping[Key, int]
) -> Agreement:
    """Change a draft's period and budget (version 1 is rewritten: nothing was signed yet)."""
    if not has_perm(actor, "grants.manage", agreement):
        raise PermissionDenied("grants.manage")
    agreement = locked(agreement)
    if agreement.status != S.DRAFT:
        raise ValidationError(_("Only a draft is changed directly; a signed one is amended."))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The project ends on or after the day it starts.")})
    check_budget(lines, agreement.program.grant_terms)
    before = budget_of(agreement)
    version = agreement.budget_versions.get(number=1)
    version.lines.all().delete()
    _save_lines(version, lines)
    for name, value in totals(lines).items():
        setattr(agreement, name, value)
    agreement.starts_on, agreement.ends_on = starts_on, ends_on
    agreement.save()
    audit_record(
        actor=actor,
        action="grants.agreement_update_draft",
        obj=agreement,
        changes={
            "lines": [
                {f"{c}/{s}": a for (c, s), a in before.items()},
                {f"{c}/{s}": a for (c, s), a in lines.items() if a},
            ]
        },
    )
    return agreement


def agreement_send(*, actor: Actor, agreement: Agreement) -> Agreement:
    """Generate the agreement document (PDF, Korean) and send it to the company."""

    def guard(obj: Agreement) -> dict[str, object]:
        pdf = agreement_pdf(obj)
        digest = sha256_of(pdf)
        obj.document.save(f"{obj.number}.pdf", ContentFile(pdf), save=False)
        return {"document": obj.document, "document_sha256": digest, "sent_at": timezone.now()}

    return workflow_move(
        actor=actor, obj=agreement, to=S.SENT, action="grants.agreement_send", guard=guard
    )


def agreement_recall(*, actor: Actor, agreement: Agreement, reason: str) -> Agreement:
    return workflow_move(
        actor=actor,
        obj=agreement,
        to=S.DRAFT,
        action="grants.agreement_recall",
        comment=reason,
        updates={"document_sha256": "", "sent_at": None},
    )


def agreement_accept(*, actor: Actor, agreement: Agreement, sha256: str) -> Agreement:
    """The company's representative accepts the document they were shown: `sha256` is the
    digest the page showed, and must be the document's, so what was accepted is on record."""

    def guard(obj: Agreement) -> dict[str, object]:
        with obj.document.open("rb") as handle:
            stored = sha256_of(handle.read())
        if stored != obj.document_sha256 or sha256.strip().lower() != stored:
            raise ValidationError(
                _("The document changed since you opened it. Open it again and accept that one.")
            )
        return {
            "accepted_by": actor_user(actor),
            "accepted_by_label": actor_label(actor),
            "accepted_at": timezone.now(),
            "accepted_sha256": stored,
        }

    return workflow_move(
        actor=actor, obj=agreement, to=S.ACCEPTED, action="grants.agreement_accept", guard=guard
    )


@transaction.atomic
def agreement_countersign(*, actor: Actor, agreement: Agreement) -> Agreement:
    """Staff countersign: the agreement is under way and owes its programme's reports."""
    signed = workflow_move(
        actor=actor,
        obj=agreement,
        to=S.ACTIVE,
        action="grants.agreement_countersign",
        updates={"countersigned_by": actor_user(actor), "countersigned_at": timezone.now()},
    )
    report_obligations_sync(actor=actor, agreement=signed)
    return signed


def agreement_suspend(*, actor: Actor, agreement: Agreement, reason: str) -> Agreement:
    return workflow_move(
        actor=actor,
        obj=agreement,
        to=S.SUSPENDED,
        action="grants.agreement_suspend",
        comment=reason,
    )


def agreement_resume(*, actor: Actor, agreement: Agreement, reason: str) -> Agreement:
    return workflow_move(
        actor=actor, obj=agreement, to=S.ACTIVE, action="grants.agreement_resume", comment=reason
    )


def agreement_terminate(*, actor: Actor, agreement: Agreement, reason: str) -> Agreement:
    return workflow_move(
        actor=actor,
        obj=agreement,
        to=S.TERMINATED,
        action="grants.agreement_terminate",
        comment=reason,
    )


AMENDABLE = (S.ACCEPTED, S.ACTIVE, S.SUSPENDED)


@transaction.atomic
def amendment_propose(
    *, actor: Actor, agreement: Agreement, lines: Mapping[Key, int], reason: str
) -> BudgetVersion:
    """Propose a new budget version for a signed agreement (the company or staff). No line
    may fall below what is already recorded against it."""
    if not (
        has_perm(actor, "grants.manage", agreement) or has_perm(actor, "grants.act", agreement)
    ):
        raise PermissionDenied("grants.manage")
    agreement = locked(agreement)
    if agreement.status not in AMENDABLE:
        raise ValidationError(_("Only a signed agreement that is under way can be amended."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the budget changes.")})
    if agreement.budget_versions.filter(status=BudgetVersion.Status.PROPOSED).exists():
        raise ValidationError(_("An amendment is already waiting for a decision."))
    check_budget(lines, agreement.program.grant_terms)
    committed = committed_by_line(agreement)
    problems = [
        _("%(c)s / %(s)s cannot go below the %(won)s won already recorded against it.")
        % {"c": c, "s": s, "won": f"{won:,}"}
        for (c, s), won in committed.items()
        if lines.get((c, s), 0) < won
    ]
    if problems:
        raise ValidationError(problems)
    number = agreement.budget_versions.order_by("-number").first().number + 1  # type: ignore[union-attr]
    version = BudgetVersion.objects.create(
        agreement=agreement,
        number=number,
        status=BudgetVersion.Status.PROPOSED,
        reason=reason,
        proposed_by=actor_user(actor),
        proposed_by_label=actor_label(actor),
        proposed_at=timezone.now(),
    )
    _save_lines(version, lines)
    audit_record(
        actor=actor,
        action="grants.amendment_propose",
        obj=agreement,
        changes={"budget_version": [agreement.budget_version, number], "reason": [None, reason]},
    )
    return version


@transaction.atomic
def amendment_decide(
    *, actor: Actor, version: BudgetVersion, approve: bool, comment: str = ""
) -> BudgetVersion:
    """Approve or reject a proposed amendment. The person who proposed it cannot decide it."""
    if not has_perm(actor, "grants.approve_program"):
        raise PermissionDenied("grants.approve_program")
    agreement = locked(version.agreement)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != BudgetVersion.Status.PROPOSED:
        raise ValidationError(_("This amendment was already decided."))
    user = actor_user(actor)
    if user is not None and version.proposed_by_id == user.pk:
        raise ValidationError(_("Someone other than the person who proposed it decides it."))
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Give a reason for this decision.")})
    version.status = BudgetVersion.Status.APPROVED if approve else BudgetVersion.Status.REJECTED
    version.decided_by = user
    version.decided_by_label = actor_label(actor)
    version.decided_at = timezone.now()
    version.decision_comment = comment
    version.save()
    changes: dict[str, list[object]] = {"amendment": [version.number, version.status]}
    if approve:
        lines = {(line.category, line.source): line.amount_won for line in version.lines.all()}
        before = agreement.grant_won
        for name, value in totals(lines).items():
            setattr(agreement, name, value)
        agreement.budget_version = version.number
        agreement.save()
        changes["grant_won"] = [before, agreement.grant_won]
    audit_record(actor=actor, action="grants.amendment_decide", obj=agreement, changes=changes)
    return version


@transaction.atomic
def grant_terms_set(
    *,
    actor: Actor,
    program: Program,
    category_caps: Mapping[str, int | None],
    tranche_plan: list[int],
    own_share_min_pct: int = 0,
    return_interest: bool = True,
    uncollected_under_won: int = 10,
    objection_days: int = 7,
) -> GrantTerms:
    """Set (or replace) the grant terms of `program`."""
    if not has_perm(actor, "grants.manage"):
        raise PermissionDenied("grants.manage")
    terms = GrantTerms.objects.filter(program=program).first() or GrantTerms(program=program)
    before = {"category_caps": terms.category_caps, "tranche_plan": terms.tranche_plan}
    terms.category_caps = dict(category_caps)
    terms.tranche_plan = list(tranche_plan)
    terms.own_share_min_pct = own_share_min_pct
    terms.return_interest = return_interest
    terms.uncollected_under_won = uncollected_under_won
    terms.objection_days = objection_days
    terms.full_clean()
    terms.save()
    audit_record(
        actor=actor,
        action="grants.grant_terms_set",
        obj=terms,
        changes={
            "category_caps": [before["category_caps"], terms.category_caps],
            "tranche_plan": [before["tranche_plan"], terms.tranche_plan],
        },
    )
    return terms
