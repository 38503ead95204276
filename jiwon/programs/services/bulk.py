"""Bulk writes for programmes: agencies and whole programme calendars (seed data, a yearly
plan imported at once). Each is atomic and writes ONE audit entry for the batch."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_user
from jiwon.core.models import Agency
from jiwon.core.permissions import has_perm
from jiwon.programs.eligibility.rules import parse_rule, rule_to_json
from jiwon.programs.models import EligibilityRuleVersion, Program, ProgramTarget
from jiwon.programs.services.programs import ProgramInput
from jiwon.programs.services.rules import target_rows
from jiwon.programs.workflow import ProgramStatus


def _require_manager(actor: Actor) -> None:
    if not has_perm(actor, "programs.manage"):
        raise PermissionDenied("programs.manage")


@transaction.atomic
def agency_ensure(
    *, actor: Actor, code: str, name_ko: str, name_en: str, region_codes: Sequence[str]
) -> tuple[Agency, bool]:
    """The agency with `code`, created with these values if it does not exist yet (an
    existing agency is left as it is); returns it and whether it was created."""
    _require_manager(actor)
    agency, created = Agency.objects.get_or_create(
        code=code,
        defaults={"name_ko": name_ko, "name_en": name_en, "region_codes": list(region_codes)},
    )
    if created:
        audit_record(
            actor=actor,
            action="programs.agency_ensure",
            obj=agency,
            changes={"code": [None, code], "name_ko": [None, name_ko]},
        )
    return agency, created


@dataclass(frozen=True, kw_only=True)
class ProgramRecord:
    """A programme of a calendar as it stands: its values, its status (a past year's calls
    are completed) and its eligibility rule, version 1 in force from `rule_effective_from`."""

    data: ProgramInput
    status: str
    rule: dict[str, Any]
    rule_effective_from: date
    published_at: datetime | None = None
    rule_note: str = ""


@transaction.atomic
def programs_bulk_create(*, actor: Actor, records: Sequence[ProgramRecord]) -> list[Program]:
    """Create many programmes at once, each in its given status with its rule (validated and
    stored canonically, as `rule_version_add` does) and its target groups. A published or
    later programme needs its publication time. One audit entry for the batch."""
    _require_manager(actor)
    if not records:
        return []
    user = actor_user(actor)
    states = Program.workflows.current.states
    programs, rules = [], []
    for record in records:
        if record.status not in states:
            raise ValidationError(f"unknown programme status {record.status!r}")
        if (record.status != ProgramStatus.DRAFT) != (record.published_at is not None):
            raise ValidationError(
                f"{record.data.series} {record.data.fiscal_year}: a programme has a "
                "publication time exactly when it is no longer a draft"
            )
        program = Program(
            **record.data.values(), status=record.status, published_at=record.published_at
        )
        program.workflow_version = program.workflows.current.version
        program.full_clean(exclude=["agency"], validate_unique=False, validate_constraints=False)
        programs.append(program)
        rules.append(rule_to_json(parse_rule(record.rule)))
    Program.objects.bulk_create(programs)
    EligibilityRuleVersion.objects.bulk_create(
        EligibilityRuleVersion(
            program=program,
            version=1,
            rule=rule,
            effective_from=record.rule_effective_from,
            note=record.rule_note,
            created_by_id=user.pk if user else None,
        )
        for program, rule, record in zip(programs, rules, records, strict=True)
    )
    targets = ProgramTarget.objects.bulk_create(
        row
        for program, rule in zip(programs, rules, strict=True)
        for row in target_rows(program=program, rule=rule)
    )
    audit_record(
        actor=actor,
        action="programs.programs_bulk_create",
        obj=programs[0].agency,
        changes={
            "programs": [None, len(programs)],
            "rule_versions": [None, len(programs)],
            "program_targets": [None, len(targets)],
        },
    )
    return programs
