"""Writes to the support ledger (지원 실적). Every function is atomic and audited.

Rows are never deleted and their amount, company and date are never edited in place: a change
to any of those is a correction row (see README, "Ledger"). Descriptive fields (programme,
kind, end of period, description) may be edited; the edit is audited with before and after.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from jiwon.audit.services import audit_record, diff, snapshot
from jiwon.companies.models import Company
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import Provenance, SupportLedgerEntry
from jiwon.programs.models import Program

MANUAL = "manual"
IMPORT = "import"
# Source types of rows written by the ledger itself; other modules may not use them.
ADJUSTMENT = "adjustment"
REVERSAL = "reversal"
REPLACEMENT = "replacement"
RESERVED_SOURCE_TYPES = frozenset({MANUAL, IMPORT, ADJUSTMENT, REVERSAL, REPLACEMENT})

# Far above any support a city gives, low enough to catch a pasted row of digits.
MAX_AMOUNT_WON = 10**13
DESCRIPTION_MAX = SupportLedgerEntry._meta.get_field("description").max_length

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

_UNSET = object()


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
    if len(entry.description) > DESCRIPTION_MAX:
        errors["description"] = ValidationError(
            _("Shorten the description to %(max)s characters."), params={"max": DESCRIPTION_MAX}
        )
    return errors


def _check(entry: SupportLedgerEntry) -> None:
    errors = ledger_entry_problems(entry)
    if errors:
        raise ValidationError(errors)
    entry.full_clean(validate_constraints=False)


def _save_new(entry: SupportLedgerEntry, *, actor, action: str, extra: dict | None = None):
    _check(entry)
    try:
        # A savepoint, so a duplicate source caught here leaves the caller's transaction usable.
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"source_id": _("This source record already has a row in the ledger.")}
        ) from exc
    changes = {k: [None, v] for k, v in snapshot(entry, AUDITED_FIELDS).items()}
    changes.update(extra or {})
    audit_record(actor=actor, action=action, obj=entry, changes=changes)
    return entry


def _user(actor):
    return actor if getattr(actor, "pk", None) is not None else None


@transaction.atomic
def ledger_entry_add(
    *,
    actor,
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
    of money (mentoring, education); it is never negative here: see `ledger_entry_correct`."""
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
        entered_by=_user(actor),
    )
    return _save_new(entry, actor=actor, action="outcomes.ledger_entry_add")


@transaction.atomic
def ledger_entry_update(
    *,
    actor,
    entry: SupportLedgerEntry,
    program=_UNSET,
    kind=_UNSET,
    period_end=_UNSET,
    description=_UNSET,
) -> SupportLedgerEntry:
    """Edit the descriptive fields of a row (only those passed). Corrections of the row follow
    its programme and kind, so sums by programme or kind stay right."""
    if entry.corrects_id is not None:
        raise ValidationError(_("A correction row cannot be edited; edit the row it corrects."))
    values = {
        "program": program,
        "kind": kind,
        "period_end": period_end,
        "description": description.strip() if isinstance(description, str) else description,
    }
    entry = SupportLedgerEntry.objects.select_for_update().get(pk=entry.pk)
    before = snapshot(entry, AUDITED_FIELDS)
    for name, value in values.items():
        if value is not _UNSET:
            setattr(entry, name, value)
    _check(entry)
    changes = diff(before, snapshot(entry, AUDITED_FIELDS))
    if not changes:
        return entry
    entry.save(update_fields=list(EDITABLE_FIELDS))
    followers = list(entry.corrections.values_list("pk", flat=True))
    if followers and ("program" in changes or "kind" in changes):
        entry.corrections.update(program=entry.program, kind=entry.kind)
        changes["corrections_updated"] = [None, followers]
    audit_record(actor=actor, action="outcomes.ledger_entry_update", obj=entry, changes=changes)
    return entry


def effective_amount(entry: SupportLedgerEntry) -> int | None:
    """The row's amount with its corrections applied; None when neither carries an amount."""
    corrected = entry.corrections.aggregate(total=Sum("amount_won"))["total"]
    if entry.amount_won is None and corrected is None:
        return None
    return (entry.amount_won or 0) + (corrected or 0)


