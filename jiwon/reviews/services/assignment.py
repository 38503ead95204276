"""Assigning a committee's evaluators to the applications of its stage.

The committee's problem (engine/problem.py) is built from the database: the applications of
the programme that passed screening (screened_pass, and under_evaluation once evaluation has
started), the committee's members with their capacities, the expertise fit of every pair,
the blocking conflicts as forbidden pairs, and every existing assignment as a pin. Running the
solver therefore completes the assignment around what already exists (what staff added by
hand, what an earlier run made) and never moves a scorecard. Automatic exclusions (제척) are
brought up to date first, so a relationship declared this morning counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiwon.applications.models import Application
from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.services import audit_record
from jiwon.reviews.engine.assignment import Infeasible, build_problem, check_feasibility, solve
from jiwon.reviews.engine.feasibility import Feasibility
from jiwon.reviews.engine.fit import expertise_fit
from jiwon.reviews.models import (
    AssignedBy,
    Assignment,
    Committee,
    CommitteeMember,
    CommitteeStatus,
    Evaluator,
    ScorecardStatus,
)
from jiwon.reviews.services.conflicts import blocked_pairs, conflicts_detect

STAGE_STATUSES = (ApplicationStatus.SCREENED_PASS, ApplicationStatus.UNDER_EVALUATION)


@dataclass(frozen=True)
class Label:
    """An id for the engine: equal and hashed by primary key, printed as people know it (a
    receipt number, an evaluator's name) so the engine's messages read well."""

    pk: int
    text: str = field(compare=False, hash=False)

    def __str__(self) -> str:
        return self.text


def committee_applications(committee: Committee):
    return (
        Application.objects.filter(program_id=committee.program_id, status__in=STAGE_STATUSES)
        .select_related("company", "company__ksic")
        .order_by("receipt_sequence", "id")
    )


def committee_members(committee: Committee) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(committee=committee)
        .select_related("evaluator")
        .prefetch_related("evaluator__relationships__company")
        .order_by("evaluator__name", "evaluator_id")
    )


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
    problem: object
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


def _detect(actor, committee: Committee) -> None:
    conflicts_detect(
        actor=actor,
        applications=committee_applications(committee),
        evaluators=[m.evaluator for m in committee_members(committee)],
    )


@transaction.atomic
def committee_feasibility(*, actor, committee: Committee) -> Feasibility:
    """What the solver would find missing, with the exclusions brought up to date first."""
    _detect(actor, committee)
    return check_feasibility(committee_problem(committee).problem)


@dataclass(frozen=True)
class AssignmentRun:
    created: list[Assignment]
    objective: int
    missing: int
    report: Feasibility


def _open(committee: Committee) -> None:
    if committee.status == CommitteeStatus.CLOSED:
        raise ValidationError(_("This committee is closed; reopen it to change assignments."))


@transaction.atomic
def committee_assign(*, actor, committee: Committee, partial: bool = False) -> AssignmentRun:
    """Complete the committee's assignment optimally (greatest total fit). Refused with the
    feasibility report's messages when k evaluators cannot be found for every application,
    unless `partial`: then as many as possible are made, the fittest among them."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _open(committee)
    _detect(actor, committee)
    built = committee_problem(committee)
    try:
        result = solve(built.problem, partial=partial)
    except Infeasible as exc:
        raise ValidationError(exc.report.messages) from exc
    existing = set(committee.assignments.values_list("application_id", "evaluator_id"))
    fits = dict(zip(result.pairs(), built.problem.arc_fit[result.arcs].tolist(), strict=True))
    created = [
        Assignment(
            committee=committee,
            application_id=a.pk,
            evaluator_id=e.pk,
            assigned_by=AssignedBy.SOLVER,
            fit=fits[(a, e)],
            created_by=actor,
        )
        for a, e in result.pairs()
        if (a.pk, e.pk) not in existing
    ]
    Assignment.objects.bulk_create(created)
    audit_record(
        actor=actor,
        action="reviews.committee_assign",
        obj=committee,
        changes={
            "assignments": [len(existing), len(existing) + len(created)],
            "added": [[x.application_id, x.evaluator_id, x.fit] for x in created],
            "objective": result.objective,
            "missing": result.missing,
        },
    )
    return AssignmentRun(created, result.objective, result.missing, result.feasibility)


def _evaluators_of(committee: Committee, application_id: int, without=None) -> list[str]:
    assignments = committee.assignments.filter(application_id=application_id)
    if without is not None:
        assignments = assignments.exclude(pk=without.pk)
    return sorted(str(a.evaluator) for a in assignments.select_related("evaluator"))


@transaction.atomic
def assignment_add(
    *, actor, committee: Committee, application: Application, evaluator: Evaluator
) -> Assignment:
    """Staff assign an evaluator by hand. Refused on a conflict, over the evaluator's capacity,
    beyond k evaluators, or outside the committee; audited with the application's evaluators
    before and after."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _open(committee)
    member = CommitteeMember.objects.filter(committee=committee, evaluator=evaluator).first()
    if member is None:
        raise ValidationError({"evaluator": _("This evaluator is not on the committee.")})
    if application.program_id != committee.program_id or application.status not in STAGE_STATUSES:
        raise ValidationError(
            {"application": _("This application is not in this committee's stage.")}
        )
    conflicts_detect(actor=actor, applications=[application], evaluators=[evaluator])
    if blocked_pairs([application.pk], [evaluator.pk]):
        raise ValidationError(
            {
                "evaluator": _(
                    "%(name)s has a conflict of interest with this application and cannot be "
                    "assigned to it."
                )
                % {"name": evaluator.name}
            }
        )
    assigned = committee.assignments.filter(application=application)
    if assigned.filter(evaluator=evaluator).exists():
        raise ValidationError({"evaluator": _("This evaluator is already assigned to it.")})
    if assigned.count() >= committee.per_application:
        raise ValidationError(
            ngettext(
                "This application already has %(k)s evaluator; remove it first.",
                "This application already has %(k)s evaluators; remove one first.",
                committee.per_application,
            )
            % {"k": committee.per_application}
        )
    load = committee.assignments.filter(evaluator=evaluator).count()
    if load >= member.effective_capacity:
        raise ValidationError(
            {
                "evaluator": _(
                    "%(name)s already has %(load)s applications, their capacity; raise the "
                    "capacity first."
                )
                % {"name": evaluator.name, "load": load}
            }
        )
    before = _evaluators_of(committee, application.pk)
    assignment = Assignment.objects.create(
        committee=committee,
        application=application,
        evaluator=evaluator,
        assigned_by=AssignedBy.STAFF,
        fit=pair_fit(application, evaluator),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="reviews.assignment_add",
        obj=assignment,
        changes={
            "committee": committee.pk,
            "application": application.pk,
            "evaluators": [before, _evaluators_of(committee, application.pk)],
        },
    )
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    """Staff take an evaluator off an application. Refused once the scores are submitted; a
    draft scorecard goes with the assignment (its scores are kept in the audit entry)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("committee").get(pk=assignment.pk)
    )
    committee = assignment.committee
    _open(committee)
    scorecard = getattr(assignment, "scorecard", None)
    if scorecard is not None and scorecard.status == ScorecardStatus.SUBMITTED:
        raise ValidationError(
            _("The evaluator has already submitted their scores; the assignment stays.")
        )
    changes = {
        "committee": committee.pk,
        "application": assignment.application_id,
        "evaluators": [
            _evaluators_of(committee, assignment.application_id),
            _evaluators_of(committee, assignment.application_id, without=assignment),
        ],
    }
    if scorecard is not None:
        changes["draft_scores"] = {
            s.criterion.code: str(s.value) for s in scorecard.scores.select_related("criterion")
        }
    audit_record(actor=actor, action="reviews.assignment_remove", obj=assignment, changes=changes)
    if scorecard is not None:
        scorecard.delete()
    assignment.delete()
