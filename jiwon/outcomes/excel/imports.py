"""All-or-nothing imports of ledger rows, yearly figures and outcome records.

Every row of every sheet is checked, with the same rules the services apply, before anything
is written; then the whole file is written in one transaction through the services (each write
audited, provenance "import"). A half-imported file is worse than none: fixing it means working
out which rows got in.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.core.actor import Actor
from jiwon.core.excel import workbooks
from jiwon.core.excel.cells import Message
from jiwon.core.models import ImportRun, Region
from jiwon.core.progress import Progress
from jiwon.outcomes.excel.reader import Errors, ImportResult, Row, read_rows
from jiwon.outcomes.excel.spec import FIGURES, LEDGER, RECORDS, SheetSpec
from jiwon.outcomes.models import (
    IMPORT,
    IntellectualProperty,
    Metric,
    Provenance,
    SupportLedgerEntry,
)
from jiwon.outcomes.selectors.ledger import standing_entries
from jiwon.outcomes.services import figures as figure_services
from jiwon.outcomes.services import ledger as ledger_services
from jiwon.programs.models import Program

_CHUNK = 1_000


class _RowFailed(Exception):
    """A service refused a row after the checks passed; raised out of the transaction so
    everything written before it is rolled back."""

    def __init__(self, row: Row, exc: ValidationError):
        super().__init__(row.number)
        self.row = row
        self.exc = exc


def _header(spec: SheetSpec, field: str) -> str:
    column = next((c for c in spec.columns if c.field == field), None)
    return column.header if column else ""


def _add_problems(errors: Errors, row: Row, exc: ValidationError, *, fields=None) -> None:
    """Report a service's ValidationError on `row`, each field under its column; `fields`
    maps service field names that differ from the sheet's."""
    fields = fields or {}
    if not hasattr(exc, "error_dict"):
        errors.add_validation(row.spec.name, row.number, "", exc)
        return
    for name, field_errors in exc.error_dict.items():
        header = "" if name == NON_FIELD_ERRORS else _header(row.spec, fields.get(name, name))
        for error in field_errors:
            errors.add(row.spec.name, row.number, header, Message(error.message, error.params))
    row.failed.update(exc.error_dict)


def _run(
    *,
    actor: Actor,
    file: IO[bytes],
    name: str,
    size: int,
    specs: tuple[SheetSpec, ...],
    check: Callable[[list[Row], Errors], list[tuple[Row, Any]]],
    write: Callable[[Actor, Any], None],
) -> ImportResult:
    errors = Errors(specs)
    rows = read_rows(file=file, name=name, size=size, specs=specs, errors=errors)
    ready = check(rows, errors) if rows else []
    if errors.count:
        return errors.result()
    try:
        with transaction.atomic():
            for row, data in ready:
                try:
                    write(actor, data)
                except ValidationError as exc:
                    raise _RowFailed(row, exc) from exc
    except _RowFailed as failure:
        errors = Errors(specs)
        _add_problems(errors, failure.row, failure.exc)
        return errors.result()
    except IntegrityError:
        errors = Errors(specs)
        errors.add(
            "",
            None,
            "",
            Message(
                _(
                    "Another user changed the same records while the file was being imported. "
                    "Nothing was imported; upload the file again."
                )
            ),
        )
        return errors.result()
    return ImportResult(created=len(ready))


class _Companies:
    """The registered companies of the file's business numbers, fetched in a few queries."""

    def __init__(self, rows: list[Row]):
        brns = sorted({r.values["brn"] for r in rows if r.values.get("brn")})
        self.by_brn: dict[str, Company] = {}
        for start in range(0, len(brns), _CHUNK):
            chunk = brns[start : start + _CHUNK]
            found = Company.objects.filter(brn__in=chunk)
            self.by_brn.update({c.brn: c for c in found if c.brn})

    def of(self, row: Row, errors: Errors) -> Company | None:
        brn = row.values.get("brn")
        if not brn:
            return None
        company = self.by_brn.get(brn)
        if company is None:
            errors.add(
                row.spec.name,
                row.number,
                _header(row.spec, "brn"),
                Message(
                    _(
                        "No company with this business registration number is registered. "
                        "Register the company first, then import this file again."
                    )
                ),
            )
            row.failed.add("brn")
        return company


