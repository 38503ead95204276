"""Writes to the support ledger (지원 실적). Every function is atomic and audited.

Rows are never deleted and their amount, company and date are never edited in place: a change
to any of those is a correction, made of new rows (see README, "Ledger"):

- `ledger_entry_void`: the support did not happen (a reversal row);
- `ledger_entry_replace`: the company or the date is wrong (a reversal and a replacement row);
- `ledger_entry_adjust`: the amount is wrong (an adjustment row holding the difference).

Descriptive fields (programme, kind, end of period, description) may be edited
(`ledger_entry_update`); the edit is audited with before and after.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_user
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import (
    ADJUSTMENT,
    DESCRIPTION_MAX_LENGTH,
    MANUAL,
    REPLACEMENT,
    RESERVED_SOURCE_TYPES,
    REVERSAL,
    Provenance,
    SupportLedgerEntry,
)
from jiwon.outcomes.selectors.ledger import effective_amount, is_reversed, replacement_of
from jiwon.programs.models import Program

# Far above any support a city gives, low enough to catch a pasted row of digits.
MAX_AMOUNT_WON = 10**13

AUDITED_FIELDS = [
    "company",
    "program",
    "kind",
    "amount_won",
    "supported_on",
    "period_end",
    "description",
    "source_type",
    "source_id",
    "corrects",
    "provenance",
    "entered_by",
]
EDITABLE_FIELDS = ("program", "kind", "period_end", "description")


def ledger_entry_problems(entry: SupportLedgerEntry) -> dict[str, ValidationError]:
    """The ledger's rules, checked without a query: {field: error saying what to fix}.
    Imports check every row with it before writing any."""
    errors: dict[str, ValidationError] = {}
    if entry.kind not in SupportKind.values:
        errors["kind"] = ValidationError(_("Choose a kind of support from the list."))
    if entry.provenance not in Provenance.values:
        errors["provenance"] = ValidationError(_("Choose where this row comes from."))
    amount = entry.amount_won
    if amount is not None:
        if entry.corrects_id is None and amount < 0:
            errors["amount_won"] = ValidationError(
                _(
                    "The amount cannot be negative. To reduce or cancel support already "
                    "recorded, correct that row instead."
                )
            )
        elif abs(amount) > MAX_AMOUNT_WON:
            errors["amount_won"] = ValidationError(
                _("The amount is too large; check the number of digits.")
            )
    if entry.period_end and entry.supported_on and entry.period_end < entry.supported_on:
        errors["period_end"] = ValidationError(
            _("The end of the period must be on or after the date of support.")
        )
    if len(entry.description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = ValidationError(
            _("Shorten the description to %(max)s characters."),
            params={"max": DESCRIPTION_MAX_LENGTH},
        )
    return errors


def _check(entry: SupportLedgerEntry) -> None:
    errors = ledger_entry_problems(entry)
    if errors:
        raise ValidationError(errors)
    entry.full_clean(validate_constraints=False)


def _save_new(
    entry: SupportLedgerEntry, *, actor: Actor, action: str, extra: dict[str, Any] | None = None
) -> SupportLedgerEntry:
    _check(entry)
    try:
        # A savepoint, so a duplicate source caught here leaves the caller's transaction usable.
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"source_id": _("This source record already has a row in the ledger.")}
        ) from exc
    changes: dict[str, Any] = {k: [None, v] for k, v in snapshot(entry, AUDITED_FIELDS).items()}
    changes.update(extra or {})
    audit_record(actor=actor, action=action, obj=entry, changes=changes)
    return entry


@transaction.atomic
def ledger_entry_add(
    *,
    actor: Actor,
    company: Company,
    program: Program | None = None,
    kind: str,
    amount_won: int | None,
    supported_on: date,
    period_end: date | None = None,
    description: str = "",
    source_type: str = MANUAL,
    source_id: str = "",
    provenance: str,
) -> SupportLedgerEntry:
    """Record one support a company received. `amount_won` is None for support without a sum
    of money (mentoring, education); it is never negative here: a support recorded with too
    much is corrected (`ledger_entry_adjust`)."""
    entry = SupportLedgerEntry(
        company=company,
        program=program,
        kind=kind,
        amount_won=amount_won,
        supported_on=supported_on,
        period_end=period_end,
        description=description.strip(),
        source_type=source_type,
        source_id=source_id,
        provenance=provenance,
        entered_by=actor_user(actor),
    )
    return _save_new(entry, actor=actor, action="outcomes.ledger_entry_add")


@transaction.atomic
def ledger_entry_update(
    *,
    actor: Actor,
    entry: SupportLedgerEntry,
    program: Program | None,
    kind: str,
    period_end: date | None,
    description: str,
) -> SupportLedgerEntry:
    """Edit the descriptive fields of a row. Corrections of the row follow its programme and
    kind, so sums by programme or kind stay right. Values the row already has write nothing."""
    if entry.corrects_id is not None:
        raise ValidationError(_("A correction row cannot be edited; edit the row it corrects."))
    entry = SupportLedgerEntry.objects.select_for_update().get(pk=entry.pk)
    before = snapshot(entry, AUDITED_FIELDS)
    entry.program = program
    entry.kind = kind
    entry.period_end = period_end
    entry.description = description.strip()
    _check(entry)
    changes: dict[str, Any] = diff(before, snapshot(entry, AUDITED_FIELDS))
    if not changes:
        return entry
    entry.save(update_fields=list(EDITABLE_FIELDS))
    followers = list(entry.corrections.values_list("pk", flat=True))
    if followers and ("program" in changes or "kind" in changes):
        entry.corrections.update(program=entry.program, kind=entry.kind)
        changes["corrections_updated"] = [None, followers]
    audit_record(actor=actor, action="outcomes.ledger_entry_update", obj=entry, changes=changes)
    return entry


# --- corrections -------------------------------------------------------------------------------


def _correctable(entry: SupportLedgerEntry, reason: str) -> tuple[SupportLedgerEntry, str]:
    """The row, locked, and the reason, once it is sure the row may be corrected: a reason is
    given, the row is not itself a correction, and it was neither cancelled nor replaced."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the row is corrected.")})
    if entry.corrects_id is not None:
        raise ValidationError(_("This is a correction row; correct the row it corrects instead."))
    entry = (
        SupportLedgerEntry.objects.select_for_update().select_related("company").get(pk=entry.pk)
    )
    if is_reversed(entry):
        replacement = replacement_of(entry)
        if replacement is not None:
            raise ValidationError(
                _("This row was replaced by row %(id)s; correct that row instead.")
                % {"id": replacement.pk}
            )
        raise ValidationError(_("This row was cancelled; there is nothing left to correct."))
    return entry, reason


