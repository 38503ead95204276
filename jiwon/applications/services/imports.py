"""Applications recorded after the fact: a call run before Jiwon (or seed data) imported with
its real dates and its status history, in one batch with one audit entry."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jiwon.accounts.models import User
from jiwon.applications.models import Application, ApplicationStatusChange
from jiwon.applications.services.applications import receipt_number
from jiwon.applications.services.forms import application_form_ensure
from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_label
from jiwon.programs.models import Program
from jiwon.programs.selectors.programs import evaluation_problem


@dataclass(frozen=True, kw_only=True)
class StepRecord:
    """One move of an application's history: to `target` at `at`, by `by` (None: the
    applicant, or the system when nobody signed in)."""

    target: str
    at: datetime
    by: User | None = None
    comment: str = ""


@dataclass(frozen=True, kw_only=True)
class ApplicationRecord:
    company: Company
    answers: dict[str, Any]
    # From the draft on, in order; the last step is the application's status.
    steps: Sequence[StepRecord]


def _submitted_at(record: ApplicationRecord) -> datetime | None:
    return next((s.at for s in record.steps if s.target == ApplicationStatus.SUBMITTED), None)


# Moves of evaluation and selection: never before the call has closed (unless it is rolling).
EVALUATION = (
    ApplicationStatus.UNDER_EVALUATION,
    ApplicationStatus.SELECTED,
    ApplicationStatus.NOT_SELECTED,
)


@transaction.atomic
def applications_import(
    *, actor: Actor, program: Program, records: Sequence[ApplicationRecord]
) -> list[Application]:
    """Record `program`'s applications as they happened. Each history must start as a draft,
    run forward in time and follow the workflow's transitions; submitted applications get
    receipt numbers in the order of submission, continuing `program`'s sequence. Writes the
    status history with its real times and one audit entry for the batch."""
    if not records:
        return []
    definition = Application.workflows.current
    moves = {(t.source, t.target) for t in definition.transitions}
    problems = []
    for n, record in enumerate(records, start=1):
        targets = [s.target for s in record.steps]
        times = [s.at for s in record.steps]
        if not targets or targets[0] != definition.initial:
            problems.append(f"{n}: the history must start with {definition.initial}")
        elif times != sorted(times):
            problems.append(f"{n}: the history goes back in time")
        elif bad := [
            (a, b) for a, b in zip(targets, targets[1:], strict=False) if (a, b) not in moves
        ]:
            problems.append(f"{n}: {bad[0][0]} → {bad[0][1]} is not a transition")
        elif early := [
            s for s in record.steps if s.target in EVALUATION and evaluation_problem(program, s.at)
        ]:
            problems.append(f"{n}: {early[0].target} at {early[0].at} before the call closed")
    if problems:
        raise ValidationError(problems)
    form = application_form_ensure(actor=actor, program=program)
    last = (
        Application.objects.filter(program=program).aggregate(m=Max("receipt_sequence"))["m"] or 0
    )
    order = sorted(
        (r for r in records if _submitted_at(r)),
        key=lambda r: (_submitted_at(r), r.company.pk),
    )
    sequence = {id(r): last + n for n, r in enumerate(order, start=1)}
    applications = []
    for record in records:
        seq = sequence.get(id(record))
        applications.append(
            Application(
                program=program,
                company=record.company,
                form=form,
                answers=record.answers,
                status=record.steps[-1].target,
                workflow_version=definition.version,
                receipt_number=receipt_number(program, seq) if seq else None,
                receipt_sequence=seq,
                submitted_at=_submitted_at(record),
            )
        )
    Application.objects.bulk_create(applications)
    # created_at is set on insert: the drafts were started when their history says.
    for application, record in zip(applications, records, strict=True):
        application.created_at = record.steps[0].at
    Application.objects.bulk_update(applications, ["created_at"], batch_size=500)
    history = [
        ApplicationStatusChange(
            application=application,
            source=previous.target if previous else "",
            target=step.target,
            actor=step.by,
            actor_label=step.by.get_username() if step.by else actor_label(actor),
            comment=step.comment,
            at=step.at,
        )
        for application, record in zip(applications, records, strict=True)
        for previous, step in zip((None, *record.steps), record.steps, strict=False)
    ]
    ApplicationStatusChange.objects.bulk_create(history, batch_size=1000)
    audit_record(
        actor=actor,
        action="applications.applications_import",
        obj=program,
        changes={"applications": [None, len(applications)], "status_changes": [None, len(history)]},
    )
    return applications