def is_reversed(entry: SupportLedgerEntry) -> bool:
    return entry.corrections.filter(source_type=REVERSAL).exists()


def replacement_of(entry: SupportLedgerEntry) -> SupportLedgerEntry | None:
    return SupportLedgerEntry.objects.filter(
        source_type=REPLACEMENT, source_id=str(entry.pk)
    ).first()


def _correction(entry, *, actor, amount_won, source_type, reason, action, provenance, extra=None):
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
        entered_by=_user(actor),
    )
    return _save_new(row, actor=actor, action=action, extra=extra)


@transaction.atomic
def ledger_entry_correct(
    *,
    actor,
    entry: SupportLedgerEntry,
    reason: str,
    amount_won=_UNSET,
    company: Company | None = None,
    supported_on: date | None = None,
    period_end=_UNSET,
    void: bool = False,
    provenance: str = Provenance.STAFF,
) -> SupportLedgerEntry:
    """Correct a row by adding rows, never by editing it. Returns the row added last.

    - `void`: the support did not happen. A reversal row cancels the row's amount.
    - `company` or `supported_on` differ: a reversal row, then a replacement row with the new
      company and date (and `amount_won` and `period_end` if given, with `provenance`) that
      later corrections apply to.
    - otherwise `amount_won` (the right amount): an adjustment row holding the difference;
      for a row without an amount, a reversal and a replacement with the amount.
    """
    reason = (reason or "").strip()
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
    current = effective_amount(entry)
    moved = (company is not None and company.pk != entry.company_id) or (
        supported_on is not None and supported_on != entry.supported_on
    )
    # A row without an amount that gets one is replaced rather than adjusted: a row without
    # an amount counts as one support only while nothing corrects it.
    gains_amount = current is None and amount_won not in (_UNSET, None)
    if void or moved or gains_amount:
        reversal = _correction(
            entry,
            actor=actor,
            amount_won=None if current is None else -current,
            source_type=REVERSAL,
            reason=reason,
            action="outcomes.ledger_entry_correct",
            provenance=provenance,
        )
        if void:
            return reversal
        return _save_new(
            SupportLedgerEntry(
                company=company or entry.company,
                program=entry.program,
                kind=entry.kind,
                amount_won=current if amount_won is _UNSET else amount_won,
                supported_on=supported_on or entry.supported_on,
                period_end=entry.period_end if period_end is _UNSET else period_end,
                description=entry.description,
                source_type=REPLACEMENT,
                source_id=str(entry.pk),
                provenance=provenance,
                entered_by=_user(actor),
            ),
            actor=actor,
            action="outcomes.ledger_entry_correct",
            extra={"reason": [None, reason], "replaces": [None, entry.pk]},
        )
    if amount_won is _UNSET or amount_won == current:
        raise ValidationError(
            _("Nothing to correct: give a different amount, company or date, or cancel the row.")
        )
    if amount_won is not None and amount_won < 0:
        raise ValidationError({"amount_won": _("The right amount cannot be negative.")})
    if amount_won is None:
        raise ValidationError(
            {"amount_won": _("Enter the right amount; to remove the row, cancel it.")}
        )
    return _correction(
        entry,
        actor=actor,
        amount_won=amount_won - (current or 0),
        source_type=ADJUSTMENT,
        reason=reason,
        action="outcomes.ledger_entry_correct",
        provenance=provenance,
        extra={"effective_amount_won": [current, amount_won]},
    )


def _current_for_source(entry: SupportLedgerEntry) -> SupportLedgerEntry | None:
    """Follow replacements to the row now standing for a source record; None if cancelled."""
    seen = set()
    while is_reversed(entry):
        seen.add(entry.pk)
        entry = replacement_of(entry)
        if entry is None or entry.pk in seen:
            return None
    return entry


@transaction.atomic
def ledger_record_for_source(
    *,
    actor,
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
    - another company or date: the row is reversed and replaced (see `ledger_entry_correct`).

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
        entry = ledger_entry_correct(
            actor=actor,
            entry=entry,
            reason=reason,
            amount_won=_UNSET if amount_won is None else amount_won,
            company=company,
            supported_on=supported_on,
            period_end=period_end,
            provenance=provenance,
        )
    elif amount_won is not None and amount_won != effective_amount(entry):
        ledger_entry_correct(
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
