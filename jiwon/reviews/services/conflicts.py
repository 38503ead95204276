"""Conflicts of interest between evaluators and applications.

- 제척 (exclusion) is detected, never declared: `conflicts_detect` finds, for the given
  applications and evaluators,
  * the evaluator's affiliation is the applicant company (its Korean or English name),
  * a relationship the evaluator declared with the applicant company (own company, former
    employer, advisory work, a relative's company), naming it in the registry or by name.
  Names are compared after Unicode NFKC and case folding, without white space and without the
  legal-form markers ㈜, (주), 주식회사, so "㈜ 한빛 로보틱스" is "한빛로보틱스".
  Relationships of kind `other` are recorded for staff to judge and exclude nobody.
- 회피 (recusal): the evaluator declares a conflict with an application assigned to them.
- 기피 (challenge): the applicant names an evaluator of the programme's committees; staff
  uphold or dismiss it with a reason. Pending and dismissed challenges do not block.

A blocking conflict and an assignment of the same pair never coexist: whatever makes a pair
blocked removes its assignment (and that evaluator's scorecard for it) in the same
transaction, audited with the scores it held.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.applications.access import is_applicant
from jiwon.applications.models import Application
from jiwon.audit.services import audit_record, snapshot
from jiwon.companies.models import Company
from jiwon.core.actor import Actor
from jiwon.reviews.models import (
    Assignment,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evaluator,
    EvaluatorRelationship,
    RelationshipKind,
    ScorecardStatus,
)
from jiwon.reviews.selectors.conflicts import REVIEWABLE_STATUSES, challengeable_evaluators
from jiwon.reviews.services import account_of, require_perm

EXCLUDING_KINDS = (
    RelationshipKind.OWN_COMPANY,
    RelationshipKind.FORMER_EMPLOYER,
    RelationshipKind.ADVISORY,
    RelationshipKind.RELATIVE,
)
CONFLICT_FIELDS = ["application", "evaluator", "kind", "status", "reason", "decision_reason"]
_LEGAL_FORM = re.compile(r"㈜|\(주\)|주식회사")


def normalise_name(name: str) -> str:
    """An organisation's name for comparison: NFKC, case-folded, no white space, no legal-form
    marker. NFKC turns ㈜ into (주), so both spellings go."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(_LEGAL_FORM.sub("", folded).split())


def _company_names(company: Company) -> set[str]:
    return {n for n in (normalise_name(company.name_ko), normalise_name(company.name_en)) if n}


@dataclass(frozen=True)
class Found:
    reason: str
    relationship: EvaluatorRelationship | None = None


def find_exclusions(
    applications: Iterable[Application], evaluators: Iterable[Evaluator]
) -> dict[tuple[int, int], Found]:
    """The 제척 pairs among `applications` (with their companies) and `evaluators` (with their
    relationships prefetched), each with the first reason found."""
    by_company: dict[int, list[Application]] = defaultdict(list)
    by_name: dict[str, set[int]] = defaultdict(set)
    for application in applications:
        by_company[application.company_id].append(application)
        for name in _company_names(application.company):
            by_name[name].add(application.company_id)
    found: dict[tuple[int, int], Found] = {}

    def exclude(
        evaluator: Evaluator,
        company_ids: Iterable[int],
        reason: str,
        relationship: EvaluatorRelationship | None = None,
    ) -> None:
        for company_id in company_ids:
            for application in by_company.get(company_id, ()):
                found.setdefault((application.pk, evaluator.pk), Found(reason, relationship))

    for evaluator in evaluators:
        for relationship in evaluator.relationships.all():
            if relationship.kind not in EXCLUDING_KINDS:
                continue
            if relationship.company is not None:
                companies = {relationship.company.pk}
                named = relationship.company.name_ko
            else:
                companies = by_name.get(normalise_name(relationship.organisation_name), set())
                named = relationship.organisation_name
            exclude(
                evaluator,
                companies,
                _("Declared relationship: %(kind)s, %(name)s.")
                % {"kind": relationship.get_kind_display(), "name": named},
                relationship,
            )
        affiliation = normalise_name(evaluator.affiliation)
        if affiliation:
            exclude(
                evaluator,
                by_name.get(affiliation, set()),
                _("The evaluator's affiliation “%(affiliation)s” is the applicant company.")
                % {"affiliation": evaluator.affiliation},
            )
    return found