def _duplicate(errors: Errors, row: Row, first: int) -> None:
    errors.add(
        row.spec.name,
        row.number,
        "",
        Message(_("This row repeats row %(row)s of the same sheet."), {"row": first}),
    )
    row.failed.add("row")


def _already_recorded(errors: Errors, row: Row) -> None:
    errors.add(
        row.spec.name,
        row.number,
        "",
        Message(
            _(
                "The same record is already in Jiwon; this file may have been imported before. "
                "Remove the row."
            )
        ),
    )
    row.failed.add("row")


# --- ledger ------------------------------------------------------------------------------------


class _Programs:
    """Programmes named in the file by number or by series (with the year of the support)."""

    def __init__(self, rows: list[Row]):
        texts = {str(r.values["program"]).strip() for r in rows if r.values.get("program")}
        self.by_id = Program.objects.in_bulk([int(t) for t in texts if t.isdigit()])
        series = [t.casefold() for t in texts if not t.isdigit()]
        self.by_series: dict[tuple[str, int], list[Program]] = defaultdict(list)
        programs = Program.objects.annotate(series_key=Lower("series")).filter(
            series_key__in=series
        )
        for program in programs:
            self.by_series[(program.series.casefold(), program.fiscal_year)].append(program)

    def of(self, row: Row, errors: Errors) -> Program | None:
        text = (row.values.get("program") or "").strip()
        if not text:
            return None
        header = _header(row.spec, "program")
        if text.isdigit():
            program = self.by_id.get(int(text))
            if program is None:
                errors.add(
                    row.spec.name,
                    row.number,
                    header,
                    Message(_("There is no programme number %(number)s."), {"number": text}),
                )
                row.failed.add("program")
            return program
        day = row.values.get("supported_on")
        if day is None:
            return None  # the date's own error is reported; the series needs its year
        found = self.by_series.get((text.casefold(), day.year), [])
        if len(found) == 1:
            return found[0]
        if found:
            message = Message(
                _(
                    "Several programmes of %(year)s have the series %(series)s; enter the "
                    "programme number instead (see the 사업목록 sheet)."
                ),
                {"year": day.year, "series": text},
            )
        else:
            message = Message(
                _(
                    "No programme of fiscal year %(year)s has the series %(series)s. Check the "
                    "spelling and the date of support, or enter the programme number."
                ),
                {"year": day.year, "series": text},
            )
        errors.add(row.spec.name, row.number, header, message)
        row.failed.add("program")
        return None


def _ledger_key(entry: SupportLedgerEntry) -> tuple:
    return (
        entry.company_id,
        entry.program_id,
        entry.kind,
        entry.amount_won,
        entry.supported_on,
        entry.description,
    )


def _check_ledger(rows: list[Row], errors: Errors) -> list[tuple[Row, SupportLedgerEntry]]:
    companies, programs = _Companies(rows), _Programs(rows)
    ready: list[tuple[Row, SupportLedgerEntry]] = []
    for row in rows:
        company = companies.of(row, errors)
        program = programs.of(row, errors)
        if not row.ok:
            continue
        values = row.values
        entry = SupportLedgerEntry(
            company=company,
            program=program,
            kind=values["kind"],
            amount_won=values["amount_won"],
            supported_on=values["supported_on"],
            period_end=values["period_end"],
            description=(values["description"] or "").strip(),
            source_type=IMPORT,
            provenance=Provenance.IMPORT,
        )
        problems = ledger_services.ledger_entry_problems(entry)
        if problems:
            _add_problems(errors, row, ValidationError(problems))
            continue
        ready.append((row, entry))
    first_row: dict[tuple, int] = {}
    unique: list[tuple[Row, SupportLedgerEntry]] = []
    for row, entry in ready:
        key = _ledger_key(entry)
        if key in first_row:
            _duplicate(errors, row, first_row[key])
        else:
            first_row[key] = row.number
            unique.append((row, entry))
    existing = _existing_ledger_keys([entry for _row, entry in unique])
    for row, entry in unique:
        if _ledger_key(entry) in existing:
            _already_recorded(errors, row)
    return unique


