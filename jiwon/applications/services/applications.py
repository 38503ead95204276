"""An application's life: start, drafts, submission with its receipt number, withdrawal,
screening and supplements. Deadlines are checked here, on the server, to the second:
a programme accepts applications while opens_at <= now < closes_at."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.definition import clean_value
from jiwon.applications.emails import send_receipt
from jiwon.applications.models import Application, ReceiptCounter, SupplementRequest
from jiwon.applications.selectors import (
    answer_problems,
    closed_problem,
    definition_of,
    eligibility_failures,
    kst,
    live_application,
    open_supplement,
    prefill_values,
    window_problem,
)
from jiwon.applications.services.common import locked, require_applicant, user_pk
from jiwon.applications.services.forms import application_form_ensure
from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.core.workflow import workflow_initial, workflow_move, workflow_record_created
from jiwon.programs.models import Program
from jiwon.programs.selectors.programs import evaluation_problem

S = ApplicationStatus
DEFAULT_RECEIPT_PREFIX = "AY"
SCREENING_DECISIONS = {
    "start": S.SCREENING,
    "pass": S.SCREENED_PASS,
    "supplement": S.SUPPLEMENT_REQUESTED,
    "reject": S.REJECTED,
}


class AlreadySubmitted(ValidationError):
    """A second final submission of an application that already has its receipt number."""

    def __init__(self, application: Application):
        super().__init__(
            _("This application was already submitted. Its receipt number is %(receipt)s.")
            % {"receipt": application.receipt_number}
        )
        self.application = application


@dataclass
class DraftResult:
    application: Application
    errors: dict[str, str] = field(default_factory=dict)


def _eligibility_error(company: Company, program: Program, now: datetime) -> ValidationError | None:
    failures = eligibility_failures(company, program, timezone.localdate(now))
    if not failures:
        return None
    intro = _("%(company)s does not meet the conditions of this programme:") % {
        "company": company.name_ko
    }
    return ValidationError([intro, *(f.text() for f in failures)])


@transaction.atomic
def application_start(
    *, actor: Actor, program: Program, company: Company, now: datetime | None = None
) -> Application:
    """A draft application of `company` to `program`, on the programme's current form.
    Refused outside the window, when the business has closed (휴·폐업), when the company
    already has a live application, and when it does not meet the eligibility rule (the
    message lists the failing criteria)."""
    if not has_perm(actor, "applications.apply", company):
        raise PermissionDenied("only the company's members may apply for it")
    now = now or timezone.now()
    problem = window_problem(program, now)
    if problem:
        raise ValidationError(problem)
    closed = closed_problem(company, timezone.localdate(now))
    if closed:
        raise ValidationError(closed)
    if live_application(program, company) is not None:
        raise ValidationError(_("Your company already has an application for this programme."))
    error = _eligibility_error(company, program, now)
    if error:
        raise error
    form = application_form_ensure(actor=actor, program=program)
    application = workflow_initial(
        Application(program=program, company=company, form=form, created_by_id=user_pk(actor))
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        # Two starts at once: the partial unique constraint lets only one live application in.
        raise ValidationError(
            _("Your company already has an application for this programme.")
        ) from exc
    workflow_record_created(actor=actor, obj=application)
    audit_record(
        actor=actor,
        action="applications.application_start",
        obj=application,
        changes={
            "program": [None, str(program)],
            "company": [None, str(company)],
            "form_version": [None, form.version],
            "workflow": [None, f"application v{application.workflow_version}"],
        },
    )
    return application


@transaction.atomic
def application_save_draft(
    *, actor: Actor, application: Application, answers: dict[str, Any]
) -> DraftResult:
    """Merge `answers` (field key → what was entered) into the draft. Every answer is kept,
    even one that is not valid yet (so nothing typed is lost); `errors` says what to fix.
    Prefilled and file fields, and keys the form does not have, are ignored."""
    application = locked(application)
    require_applicant(actor, application)
    if application.status != S.DRAFT:
        raise ValidationError(
            _("This application has been submitted; its answers can no longer be changed.")
        )
    definition = definition_of(application)
    merged = dict(application.answers)
    errors: dict[str, str] = {}
    for key, raw in answers.items():
        target = definition.field(key)
        if target is None or not target.is_answered_by_applicant:
            continue
        try:
            merged[key] = clean_value(target, raw)
        except ValidationError as exc:
            errors[key] = exc.messages[0]
            if target.fits_a_draft(raw):
                merged[key] = raw if isinstance(raw, str | list) else str(raw)
    changes = {
        f"answers.{key}": [application.answers.get(key), merged.get(key)]
        for key in sorted(set(merged) | set(application.answers))
        if application.answers.get(key) != merged.get(key)
    }
    if changes:
        application.answers = merged
        application.save(update_fields=["answers", "updated_at"])
        audit_record(
            actor=actor,
            action="applications.application_save_draft",
            obj=application,
            changes=changes,
        )
    return DraftResult(application, errors)


def receipt_number(program: Program, sequence: int) -> str:
    """The receipt number of `program`'s `sequence`-th submitted application."""
    prefix = getattr(settings, "JIWON_RECEIPT_PREFIX", DEFAULT_RECEIPT_PREFIX)
    return f"{prefix}-{program.fiscal_year}-{program.series.upper()}-{sequence:06d}"