def _remove_assignments(
    *, actor: Actor, pairs: Iterable[tuple[int, int]], because: str, action: str
) -> int:
    """Delete the assignments (and scorecards) of newly blocked pairs; audited per assignment
    with the scores it held, so a discarded scorecard can still be read in the log."""
    blocked = set(pairs)
    if not blocked:
        return 0
    application_ids = {pair[0] for pair in blocked}
    candidates = Assignment.objects.filter(application_id__in=application_ids).select_related(
        "committee", "evaluator", "application"
    )
    removed = 0
    for assignment in candidates:
        if (assignment.application_id, assignment.evaluator_id) not in blocked:
            continue
        scorecard = getattr(assignment, "scorecard", None)
        changes: dict[str, object] = {
            "committee": assignment.committee_id,
            "application": assignment.application_id,
            "evaluator": [str(assignment.evaluator), None],
            "reason": because,
        }
        if scorecard is not None:
            changes["scorecard"] = {
                "status": scorecard.status,
                "comment": scorecard.comment,
                "scores": {s.criterion.code: str(s.value) for s in scorecard.scores.all()},
            }
            scorecard.delete()
        audit_record(actor=actor, action=action, obj=assignment, changes=changes)
        assignment.delete()
        removed += 1
    return removed


@dataclass(frozen=True)
class Detection:
    created: int
    removed: int
    assignments_removed: int


@transaction.atomic
def conflicts_detect(
    *, actor: Actor, applications: Iterable[Application], evaluators: Iterable[Evaluator]
) -> Detection:
    """Bring the automatic exclusions between `applications` and `evaluators` up to date:
    add what is found, drop exclusions whose cause is gone (a relationship removed, an
    affiliation changed). Idempotent."""
    require_perm(actor, "reviews.manage")
    applications = list(applications)
    evaluators = list(evaluators)
    found = find_exclusions(applications, evaluators)
    existing = {
        (c.application_id, c.evaluator_id): c
        for c in Conflict.objects.filter(
            kind=ConflictKind.EXCLUSION,
            application__in=[a.pk for a in applications],
            evaluator__in=[e.pk for e in evaluators],
        )
    }
    created = removed = 0
    for pair, conflict in existing.items():
        if pair not in found:
            audit_record(
                actor=actor,
                action="reviews.conflicts_detect",
                obj=conflict,
                changes={"status": [conflict.status, None], "reason": conflict.reason},
            )
            conflict.delete()
            removed += 1
    for (application_id, evaluator_id), hit in found.items():
        known = existing.get((application_id, evaluator_id))
        if known is not None:
            relationship_id = hit.relationship.pk if hit.relationship is not None else None
            if known.reason != hit.reason or known.relationship_id != relationship_id:
                known.reason = hit.reason
                known.relationship = hit.relationship
                known.save(update_fields=["reason", "relationship"])
            continue
        conflict = Conflict.objects.create(
            application_id=application_id,
            evaluator_id=evaluator_id,
            kind=ConflictKind.EXCLUSION,
            status=ConflictStatus.AUTOMATIC,
            reason=hit.reason,
            relationship=hit.relationship,
        )
        audit_record(
            actor=actor,
            action="reviews.conflicts_detect",
            obj=conflict,
            changes=snapshot(conflict, CONFLICT_FIELDS),
        )
        created += 1
    dropped = _remove_assignments(
        action="reviews.conflicts_detect",
        actor=actor,
        pairs=found.keys(),
        because=_("Exclusion (제척) detected."),
    )
    return Detection(created, removed, dropped)


def conflicts_detect_for_evaluator(*, actor: Actor, evaluator: Evaluator) -> Detection:
    """Re-check one evaluator against every application still under review (after their
    affiliation or relationships changed)."""
    applications = Application.objects.filter(status__in=REVIEWABLE_STATUSES).select_related(
        "company"
    )
    evaluator = Evaluator.objects.prefetch_related("relationships__company").get(pk=evaluator.pk)
    return conflicts_detect(actor=actor, applications=applications, evaluators=[evaluator])


def _required_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give the reason.")})
    return reason


