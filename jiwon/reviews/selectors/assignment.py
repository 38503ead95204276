"""Reads for assigning a committee's evaluators: the applications of its stage, its members,
the expertise fit of a pair, and the committee's assignment problem built from the database.

The problem (engine/problem.py) holds the applications of the programme that passed screening
(screened_pass, and under_evaluation once evaluation has started), the committee's members
with their capacities, the expertise fit of every pair, the blocking conflicts as forbidden
pairs, and every existing assignment as a pin. Solving it therefore completes the assignment
around what already exists (what staff added by hand, what an earlier run made) and never
moves a scorecard.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from jiwon.applications.models import Application
from jiwon.applications.workflow import ApplicationStatus
from jiwon.reviews.engine.fit import expertise_fit
from jiwon.reviews.engine.problem import Problem, build_problem
from jiwon.reviews.models import (
    Assignment,
    Committee,
    CommitteeMember,
    Evaluator,
    RunStatus,
    SelectionResult,
)
from jiwon.reviews.selectors.conflicts import blocked_pairs

# Applications a committee evaluates and ranks: passed screening and not decided yet.
STAGE_STATUSES = (ApplicationStatus.SCREENED_PASS, ApplicationStatus.UNDER_EVALUATION)


@dataclass(frozen=True)
class Label:
    """An id for the engine: equal and hashed by primary key, printed as people know it (a
    receipt number, an evaluator's name) so the engine's messages read well."""

    pk: int
    text: str = field(compare=False, hash=False)

    def __str__(self) -> str:
        return self.text


def not_passed_on(committee: Committee | None = None) -> "QuerySet[SelectionResult, Any]":
    """Applications an earlier stage's confirmed ranking did not pass on. Their status moves
    to not selected only at publication (what the applicant must not see before), so until
    then the later stages leave them out by this, not by their status."""
    dropped = SelectionResult.objects.filter(run__status=RunStatus.CONFIRMED, selected=False)
    if committee is not None:
        dropped = dropped.exclude(run__committee=committee)
    return dropped.values("application_id")


def in_stage(committee: Committee) -> QuerySet[Application]:
    """The programme's applications a committee ranks: passed screening, not decided, not
    dropped by an earlier stage."""
    return Application.objects.filter(
        program_id=committee.program_id, status__in=STAGE_STATUSES
    ).exclude(pk__in=not_passed_on(committee))


def committee_applications(committee: Committee) -> QuerySet[Application]:
    return (
        in_stage(committee)
        .select_related("company", "company__ksic")
        .order_by("receipt_sequence", "id")
    )


def committee_members(committee: Committee) -> list[CommitteeMember]:
    """The members with their evaluators' relationships (what exclusion detection reads)."""
    return list(
        CommitteeMember.objects.filter(committee=committee)
        .select_related("evaluator")
        .prefetch_related("evaluator__relationships__company")
        .order_by("evaluator__name", "evaluator_id")
    )


def committee_assignments(committee: Committee) -> QuerySet[Assignment]:
    return committee.assignments.select_related(
        "application", "application__company", "evaluator", "scorecard"
    ).order_by("application__receipt_sequence", "application_id", "evaluator__name")


def evaluators_of(
    committee: Committee, application_id: int, *, without: Assignment | None = None
) -> list[str]:
    """The names of the application's evaluators in the committee (for audit entries)."""
    assignments = committee.assignments.filter(application_id=application_id)
    if without is not None:
        assignments = assignments.exclude(pk=without.pk)
    return sorted(str(a.evaluator) for a in assignments.select_related("evaluator"))


def application_keywords(application: Application) -> list[str]:
    """Keywords the applicant gave in a form field keyed `keywords` (a list, or text separated
    by commas), if the programme's form has one."""
    raw = (application.answers or {}).get("keywords")
    if isinstance(raw, str):
        return [k for k in raw.split(",") if k.strip()]
    if isinstance(raw, list):
        return [str(k) for k in raw]
    return []


def application_codes(application: Application) -> list[str]:
    ksic = application.company.ksic
    return [ksic.code] if ksic else []


def pair_fit(application: Application, evaluator: Evaluator) -> int:
    return expertise_fit(
        application_codes=application_codes(application),
        application_keywords=application_keywords(application),
        evaluator_codes=evaluator.expertise_ksic,
        evaluator_keywords=evaluator.expertise_keywords,
    )


def _label(application: Application) -> str:
    return application.receipt_number or f"{application.company.name_ko} #{application.pk}"


@dataclass
class CommitteeProblem:
    problem: Problem
    applications: dict[int, Application]
    evaluators: dict[int, Evaluator]


def committee_problem(committee: Committee) -> CommitteeProblem:
    applications = list(committee_applications(committee))
    members = committee_members(committee)
    existing = list(committee.assignments.values_list("application_id", "evaluator_id"))
    in_scope = {a.pk for a in applications}
    # Assignments to applications that left the stage (withdrawn, rejected later) still took
    # the evaluator's time: they count against the capacity but are not pins.
    outside = Counter(e for a, e in existing if a not in in_scope)
    app_labels = {a.pk: Label(a.pk, _label(a)) for a in applications}
    ev_labels = {m.evaluator_id: Label(m.evaluator_id, m.evaluator.name) for m in members}
    capacities = [
        max(0, (m.effective_capacity if m.evaluator.active else 0) - outside[m.evaluator_id])
        for m in members
    ]
    pinned = [(app_labels[a], ev_labels[e]) for a, e in existing if a in in_scope]
    # An inactive member keeps what they already have but takes nothing new.
    for i, m in enumerate(members):
        if not m.evaluator.active:
            capacities[i] = sum(1 for _a, e in pinned if e.pk == m.evaluator_id)
    forbidden = [
        (app_labels[a], ev_labels[e])
        for a, e in blocked_pairs(in_scope, ev_labels.keys())
        if a in app_labels and e in ev_labels
    ]
    by_app = {a.pk: a for a in applications}
    by_ev = {m.evaluator_id: m.evaluator for m in members}
    problem = build_problem(
        applications=[app_labels[a.pk] for a in applications],
        evaluators=[ev_labels[m.evaluator_id] for m in members],
        capacities=capacities,
        per_application=committee.per_application,
        fit=lambda a, e: pair_fit(by_app[a.pk], by_ev[e.pk]),
        forbidden=forbidden,
        pinned=pinned,
        stage=str(committee.get_stage_display()),
    )
    return CommitteeProblem(problem, by_app, by_ev)