def _correction_row(
    entry: SupportLedgerEntry,
    *,
    actor: Actor,
    amount_won: int | None,
    source_type: str,
    reason: str,
    action: str,
    provenance: str,
    extra: dict[str, Any] | None = None,
) -> SupportLedgerEntry:
    """A row correcting `entry`: with its company, programme, kind and dates, so that sums by
    any of them stay right."""
    row = SupportLedgerEntry(
        company=entry.company,
        program=entry.program,
        kind=entry.kind,
        amount_won=amount_won,
        supported_on=entry.supported_on,
        period_end=entry.period_end,
        description=reason,
        source_type=source_type,
        corrects=entry,
        provenance=provenance,
        entered_by=actor_user(actor),
    )
    return _save_new(row, actor=actor, action=action, extra=extra)


def _reverse(
    entry: SupportLedgerEntry, *, actor: Actor, reason: str, action: str, provenance: str
) -> SupportLedgerEntry:
    """A reversal row: minus the amount so far (no amount for a row that never had one)."""
    current = effective_amount(entry)
    return _correction_row(
        entry,
        actor=actor,
        amount_won=None if current is None else -current,
        source_type=REVERSAL,
        reason=reason,
        action=action,
        provenance=provenance,
    )


def _reverse_and_replace(
    entry: SupportLedgerEntry,
    *,
    actor: Actor,
    reason: str,
    action: str,
    provenance: str,
    company: Company,
    supported_on: date,
    amount_won: int | None,
    period_end: date | None,
) -> SupportLedgerEntry:
    """Cancel `entry` and add the row that stands for it from now on (later corrections go to
    it). Returns the replacement."""
    _reverse(entry, actor=actor, reason=reason, action=action, provenance=provenance)
    replacement = SupportLedgerEntry(
        company=company,
        program=entry.program,
        kind=entry.kind,
        amount_won=amount_won,
        supported_on=supported_on,
        period_end=period_end,
        description=entry.description,
        source_type=REPLACEMENT,
        source_id=str(entry.pk),
        provenance=provenance,
        entered_by=actor_user(actor),
    )
    return _save_new(
        replacement,
        actor=actor,
        action=action,
        extra={"reason": [None, reason], "replaces": [None, entry.pk]},
    )


@transaction.atomic
def ledger_entry_void(
    *,
    actor: Actor,
    entry: SupportLedgerEntry,
    reason: str,
    provenance: str = Provenance.STAFF,
) -> SupportLedgerEntry:
    """The support did not happen: a reversal row cancels what the row counts. Returns the
    reversal row."""
    entry, reason = _correctable(entry, reason)
    return _reverse(
        entry,
        actor=actor,
        reason=reason,
        action="outcomes.ledger_entry_void",
        provenance=provenance,
    )