@transaction.atomic
def conflict_recuse(*, actor: Actor, assignment: Assignment, reason: str) -> Conflict:
    """회피: the assigned evaluator declares a conflict with the application. Their assignment
    goes; a submitted scorecard cannot be withdrawn this way (staff decide then)."""
    require_perm(actor, "reviews.score")
    reason = _required_reason(reason)
    assignment = (
        Assignment.objects.select_for_update().select_related("evaluator").get(pk=assignment.pk)
    )
    user = account_of(actor)
    if user is None or assignment.evaluator.user_id != user.pk:
        raise ValidationError(_("Only the assigned evaluator can recuse themselves."))
    scorecard = getattr(assignment, "scorecard", None)
    if scorecard is not None and scorecard.status == ScorecardStatus.SUBMITTED:
        raise ValidationError(
            _(
                "Your scores for this application are already submitted. Ask the programme "
                "officer to withdraw them."
            )
        )
    conflict, _created = Conflict.objects.get_or_create(
        application_id=assignment.application_id,
        evaluator_id=assignment.evaluator_id,
        kind=ConflictKind.RECUSAL,
        defaults={"status": ConflictStatus.DECLARED, "reason": reason, "requested_by": user},
    )
    audit_record(
        actor=actor,
        action="reviews.conflict_recuse",
        obj=conflict,
        changes=snapshot(conflict, CONFLICT_FIELDS),
    )
    _remove_assignments(
        action="reviews.conflict_recuse",
        actor=actor,
        pairs=[(assignment.application_id, assignment.evaluator_id)],
        because=_("Recusal (회피) declared by the evaluator."),
    )
    return conflict


@transaction.atomic
def conflict_challenge(
    *, actor: Actor, application: Application, evaluator: Evaluator, reason: str
) -> Conflict:
    """기피: the applicant asks that `evaluator` not evaluate `application`. Staff decide."""
    if not is_applicant(actor, application):
        raise PermissionDenied("only the applicant company's members may challenge")
    reason = _required_reason(reason)
    if application.status not in REVIEWABLE_STATUSES:
        raise ValidationError(
            _("Evaluators can be challenged only while the application is under review.")
        )
    if not challengeable_evaluators(application).filter(pk=evaluator.pk).exists():
        raise ValidationError(
            {"evaluator": _("Choose an evaluator of this programme's committees.")}
        )
    if Conflict.objects.filter(
        application=application, evaluator=evaluator, kind=ConflictKind.CHALLENGE
    ).exists():
        raise ValidationError({"evaluator": _("You have already challenged this evaluator.")})
    conflict = Conflict.objects.create(
        application=application,
        evaluator=evaluator,
        kind=ConflictKind.CHALLENGE,
        status=ConflictStatus.PENDING,
        reason=reason,
        requested_by=account_of(actor),
    )
    audit_record(
        actor=actor,
        action="reviews.conflict_challenge",
        obj=conflict,
        changes=snapshot(conflict, CONFLICT_FIELDS),
    )
    return conflict


@transaction.atomic
def conflict_decide(*, actor: Actor, conflict: Conflict, uphold: bool, reason: str) -> Conflict:
    """Staff uphold (the evaluator is removed from the application) or dismiss a challenge."""
    require_perm(actor, "reviews.manage")
    reason = _required_reason(reason, "decision_reason")
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.kind != ConflictKind.CHALLENGE:
        raise ValidationError(_("Only a challenge (기피) is decided by staff."))
    if conflict.status != ConflictStatus.PENDING:
        raise ValidationError(_("This challenge has already been decided."))
    before = snapshot(conflict, CONFLICT_FIELDS)
    conflict.status = ConflictStatus.UPHELD if uphold else ConflictStatus.DISMISSED
    conflict.decision_reason = reason
    conflict.decided_by = account_of(actor)
    conflict.decided_at = timezone.now()
    conflict.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    changes = {k: [before[k], v] for k, v in snapshot(conflict, CONFLICT_FIELDS).items()}
    audit_record(actor=actor, action="reviews.conflict_decide", obj=conflict, changes=changes)
    if uphold:
        _remove_assignments(
            action="reviews.conflict_decide",
            actor=actor,
            pairs=[(conflict.application_id, conflict.evaluator_id)],
            because=_("Challenge (기피) upheld."),
        )
    return conflict
