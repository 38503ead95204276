"""The evaluator pool and committees: evaluators with their expertise and declared
relationships, committees per programme stage and their members. A change that can create or
lift a 제척 (affiliation, relationships) re-runs the detection for that evaluator."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import Company
from jiwon.core.actor import Actor
from jiwon.core.models import Region
from jiwon.core.permissions import has_perm
from jiwon.core.roles import Role
from jiwon.programs.models import Program
from jiwon.reviews.engine.fit import ksic_path, normalise_keyword
from jiwon.reviews.models import (
    Committee,
    CommitteeMember,
    CommitteeStatus,
    Evaluator,
    EvaluatorRelationship,
)
from jiwon.reviews.services import require_perm
from jiwon.reviews.services.conflicts import conflicts_detect_for_evaluator

EVALUATOR_FIELDS = [
    "name",
    "affiliation",
    "region_code",
    "expertise_ksic",
    "expertise_keywords",
    "capacity",
    "active",
]
COMMITTEE_FIELDS = ["name", "per_application", "min_for_trimmed", "status"]
KSIC_PATTERN = re.compile(r"^(?:[A-U]|\d{2,5})$")


@dataclass
class EvaluatorInput:
    name: str
    affiliation: str = ""
    region_code: str = ""
    expertise_ksic: list[str] = field(default_factory=list)
    expertise_keywords: list[str] = field(default_factory=list)
    capacity: int = 10
    active: bool = True


def _clean_evaluator(data: EvaluatorInput) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors.setdefault("name", []).append(_("Enter the evaluator's name."))
    codes = []
    for raw in data.expertise_ksic:
        code = raw.strip().upper()
        if not code:
            continue
        if not KSIC_PATTERN.match(code) or not ksic_path(code):
            errors.setdefault("expertise_ksic", []).append(
                _("“%(code)s” is not a KSIC code: give a section letter (C) or 2 to 5 digits.")
                % {"code": raw.strip()}
            )
        elif code not in codes:
            codes.append(code)
    keywords: list[str] = []
    for raw in data.expertise_keywords:
        keyword = " ".join(raw.split())
        if keyword and normalise_keyword(keyword) not in map(normalise_keyword, keywords):
            keywords.append(keyword)
    region = data.region_code.strip()
    if region and not Region.objects.filter(code=region).exists():
        errors.setdefault("region_code", []).append(
            _("“%(code)s” is not a region code.") % {"code": region}
        )
    if data.capacity is None or data.capacity < 0:
        errors.setdefault("capacity", []).append(_("The capacity is a whole number, 0 or more."))
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "affiliation": " ".join(data.affiliation.split()),
        "region_code": region,
        "expertise_ksic": codes,
        "expertise_keywords": keywords,
        "capacity": data.capacity,
        "active": data.active,
    }


@transaction.atomic
def evaluator_create(*, actor: Actor, username: str, email: str, data: EvaluatorInput) -> Evaluator:
    """Add an expert to the pool. `username` names their account: an existing evaluator
    account without a profile is linked; otherwise an account with the evaluator role is
    created without a password (they set one through “Forgot your password?”)."""
    require_perm(actor, "reviews.manage")
    values = _clean_evaluator(data)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Enter the username the evaluator signs in with.")})
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        # The one role whose accounts score (docs/permissions.md, reviews.score).
        user = User(username=username, email=(email or "").strip(), role=Role.EVALUATOR)
        user.display_name = str(values["name"])
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    elif not has_perm(user, "reviews.score"):
        raise ValidationError({"username": _("This account does not have the evaluator role.")})
    elif Evaluator.objects.filter(user=user).exists():
        raise ValidationError({"username": _("This account is already in the evaluator pool.")})
    evaluator = Evaluator.objects.create(user=user, **values)
    audit_record(
        actor=actor,
        action="reviews.evaluator_create",
        obj=evaluator,
        changes=snapshot(evaluator, EVALUATOR_FIELDS),
    )
    conflicts_detect_for_evaluator(actor=actor, evaluator=evaluator)
    return evaluator


@transaction.atomic
def evaluator_update(*, actor: Actor, evaluator: Evaluator, data: EvaluatorInput) -> Evaluator:
    require_perm(actor, "reviews.manage")
    values = _clean_evaluator(data)
    evaluator = Evaluator.objects.select_for_update().get(pk=evaluator.pk)
    before = snapshot(evaluator, EVALUATOR_FIELDS)
    for name, value in values.items():
        setattr(evaluator, name, value)
    evaluator.save()
    changes = diff(before, snapshot(evaluator, EVALUATOR_FIELDS))
    if changes:
        audit_record(actor=actor, action="reviews.evaluator_update", obj=evaluator, changes=changes)
    if "affiliation" in changes:
        conflicts_detect_for_evaluator(actor=actor, evaluator=evaluator)
    return evaluator


@transaction.atomic
def relationship_add(
    *,
    actor: Actor,
    evaluator: Evaluator,
    kind: str,
    company: Company | None = None,
    organisation_name: str = "",
    declared_on: date | None = None,
    note: str = "",
) -> EvaluatorRelationship:
    require_perm(actor, "reviews.manage")
    organisation_name = " ".join((organisation_name or "").split())
    if company is None and not organisation_name:
        raise ValidationError(
            {"organisation_name": _("Choose a company or enter the organisation's name.")}
        )
    relationship = EvaluatorRelationship(
        evaluator=evaluator,
        kind=kind,
        company=company,
        organisation_name=organisation_name,
        declared_on=declared_on or timezone.localdate(),
        note=note.strip(),
    )
    relationship.full_clean()
    relationship.save()
    audit_record(
        actor=actor,
        action="reviews.relationship_add",
        obj=evaluator,
        changes={"relationship": [None, str(relationship)]},
    )
    conflicts_detect_for_evaluator(actor=actor, evaluator=evaluator)
    return relationship


@transaction.atomic
def relationship_remove(*, actor: Actor, relationship: EvaluatorRelationship) -> None:
    require_perm(actor, "reviews.manage")
    evaluator = relationship.evaluator
    audit_record(
        actor=actor,
        action="reviews.relationship_remove",
        obj=evaluator,
        changes={"relationship": [str(relationship), None]},
    )
    relationship.delete()
    conflicts_detect_for_evaluator(actor=actor, evaluator=evaluator)


@dataclass
class CommitteeInput:
    name: str
    per_application: int = 5
    min_for_trimmed: int = 5
    status: str = CommitteeStatus.FORMING


def _clean_committee(data: CommitteeInput) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Enter the committee's name.")]
    if data.per_application is None or data.per_application < 1:
        errors["per_application"] = [_("Each application needs at least one evaluator.")]
    if data.min_for_trimmed is None or data.min_for_trimmed < 3:
        errors["min_for_trimmed"] = [
            _("Dropping the highest and the lowest total needs at least 3 evaluators.")
        ]
    if data.status not in CommitteeStatus.values:
        errors["status"] = [_("Choose a status.")]
    if errors:
        raise ValidationError(errors)
    return {
        "name": data.name.strip(),
        "per_application": data.per_application,
        "min_for_trimmed": data.min_for_trimmed,
        "status": data.status,
    }


@transaction.atomic
def committee_create(
    *, actor: Actor, program: Program, stage: str, data: CommitteeInput
) -> Committee:
    require_perm(actor, "reviews.manage")
    values = _clean_committee(data)
    if Committee.objects.filter(program=program, stage=stage).exists():
        raise ValidationError(
            {"stage": _("This programme already has a committee for this stage.")}
        )
    committee = Committee(program=program, stage=stage, **values)
    committee.full_clean(exclude=["program"])
    committee.save()
    audit_record(
        actor=actor,
        action="reviews.committee_create",
        obj=committee,
        changes=snapshot(committee, ["program", "stage", *COMMITTEE_FIELDS]),
    )
    return committee


@transaction.atomic
def committee_update(*, actor: Actor, committee: Committee, data: CommitteeInput) -> Committee:
    require_perm(actor, "reviews.manage")
    values = _clean_committee(data)
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    before = snapshot(committee, COMMITTEE_FIELDS)
    for name, value in values.items():
        setattr(committee, name, value)
    if committee.status != before["status"]:
        closing = committee.status == CommitteeStatus.CLOSED
        committee.closed_at = timezone.now() if closing else None
    committee.save()
    changes = diff(before, snapshot(committee, COMMITTEE_FIELDS))
    if changes:
        audit_record(actor=actor, action="reviews.committee_update", obj=committee, changes=changes)
    return committee


@transaction.atomic
def committee_member_add(
    *, actor: Actor, committee: Committee, evaluator: Evaluator, capacity: int | None = None
) -> CommitteeMember:
    require_perm(actor, "reviews.manage")
    if not evaluator.active:
        raise ValidationError({"evaluator": _("This evaluator is not active.")})
    if capacity is not None and capacity < 0:
        raise ValidationError({"capacity": _("The capacity is a whole number, 0 or more.")})
    member, created = CommitteeMember.objects.get_or_create(
        committee=committee, evaluator=evaluator, defaults={"capacity": capacity}
    )
    if not created:
        if member.capacity == capacity:
            return member
        before = member.capacity
        member.capacity = capacity
        member.save(update_fields=["capacity"])
        changes: dict[str, object] = {"evaluator": str(evaluator), "capacity": [before, capacity]}
    else:
        changes = {"evaluator": [None, str(evaluator)], "capacity": [None, capacity]}
    audit_record(actor=actor, action="reviews.committee_member_add", obj=committee, changes=changes)
    return member


@transaction.atomic
def committee_member_remove(*, actor: Actor, member: CommitteeMember) -> None:
    require_perm(actor, "reviews.manage")
    committee = member.committee
    if committee.assignments.filter(evaluator_id=member.evaluator_id).exists():
        raise ValidationError(
            _("%(name)s still has assignments in this committee; remove them first.")
            % {"name": member.evaluator.name}
        )
    audit_record(
        actor=actor,
        action="reviews.committee_member_remove",
        obj=committee,
        changes={"evaluator": [str(member.evaluator), None]},
    )
    member.delete()


# What an anonymised evaluator is called (their scores and the committees stay).
ANONYMISED_EVALUATOR = "(익명처리) 평가위원"


@transaction.atomic
def evaluator_anonymise(*, actor: Actor, obj: Evaluator) -> Evaluator:
    """Overwrite an inactive evaluator's personal fields once their retention period passed
    (jiwon/privacy/retention.py); the audit entry names the fields, never their old values."""
    evaluator = Evaluator.objects.select_for_update().get(pk=obj.pk)
    evaluator.name = f"{ANONYMISED_EVALUATOR} {evaluator.pk}"
    evaluator.affiliation = evaluator.region_code = ""
    evaluator.expertise_keywords = []
    erased = ["name", "affiliation", "region_code", "expertise_keywords"]
    evaluator.save(update_fields=[*erased, "updated_at"])
    audit_record(
        actor=actor,
        action="reviews.evaluator_anonymise",
        obj=evaluator,
        changes={"anonymised": [None, erased]},
    )
    return evaluator
