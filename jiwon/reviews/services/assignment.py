"""Assigning a committee's evaluators to the applications of its stage: the solver's run and
staff's changes by hand.

The committee's problem is built from the database (selectors/assignment.py) with every
existing assignment as a pin, so a solver run completes the assignment around what exists and
never moves a scorecard. Automatic exclusions (제척) are brought up to date first, so a
relationship declared this morning counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiwon.applications.models import Application
from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.reviews.engine.assignment import Infeasible, check_feasibility, solve
from jiwon.reviews.engine.feasibility import Feasibility
from jiwon.reviews.models import (
    AssignedBy,
    Assignment,
    Committee,
    CommitteeMember,
    CommitteeStatus,
    Evaluator,
    ScorecardStatus,
)
from jiwon.reviews.selectors.assignment import (
    STAGE_STATUSES,
    Label,
    committee_applications,
    committee_members,
    committee_problem,
    evaluators_of,
    pair_fit,
)
from jiwon.reviews.selectors.conflicts import blocked_pairs
from jiwon.reviews.services import account_of, require_closed, require_perm
from jiwon.reviews.services.conflicts import conflicts_detect


def _detect(actor: Actor, committee: Committee) -> None:
    conflicts_detect(
        actor=actor,
        applications=committee_applications(committee),
        evaluators=[m.evaluator for m in committee_members(committee)],
    )


@transaction.atomic
def committee_feasibility(*, actor: Actor, committee: Committee) -> Feasibility:
    """What the solver would find missing, with the exclusions brought up to date first."""
    require_perm(actor, "reviews.manage")
    _detect(actor, committee)
    return check_feasibility(committee_problem(committee).problem)


@dataclass(frozen=True)
class AssignmentRun:
    created: list[Assignment]
    objective: int
    missing: int
    report: Feasibility | None


def _open(committee: Committee) -> None:
    if committee.status == CommitteeStatus.CLOSED:
        raise ValidationError(_("This committee is closed; reopen it to change assignments."))


@transaction.atomic
def committee_assign(*, actor: Actor, committee: Committee, partial: bool = False) -> AssignmentRun:
    """Complete the committee's assignment optimally (greatest total fit). Refused with the
    feasibility report's messages when k evaluators cannot be found for every application,
    unless `partial`: then as many as possible are made, the fittest among them."""
    require_perm(actor, "reviews.manage")
    committee = Committee.objects.select_for_update().select_related("program").get(pk=committee.pk)
    _open(committee)
    require_closed(committee.program)
    _detect(actor, committee)
    built = committee_problem(committee)
    try:
        result = solve(built.problem, partial=partial)
    except Infeasible as exc:
        raise ValidationError(exc.report.messages) from exc
    existing = set(committee.assignments.values_list("application_id", "evaluator_id"))
    # The problem's ids are the Labels committee_problem built.
    pairs = [(cast(Label, a), cast(Label, e)) for a, e in result.pairs()]
    fits = dict(zip(pairs, built.problem.arc_fit[result.arcs].tolist(), strict=True))
    created = [
        Assignment(
            committee=committee,
            application_id=a.pk,
            evaluator_id=e.pk,
            assigned_by=AssignedBy.SOLVER,
            fit=fits[(a, e)],
            created_by=account_of(actor),
        )
        for a, e in pairs
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


@transaction.atomic
def assignment_add(
    *, actor: Actor, committee: Committee, application: Application, evaluator: Evaluator
) -> Assignment:
    """Staff assign an evaluator by hand. Refused on a conflict, over the evaluator's capacity,
    beyond k evaluators, or outside the committee; audited with the application's evaluators
    before and after."""
    require_perm(actor, "reviews.manage")
    committee = Committee.objects.select_for_update().select_related("program").get(pk=committee.pk)
    _open(committee)
    require_closed(committee.program)
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
    before = evaluators_of(committee, application.pk)
    assignment = Assignment.objects.create(
        committee=committee,
        application=application,
        evaluator=evaluator,
        assigned_by=AssignedBy.STAFF,
        fit=pair_fit(application, evaluator),
        created_by=account_of(actor),
    )
    audit_record(
        actor=actor,
        action="reviews.assignment_add",
        obj=assignment,
        changes={
            "committee": committee.pk,
            "application": application.pk,
            "evaluators": [before, evaluators_of(committee, application.pk)],
        },
    )
    return assignment


@transaction.atomic
def assignment_remove(*, actor: Actor, assignment: Assignment) -> None:
    """Staff take an evaluator off an application. Refused once the scores are submitted; a
    draft scorecard goes with the assignment (its scores are kept in the audit entry)."""
    require_perm(actor, "reviews.manage")
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
    changes: dict[str, object] = {
        "committee": committee.pk,
        "application": assignment.application_id,
        "evaluators": [
            evaluators_of(committee, assignment.application_id),
            evaluators_of(committee, assignment.application_id, without=assignment),
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