def _existing_ledger_keys(entries: list[SupportLedgerEntry]) -> set[tuple]:
    if not entries:
        return set()
    company_ids = sorted({e.company_id for e in entries})
    days = [e.supported_on for e in entries]
    keys: set[tuple] = set()
    for start in range(0, len(company_ids), _CHUNK):
        rows = standing_entries().filter(
            company_id__in=company_ids[start : start + _CHUNK],
            supported_on__range=(min(days), max(days)),
        )
        keys.update(_ledger_key(e) for e in rows)
    return keys


def _write_ledger(actor: Actor, entry: SupportLedgerEntry) -> None:
    ledger_services.ledger_entry_add(
        actor=actor,
        company=entry.company,
        program=entry.program,
        kind=entry.kind,
        amount_won=entry.amount_won,
        supported_on=entry.supported_on,
        period_end=entry.period_end,
        description=entry.description,
        source_type=IMPORT,
        provenance=Provenance.IMPORT,
    )


def ledger_import(*, actor: Actor, file: IO[bytes], name: str, size: int) -> ImportResult:
    """Import ledger rows from the 지원실적 sheet: all of them or, if any row has an error,
    none. `created` counts the rows added."""
    return _run(
        actor=actor,
        file=file,
        name=name,
        size=size,
        specs=(LEDGER,),
        check=_check_ledger,
        write=_write_ledger,
    )


# --- yearly figures ----------------------------------------------------------------------------


def _check_figures(rows: list[Row], errors: Errors) -> list[tuple[Row, tuple]]:
    companies = _Companies(rows)
    ready: list[tuple[Row, tuple]] = []
    first_row: dict[tuple, int] = {}
    for row in rows:
        company = companies.of(row, errors)
        values = row.values
        given = {m: values[m] for m in Metric.values if values.get(m) is not None}
        if not given and not row.failed.intersection(Metric.values):
            errors.add(
                row.spec.name,
                row.number,
                "",
                Message(_("The row has no figure: fill in at least one of the figures.")),
            )
            row.failed.add("row")
        if not row.ok or company is None:
            continue
        key = (company.pk, values["year"])
        if key in first_row:
            _duplicate(errors, row, first_row[key])
            continue
        first_row[key] = row.number
        for metric, value in given.items():
            problems = figure_services.year_figure_problems(
                year=values["year"], metric=metric, value=value, provenance=Provenance.IMPORT
            )
            if problems:
                _add_problems(errors, row, ValidationError(problems), fields={"value": metric})
        if row.ok:
            ready.append((row, (company, values["year"], given)))
    return ready


def _write_figures(actor: Actor, data: tuple[Company, int, dict[str, int]]) -> None:
    company, year, given = data
    for metric, value in given.items():
        figure_services.year_figure_set(
            actor=actor,
            company=company,
            year=year,
            metric=metric,
            value=value,
            provenance=Provenance.IMPORT,
        )


def figures_import(*, actor: Actor, file: IO[bytes], name: str, size: int) -> ImportResult:
    """Import yearly figures from the 연도별성과 sheet, all or nothing. An empty cell leaves the
    figure as it is. `created` counts the rows (company and year) imported."""
    return _run(
        actor=actor,
        file=file,
        name=name,
        size=size,
        specs=(FIGURES,),
        check=_check_figures,
        write=_write_figures,
    )


