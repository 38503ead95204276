"""Bulk writes of outcomes (imports of a past year, seed data): ledger rows, yearly figures
and dated outcome records, each checked by the same rules as the one-row services and written
with ONE audit entry per batch instead of one per row."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor, actor_user
from jiwon.core.models import Agency, Region
from jiwon.outcomes.models import (
    RECORD_MODELS,
    IntellectualProperty,
    OutcomeRecord,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.outcomes.services.figures import (
    not_a_district,
    number_taken,
    outcome_record_problems,
    year_figure_problems,
)
from jiwon.outcomes.services.ledger import ledger_entry_problems

_BATCH = 1000


def _messages(n: int, found: dict[str, ValidationError]) -> list[str]:
    return [f"{n} {field}: {'; '.join(error.messages)}" for field, error in found.items()]


def _raise(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems[:20])


@transaction.atomic
def ledger_entries_bulk_add(
    *, actor: Actor, agency: Agency, entries: Sequence[SupportLedgerEntry]
) -> list[SupportLedgerEntry]:
    """Record many supports at once (unsaved rows, never corrections); the audit entry hangs
    on `agency`, whose ledger they are. A source already in the ledger fails the batch."""
    problems = []
    user = actor_user(actor)
    for n, entry in enumerate(entries, start=1):
        if entry.corrects_id is not None:
            problems.append(f"{n}: a correction is made with its own service")
        problems += _messages(n, ledger_entry_problems(entry))
        entry.entered_by = user
    _raise(problems)
    if not entries:
        return []
    saved = SupportLedgerEntry.objects.bulk_create(entries, batch_size=_BATCH)
    audit_record(
        actor=actor,
        action="outcomes.ledger_entries_bulk_add",
        obj=agency,
        changes={
            "ledger_rows": [None, len(saved)],
            "amount_won": [None, sum(e.amount_won or 0 for e in saved)],
        },
    )
    return saved


@transaction.atomic
def year_figures_bulk_add(
    *, actor: Actor, agency: Agency, figures: Sequence[YearFigure]
) -> list[YearFigure]:
    """Record many yearly figures of companies at once (new ones: a figure already recorded
    for the company, year and metric fails the batch)."""
    problems = []
    user = actor_user(actor)
    for n, f in enumerate(figures, start=1):
        found = year_figure_problems(
            year=f.year, metric=f.metric, value=f.value, provenance=f.provenance
        )
        problems += _messages(n, found)
        f.entered_by = user
    _raise(problems)
    if not figures:
        return []
    saved = YearFigure.objects.bulk_create(figures, batch_size=_BATCH)
    audit_record(
        actor=actor,
        action="outcomes.year_figures_bulk_add",
        obj=agency,
        changes={"year_figures": [None, len(saved)]},
    )
    return saved


@transaction.atomic
def outcome_records_bulk_add(
    *, actor: Actor, agency: Agency, records: Sequence[OutcomeRecord]
) -> dict[str, int]:
    """Record many dated outcomes (investments, IP, agreements, awards, relocations) at once;
    returns how many of each kind were added."""
    user = actor_user(actor)
    found = [outcome_record_problems(record, lookups=False) for record in records]
    # The two checks that need the database, for the whole batch in two queries.
    ips = [r for r in records if isinstance(r, IntellectualProperty) and r.number]
    taken = set(
        IntellectualProperty.objects.filter(number__in={r.number for r in ips}).values_list(
            "kind", "number"
        )
    )
    codes = {r.other_region_code for r in records if isinstance(r, Relocation)} - {""}
    districts = set(Region.objects.filter(code__in=codes, level=2).values_list("code", flat=True))
    for record, errors in zip(records, found, strict=True):
        if isinstance(record, IntellectualProperty) and record.number:
            if (record.kind, record.number) in taken:
                errors["number"] = number_taken(record)
            taken.add((record.kind, record.number))
        code = record.other_region_code if isinstance(record, Relocation) else ""
        if code and code not in districts:
            errors["other_region_code"] = not_a_district(code)
        record.entered_by = user
    _raise([m for n, errors in enumerate(found, start=1) for m in _messages(n, errors)])
    added: dict[str, int] = {}
    for kind, model in RECORD_MODELS.items():
        rows = [r for r in records if type(r) is model]
        model._default_manager.bulk_create(rows, batch_size=_BATCH)
        added[kind] = len(rows)
    if records:
        audit_record(
            actor=actor,
            action="outcomes.outcome_records_bulk_add",
            obj=agency,
            changes={kind: [None, n] for kind, n in added.items() if n},
        )
    return added