@transaction.atomic
def ledger_entry_replace(
    *,
    actor: Actor,
    entry: SupportLedgerEntry,
    reason: str,
    company: Company,
    supported_on: date,
    period_end: date | None,
    amount_won: int | None = None,
    provenance: str = Provenance.STAFF,
) -> SupportLedgerEntry:
    """The company or the date is wrong: a reversal row cancels the row and a replacement row
    records the support with the right `company`, `supported_on` and `period_end`, and with
    `amount_won` (None: the amount so far). Returns the replacement, which later corrections
    apply to."""
    entry, reason = _correctable(entry, reason)
    if company.pk == entry.company_id and supported_on == entry.supported_on:
        raise ValidationError(
            _("Nothing to correct: give a different amount, company or date, or cancel the row.")
        )
    return _reverse_and_replace(
        entry,
        actor=actor,
        reason=reason,
        action="outcomes.ledger_entry_replace",
        provenance=provenance,
        company=company,
        supported_on=supported_on,
        amount_won=effective_amount(entry) if amount_won is None else amount_won,
        period_end=period_end,
    )


@transaction.atomic
def ledger_entry_adjust(
    *,
    actor: Actor,
    entry: SupportLedgerEntry,
    reason: str,
    amount_won: int,
    provenance: str = Provenance.STAFF,
) -> SupportLedgerEntry:
    """The amount is wrong: an adjustment row holds the difference between `amount_won` (the
    right amount) and the amount so far. Returns the row added.

    A row without an amount that gets one is replaced instead (reversal and replacement with
    the amount, same company and date): a row without an amount counts as one support only
    while nothing corrects it."""
    entry, reason = _correctable(entry, reason)
    current = effective_amount(entry)
    action = "outcomes.ledger_entry_adjust"
    if current is None:
        return _reverse_and_replace(
            entry,
            actor=actor,
            reason=reason,
            action=action,
            provenance=provenance,
            company=entry.company,
            supported_on=entry.supported_on,
            amount_won=amount_won,
            period_end=entry.period_end,
        )
    if amount_won == current:
        raise ValidationError(
            _("Nothing to correct: give a different amount, company or date, or cancel the row.")
        )
    if amount_won < 0:
        raise ValidationError({"amount_won": _("The right amount cannot be negative.")})
    return _correction_row(
        entry,
        actor=actor,
        amount_won=amount_won - current,
        source_type=ADJUSTMENT,
        reason=reason,
        action=action,
        provenance=provenance,
        extra={"effective_amount_won": [current, amount_won]},
    )


# --- rows written for other modules ------------------------------------------------------------


def _current_for_source(entry: SupportLedgerEntry) -> SupportLedgerEntry | None:
    """Follow replacements to the row now standing for a source record; None if cancelled."""
    seen = set()
    current: SupportLedgerEntry | None = entry
    while current is not None and is_reversed(current):
        seen.add(current.pk)
        current = replacement_of(current)
        if current is not None and current.pk in seen:
            return None
    return current


@transaction.atomic
def ledger_record_for_source(
    *,
    actor: Actor,
    source_type: str,
    source_id: str | int,
    company: Company,
    program: Program | None,
    kind: str,
    amount_won: int | None,
    supported_on: date,
    period_end: date | None = None,
    description: str = "",
    provenance: str = Provenance.AGENCY,
) -> SupportLedgerEntry | None:
    """Make the ledger hold one row for a record of another module (a selection, a loan, a
    tenancy...), identified by (`source_type`, `source_id`). Safe to call every time the
    source record is saved:

    - no row yet: one is added;
    - same values: nothing is written;
    - another amount: an adjustment row brings the row to the new amount;
    - another programme, kind, period end or description: an audited edit;
    - another company or date: the row is reversed and replaced (`ledger_entry_replace`).

    `amount_won=None` leaves a recorded amount as it is. A row staff cancelled stays
    cancelled: the call returns None and writes nothing.
    """
    source_id = str(source_id).strip()
    if not source_type or source_type in RESERVED_SOURCE_TYPES:
        raise ValueError(f"source_type {source_type!r} is reserved or empty")
    if not source_id:
        raise ValueError("source_id is required")
    existing = (
        SupportLedgerEntry.objects.select_for_update()
        .filter(source_type=source_type, source_id=source_id)
        .first()
    )
    if existing is None:
        return ledger_entry_add(
            actor=actor,
            company=company,
            program=program,
            kind=kind,
            amount_won=amount_won,
            supported_on=supported_on,
            period_end=period_end,
            description=description,
            source_type=source_type,
            source_id=source_id,
            provenance=provenance,
        )
    entry = _current_for_source(existing)
    if entry is None:
        return None
    reason = str(
        _("Source record %(type)s %(id)s changed.") % {"type": source_type, "id": source_id}
    )
    if company.pk != entry.company_id or supported_on != entry.supported_on:
        entry = ledger_entry_replace(
            actor=actor,
            entry=entry,
            reason=reason,
            company=company,
            supported_on=supported_on,
            period_end=period_end,
            amount_won=amount_won,
            provenance=provenance,
        )
    elif amount_won is not None and amount_won != effective_amount(entry):
        ledger_entry_adjust(
            actor=actor, entry=entry, reason=reason, amount_won=amount_won, provenance=provenance
        )
    return ledger_entry_update(
        actor=actor,
        entry=entry,
        program=program,
        kind=kind,
        period_end=period_end,
        description=description,
    )
