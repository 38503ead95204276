"""Reads for applications: forms, answers as pages show them, lists with counts, and the
checks both the start and the submission make (the window, eligibility)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.definition import (
    PREFILL_SOURCES,
    Definition,
    Field,
    clean_value,
    is_empty,
    parse_definition,
)
from jiwon.applications.models import (
    Application,
    ApplicationFile,
    ApplicationForm,
    ApplicationStatusChange,
    SupplementRequest,
)
from jiwon.applications.workflow import APPLICATION_WORKFLOWS, ENDED_STATUSES, ApplicationStatus
from jiwon.companies.models import Company
from jiwon.core.formats import brn_format
from jiwon.core.permissions import roles_with
from jiwon.programs.eligibility.reference import Explanation, evaluate
from jiwon.programs.models import Program
from jiwon.programs.selectors.recommendations import company_facts
from jiwon.programs.selectors.rules import program_eligibility
from jiwon.programs.workflow import ProgramStatus


def kst(moment: datetime) -> str:
    """`moment` as people read it in messages: Korean time to the second."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def window_problem(program: Program, now: datetime) -> str:
    """Why `program` does not accept applications at `now`; empty when it does."""
    if program.status != ProgramStatus.PUBLISHED:
        return _("This programme is not accepting applications.")
    if now < program.opens_at:
        return _("Applications open at %(opens)s KST.") % {"opens": kst(program.opens_at)}
    if now >= program.closes_at:
        return _(
            "Applications closed at %(closes)s KST. Your draft is kept, but it can no longer "
            "be submitted."
        ) % {"closes": kst(program.closes_at)}
    return ""


def current_form(program: Program) -> ApplicationForm | None:
    return program.application_forms.order_by("-version").first()


def definition_of(application: Application) -> Definition:
    return parse_definition(application.form.definition)


def prefill_values(definition: Definition, company: Company) -> dict[str, Any]:
    """What the registry holds today for each prefilled field of `definition`."""
    return {f.key: PREFILL_SOURCES[f.prefill](company) for f in definition.fields if f.prefill}


def closed_problem(company: Company, day: date) -> str:
    """Why `company` may not apply on `day` because its business has closed (휴·폐업,
    `Company.closed_on` on or before `day`); empty while it is in business."""
    if company.closed_on is None or company.closed_on > day:
        return ""
    return _(
        "%(company)s closed its business on %(day)s; a closed business cannot apply for programmes."
    ) % {"company": company.name_ko, "day": company.closed_on.isoformat()}


def eligibility_failures(company: Company, program: Program, day: date) -> list[Explanation]:
    """The top-level criteria `company` fails for an application made on `day` (the rule in
    force that day, facts judged on the programme's reference date); empty when eligible."""
    return list(evaluate(company_facts(company), program_eligibility(program, day)).failed)


def live_application(program: Program, company: Company) -> Application | None:
    return (
        Application.objects.filter(program=program, company=company)
        .exclude(status__in=ENDED_STATUSES)
        .first()
    )


def applications_of(user: Any) -> QuerySet[Application]:
    """Every application of the companies `user` belongs to, newest first."""
    return (
        Application.objects.filter(company__memberships__user_id=user.pk)
        .select_related("program", "program__agency", "company")
        .order_by("-created_at", "-id")
    )


def programs_with_application_counts() -> QuerySet[Program]:
    """Every programme, newest first, each with how many applications it has."""
    return (
        Program.objects.select_related("agency")
        .annotate(application_count=Count("applications"))
        .order_by("-fiscal_year", "-closes_at", "id")
    )