def receipt_sequence_next(program: Program) -> int:
    """The next receipt sequence of `program`, from its counter row, in one statement: the
    row is created on a programme's first submission (starting after any sequence already
    issued) and otherwise incremented; the row stays locked until the caller's transaction
    ends, and a rollback gives the number back."""
    counter = ReceiptCounter._meta.db_table
    applications = Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {counter} (program_id, last) VALUES (%s, "  # noqa: S608 (table names)
            f"(SELECT COALESCE(MAX(receipt_sequence), 0) + 1 FROM {applications} "
            "WHERE program_id = %s)) "
            f"ON CONFLICT (program_id) DO UPDATE SET last = {counter}.last + 1 RETURNING last",
            [program.pk, program.pk],
        )
        return int(cursor.fetchone()[0])


@transaction.atomic
def application_submit(
    *, actor: Actor, application: Application, now: datetime | None = None
) -> Application:
    """The final submission: re-checks the window (to the second), that the business has not
    closed, the answers and the company's eligibility; then issues the receipt number
    (접수번호), locks the answers and emails the receipt to the company's members.

    `now` is the moment the request reached the server (jiwon.core.arrival, stamped before
    any waiting): a submission that arrived before the deadline is accepted however long it
    then waited for a lock. The application row is locked first: a second submission of the
    same application waits on it, finds it submitted and is refused (AlreadySubmitted) with
    the same receipt number. The receipt sequence comes from the programme's counter row,
    incremented only after every check (receipt_sequence_next), so the submissions of a call
    do not queue behind one another for their whole checks."""
    program = Program.objects.get(pk=application.program_id)
    application = locked(application)
    require_applicant(actor, application)
    if application.receipt_number:
        raise AlreadySubmitted(application)
    now = now or timezone.now()

    def acceptable(current: Application) -> dict[str, Any]:
        problem = window_problem(program, now)
        if problem:
            raise ValidationError(problem)
        closed = closed_problem(current.company, timezone.localdate(now))
        if closed:
            raise ValidationError(closed)
        problems = answer_problems(current)
        if problems:
            raise ValidationError(problems)
        error = _eligibility_error(current.company, program, now)
        if error:
            raise error
        # What the registry said at submission is what the application was judged on.
        registry = prefill_values(definition_of(current), current.company)
        sequence = receipt_sequence_next(program)  # last: it holds the call's counter row
        return {
            "answers": {**current.answers, **registry},
            "receipt_sequence": sequence,
            "receipt_number": receipt_number(program, sequence),
            "submitted_at": now,
        }

    application = workflow_move(
        actor=actor,
        obj=application,
        to=S.SUBMITTED,
        action="applications.application_submit",
        guard=acceptable,
    )
    audit_record(
        actor=actor,
        action="applications.application_submit",
        obj=application,
        changes={
            "receipt_number": [None, application.receipt_number],
            "submitted_at": [None, now.isoformat()],
        },
    )
    pk = application.pk
    transaction.on_commit(lambda: send_receipt(pk))
    return application


