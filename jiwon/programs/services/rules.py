"""Writes for eligibility rules: a programme's rule is versioned data. A change adds a version
that takes effect on its date; a stored version is never edited, so every past decision can
be traced to the rule it was made under.

A programme's target groups (ProgramTarget: 청년, 중장년, …, what the notice board filters on)
are derived from its newest version, and replaced whenever a version is added."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_user
from jiwon.core.permissions import has_perm
from jiwon.programs.eligibility.rules import parse_rule, rule_to_json
from jiwon.programs.eligibility.targets import target_groups
from jiwon.programs.models import (
    RULE_NOTE_MAX_LENGTH,
    EligibilityRuleVersion,
    Program,
    ProgramTarget,
)
from jiwon.programs.workflow import ProgramStatus

# Once a programme closes, its applications are judged under the rules they were made under.
RULE_EDITABLE_STATUSES = (ProgramStatus.DRAFT, ProgramStatus.PUBLISHED)


def can_add_rule_version(actor: Actor, program: Program) -> bool:
    return program.status in RULE_EDITABLE_STATUSES and has_perm(actor, "programs.manage")


def target_rows(*, program: Program, rule: dict[str, Any]) -> list[ProgramTarget]:
    """The (unsaved) target-group rows of `program` whose newest rule is `rule`."""
    return [ProgramTarget(program=program, group=group) for group in target_groups(rule)]


def _targets_replace(*, program: Program, rule: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Replace `program`'s target groups with those of `rule`; returns (before, after), both
    sorted. The caller holds the transaction and writes the audit record."""
    before = sorted(program.targets.values_list("group", flat=True))
    rows = target_rows(program=program, rule=rule)
    program.targets.all().delete()
    ProgramTarget.objects.bulk_create(rows)
    return before, [row.group for row in rows]


@transaction.atomic
def rule_version_add(
    *,
    actor: Actor,
    program: Program,
    rule: dict[str, Any],
    effective_from: date,
    note: str = "",
) -> EligibilityRuleVersion:
    """Add the next version of `program`'s eligibility rule. `rule` is validated (every
    problem reported with where it is, e.g. "rule.criteria[2].max_years: …") and stored in its
    canonical form. After publication a version cannot take effect in the past: applicants
    may already have been judged under the rule in force then."""
    if not has_perm(actor, "programs.manage"):
        raise PermissionDenied("programs.manage")
    # Locks the programme row: two editors saving at once get consecutive version numbers.
    program = Program.objects.select_for_update().get(pk=program.pk)
    errors = []
    if program.status not in RULE_EDITABLE_STATUSES:
        errors.append(
            ValidationError(
                _("The rules of a programme that is %(status)s can no longer be changed.")
                % {"status": program.get_status_display()},
                code="not_editable",
            )
        )
    today = timezone.localdate()
    if program.status == ProgramStatus.PUBLISHED and effective_from < today:
        errors.append(
            ValidationError(
                _(
                    "The programme is published: a new version must take effect today "
                    "(%(today)s) or later."
                )
                % {"today": today.isoformat()},
                code="effective_in_past",
            )
        )
    note = note.strip()
    if len(note) > RULE_NOTE_MAX_LENGTH:
        errors.append(
            ValidationError(
                _("Keep the note to %(length)s characters.") % {"length": RULE_NOTE_MAX_LENGTH},
                code="note_too_long",
            )
        )
    try:
        canonical = rule_to_json(parse_rule(rule))
    except ValidationError as exc:
        errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    previous = program.rule_versions.order_by("-version").first()
    version = EligibilityRuleVersion.objects.create(
        program=program,
        version=(previous.version if previous else 0) + 1,
        rule=canonical,
        effective_from=effective_from,
        created_by_id=user.pk if (user := actor_user(actor)) else None,
        note=note,
    )
    # The newest version states who the notice is for, even before it takes effect.
    targets = _targets_replace(program=program, rule=canonical)
    audit_record(
        actor=actor,
        action="programs.rule_version_add",
        obj=program,
        changes={
            "version": [previous.version if previous else None, version.version],
            "rule": [previous.rule if previous else None, canonical],
            "effective_from": [previous.effective_from if previous else None, effective_from],
            "note": [None, note],
            "targets": list(targets),
        },
    )
    return version