def program_applications(program: Program, status: str = "") -> QuerySet[Application]:
    qs = Application.objects.filter(program=program).select_related("company")
    if status:
        qs = qs.filter(status=status)
    # Submitted ones in receipt order; drafts (no receipt yet) after them.
    return qs.order_by("receipt_sequence", "id")


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(program: Program) -> list[StatusCount]:
    """Applications of `program` per status, in workflow order, statuses with none left out."""
    rows = dict(
        Application.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    labels = {state: str(label) for state, label in APPLICATION_WORKFLOWS.state_choices()}
    return [StatusCount(s, labels.get(s, s), rows[s]) for s in labels if rows.get(s)]


@dataclass(frozen=True)
class HistoryRow:
    """One status change as a page shows it: `by` is who made it, as far as the reader may
    know."""

    change: ApplicationStatusChange
    by: str


def history(application: Application, *, for_staff: bool) -> list[HistoryRow]:
    """The status history, newest first. Staff see who made each move. The company sees the
    names of the people who act for companies (its own) and "Agency" for every move the
    agency made: the officers who screen stay anonymous to applicants. A person's kind is
    their role's (roles_with), not whether they may still act today: a former employee's
    withdrawal stays theirs."""
    applicants = roles_with("applications.apply")
    rows = []
    for change in application.status_history.select_related("actor").order_by("-at", "-id"):
        actor = change.actor
        if for_staff:
            by = str(actor) if actor is not None else "—"
        elif actor is not None and actor.role in applicants:
            by = str(actor)
        else:
            by = _("Agency")
        rows.append(HistoryRow(change, by))
    return rows


def supplement_requests(application: Application) -> QuerySet[SupplementRequest]:
    return application.supplement_requests.select_related("requested_by").order_by(
        "-requested_at", "-id"
    )


def open_supplement(application: Application) -> SupplementRequest | None:
    """The supplement request the company has still to answer, while the application waits
    for it."""
    if application.status != ApplicationStatus.SUPPLEMENT_REQUESTED:
        return None
    return application.supplement_requests.filter(resolved_at__isnull=True).first()


def files_by_field(application: Application) -> dict[str, list[ApplicationFile]]:
    found: dict[str, list[ApplicationFile]] = {}
    for file in application.files.order_by("field_key", "id"):
        found.setdefault(file.field_key, []).append(file)
    return found


@dataclass(frozen=True)
class AnswerRow:
    field: Field
    value: Any
    files: list[ApplicationFile]
    problem: str = ""

    @property
    def display(self) -> str:
        if self.field.type == "checkbox":
            return "✓" if self.value else "—"
        if self.field.type in ("choice", "multichoice"):
            chosen = self.value if isinstance(self.value, list) else [self.value]
            labels = {c.value: c.label for c in self.field.choices}
            return ", ".join(labels.get(v, str(v)) for v in chosen if v) or "—"
        if self.field.type == "number" and isinstance(self.value, int):
            return f"{self.value:,}"
        if self.field.prefill == "company.brn":
            return brn_format(self.value) or "—"
        return "—" if self.value in (None, "") else str(self.value)


@dataclass(frozen=True)
class AnswerStep:
    number: int
    title: str
    rows: list[AnswerRow]


def answer_steps(
    application: Application, problems: dict[str, str] | None = None
) -> list[AnswerStep]:
    """The answers step by step as the review and detail pages show them. Prefilled fields show
    the registry's current value until submission, the value copied at submission after."""
    definition = definition_of(application)
    live = application.status == ApplicationStatus.DRAFT
    registry = prefill_values(definition, application.company) if live else {}
    files = files_by_field(application)
    problems = problems or {}
    steps = []
    for number, step in enumerate(definition.steps, start=1):
        rows = []
        for field in step.fields:
            value = registry.get(field.key) if field.prefill and live else None
            if value is None:
                value = application.answers.get(field.key)
            rows.append(
                AnswerRow(field, value, files.get(field.key, []), problems.get(field.key, ""))
            )
        steps.append(AnswerStep(number, step.title, rows))
    return steps


def answer_problems(application: Application) -> dict[str, str]:
    """Field key → what to fix before the application can be submitted; empty when complete."""
    definition = definition_of(application)
    registry = prefill_values(definition, application.company)
    files = files_by_field(application)
    problems: dict[str, str] = {}
    for field in definition.fields:
        if field.prefill:
            if field.required and is_empty(registry.get(field.key)):
                problems[field.key] = _("Add this to your company profile first.")
            continue
        if field.is_file:
            if field.required and not files.get(field.key):
                problems[field.key] = _("Upload this file.")
            continue
        try:
            value = clean_value(field, application.answers.get(field.key))
        except ValidationError as exc:
            problems[field.key] = exc.messages[0]
            continue
        if field.required and is_empty(value):
            problems[field.key] = (
                _("Tick this box to continue.")
                if field.type == "checkbox"
                else _("Answer this question.")
            )
    return problems