@transaction.atomic
def application_withdraw(
    *, actor: Actor, application: Application, comment: str = "", now: datetime | None = None
) -> Application:
    """Withdraw the application; possible only before the programme's deadline."""
    application = locked(application)
    require_applicant(actor, application)
    now = now or timezone.now()
    if now >= application.program.closes_at:
        raise ValidationError(
            _(
                "Applications closed at %(closes)s KST; an application can be withdrawn only "
                "before then."
            )
            % {"closes": kst(application.program.closes_at)}
        )
    return workflow_move(
        actor=actor,
        obj=application,
        to=S.WITHDRAWN,
        comment=comment,
        action="applications.application_withdraw",
        updates={"withdrawn_at": now},
    )


@transaction.atomic
def application_transition(
    *,
    actor: Actor,
    application: Application,
    target: str,
    comment: str = "",
    now: datetime | None = None,
) -> Application:
    """A staff decision that moves the application to `target` as its pinned workflow allows
    the actor's capabilities (e.g. the reviews app's under_evaluation, selected, not_selected).
    Submission, withdrawal and supplements have their own services."""
    if target in (S.SUBMITTED, S.WITHDRAWN, S.SUPPLEMENT_REQUESTED):
        raise ValueError(f"use the service for {target}")
    if target in (S.UNDER_EVALUATION, S.SELECTED, S.NOT_SELECTED):
        problem = evaluation_problem(application.program, now)
        if problem:
            raise ValidationError(problem)
    return workflow_move(
        actor=actor,
        obj=application,
        to=target,
        comment=comment,
        action="applications.application_transition",
    )


@transaction.atomic
def application_screen(
    *,
    actor: Actor,
    application: Application,
    decision: str,
    comment: str = "",
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> Application:
    """서류 검토: "start" screening, "pass", request a "supplement" (what is missing, in
    `comment`, by `due_at`) or "reject" (the reason, in `comment`)."""
    if decision not in SCREENING_DECISIONS:
        raise ValidationError(_("Choose a screening decision."))
    target = SCREENING_DECISIONS[decision]
    application = locked(application)
    if not has_perm(actor, "applications.screen", application):
        raise PermissionDenied("only screeners decide on applications")
    if target == S.SUPPLEMENT_REQUESTED:
        now = now or timezone.now()
        if due_at is None:
            raise ValidationError({"due_at": _("Give the date and time the supplement is due.")})
        if due_at <= now:
            raise ValidationError({"due_at": _("The due date must be in the future.")})
    application = workflow_move(
        actor=actor,
        obj=application,
        to=target,
        comment=comment,
        action="applications.application_screen",
    )
    if due_at is not None and target == S.SUPPLEMENT_REQUESTED:
        request = SupplementRequest.objects.create(
            application=application,
            message=comment.strip(),
            due_at=due_at,
            requested_by_id=user_pk(actor),
        )
        audit_record(
            actor=actor,
            action="applications.application_screen",
            obj=application,
            changes={
                "supplement_due_at": [None, due_at.isoformat()],
                "request": [None, request.pk],
            },
        )
    return application


@transaction.atomic
def application_supplement_respond(
    *, actor: Actor, application: Application, response: str, now: datetime | None = None
) -> Application:
    """The company answers the open supplement request (files are added beforehand with
    application_file_add) and the application returns to screening as submitted."""
    application = locked(application)
    require_applicant(actor, application)
    now = now or timezone.now()
    request = open_supplement(application)
    if request is None:
        raise ValidationError(_("No supplement has been requested for this application."))
    if now >= request.due_at:
        raise ValidationError(
            _("The supplement was due at %(due)s KST. Contact the programme officer.")
            % {"due": kst(request.due_at)}
        )
    if not response.strip():
        raise ValidationError({"response": _("Say what you have added or changed.")})
    application = workflow_move(
        actor=actor,
        obj=application,
        to=S.SUBMITTED,
        comment=response,
        action="applications.application_supplement_respond",
    )
    request.response = response.strip()
    request.resolved_at = now
    request.save(update_fields=["response", "resolved_at"])
    audit_record(
        actor=actor,
        action="applications.application_supplement_respond",
        obj=application,
        changes={"request": [None, request.pk]},
    )
    return application