# --- outcome records ---------------------------------------------------------------------------


def _record_values(row: Row, fields: list[str], regions: set[str]) -> dict[str, Any]:
    values = {}
    for name in fields:
        value = row.values.get(name)
        if name == "other_region_code" and isinstance(value, tuple):
            # A code typed into a number cell lost its leading zeros: take the real spelling.
            value = next((code for code in value if code in regions), value[0])
        values[name] = "" if value is None and name != "occurred_on" else value
    return values


def _record_key(record) -> tuple:
    fields = figure_services.record_fields(type(record))
    return (type(record).__name__, record.company_id, *(getattr(record, f) for f in fields))


def _check_records(rows: list[Row], errors: Errors) -> list[tuple[Row, tuple]]:
    companies = _Companies(rows)
    regions = set(Region.objects.filter(level=2).values_list("code", flat=True))
    ready: list[tuple[Row, tuple]] = []
    first_row: dict[tuple, int] = {}
    ip_numbers: dict[tuple, int] = {}
    for row in rows:
        kind = figure_services.RECORD_KINDS[row.spec.record_kind]
        company = companies.of(row, errors)
        if not row.ok:
            continue
        values = _record_values(row, kind.fields, regions)
        record = kind.model(company=company, provenance=Provenance.IMPORT, **values)
        try:
            figure_services.outcome_record_check(record)
        except ValidationError as exc:
            _add_problems(errors, row, exc)
            continue
        key = _record_key(record)
        if key in first_row:
            _duplicate(errors, row, first_row[key])
            continue
        first_row[key] = row.number
        if isinstance(record, IntellectualProperty):
            number_key = (record.kind, record.number)
            if number_key in ip_numbers:
                errors.add(
                    row.spec.name,
                    row.number,
                    _header(row.spec, "number"),
                    Message(
                        _("This number is already on row %(row)s of the same sheet."),
                        {"row": ip_numbers[number_key]},
                    ),
                )
                continue
            ip_numbers[number_key] = row.number
        elif _exists(record, kind.fields):
            _already_recorded(errors, row)
            continue
        ready.append((row, (kind, company, {f: getattr(record, f) for f in kind.fields})))
    return ready


def _exists(record, fields: list[str]) -> bool:
    return (
        type(record)
        .objects.filter(company=record.company, **{f: getattr(record, f) for f in fields})
        .exists()
    )


def _write_record(actor: Actor, data: tuple[Any, Company, dict[str, Any]]) -> None:
    kind, company, values = data
    kind.add(actor=actor, company=company, provenance=Provenance.IMPORT, **values)


def records_import(*, actor: Actor, file: IO[bytes], name: str, size: int) -> ImportResult:
    """Import outcome records from the sheets 투자유치, 특허·인증, 협약(MOU), 수상 and 이전 (any
    of them may be left out), all or nothing. `created` counts the records added."""
    return _run(
        actor=actor,
        file=file,
        name=name,
        size=size,
        specs=RECORDS,
        check=_check_records,
        write=_write_record,
    )


# --- as core's background imports run them ----------------------------------------------------

Importer = Callable[..., ImportResult]


def _as_core(result: ImportResult) -> workbooks.ImportResult:
    return workbooks.ImportResult(
        created=result.created,
        errors=[
            workbooks.RowError(e.row, e.column, e.message_ko, e.message_en, e.sheet)
            for e in result.errors
        ],
        error_count=result.error_count,
    )


def background(importer: Importer) -> Callable[..., workbooks.ImportResult]:
    """`importer` (ledger_import, figures_import, records_import) as core's background import
    runs it (jiwon/core/imports): all rows or none, its errors by sheet, row and column."""

    def run(
        run: ImportRun, actor: Actor, file: IO[bytes], progress: Progress
    ) -> workbooks.ImportResult:
        progress(5, "reading")
        return _as_core(importer(actor=actor, file=file, name=run.file_name, size=run.file_size))

    return run
