"""Import of companies from an .xlsx filled in from the template.

Every row is checked before anything is written, and the whole file is imported in one
transaction or not at all: a half-imported file is worse than none, because fixing it means
working out which rows got in.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiwon.companies.excel.columns import COLUMNS, DATA_SHEET, EXPORT_ONLY_COLUMNS
from jiwon.companies.models import Company, CompanyKind
from jiwon.companies.services import CompanyInput, company_create
from jiwon.core.actor import Actor
from jiwon.core.excel.cells import (
    CellError,
    CodeCell,
    Column,
    Message,
    Required,
    bilingual,
    is_blank,
    normalize_header,
)
from jiwon.core.excel.workbooks import DAMAGED, ImportResult, RowError, open_workbook
from jiwon.core.models import ImportRun, KsicCode
from jiwon.core.progress import Progress, no_progress, progress_within
from jiwon.core.reference import CURRENT_KSIC_REVISION, REFORM_DAY, current_regions, read_csv

MAX_ROWS = 10_000
# Beyond this many errors the file has a systematic problem; the count is still reported.
MAX_ERRORS_KEPT = 1_000

_BY_FIELD = {c.field: c for c in COLUMNS}
_COLUMN_ORDER = {c.header: i for i, c in enumerate(COLUMNS)}
# Validated against the reference data loaded once per file instead of by the model (which
# would run a query per row); growth_stage and is_local are not in the sheet.
_NOT_MODEL_CHECKED = ["ksic", "region", "growth_stage", "is_local"]


@dataclass(frozen=True)
class _Row:
    number: int
    data: CompanyInput


class _Errors:
    def __init__(self):
        self.kept: list[RowError] = []
        self.count = 0

    def add(self, row: int | None, column: str, message: Message) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS_KEPT:
            self.kept.append(RowError(row, column, *bilingual(message)))

    def add_validation(self, row: int, column: str, exc: ValidationError) -> None:
        for error in exc.error_list:
            self.add(row, column, Message(error.message, error.params))

    def result(self) -> ImportResult:
        self.kept.sort(key=lambda e: (e.row or 0, _COLUMN_ORDER.get(e.column, -1)))
        return ImportResult(errors=self.kept, error_count=self.count)


class _FileRejected(Exception):
    def __init__(self, text, params=None, *, row=None, column=""):
        super().__init__(text)
        self.message = Message(text, params)
        self.row = row
        self.column = column


class _RowFailed(Exception):
    def __init__(self, row: int, exc: ValidationError):
        super().__init__(row)
        self.row = row
        self.exc = exc


def companies_import(
    *, actor: Actor, file: IO[bytes], name: str, size: int, progress: Progress = no_progress
) -> ImportResult:
    """Check every row of the uploaded workbook and, if all are valid, create every company in
    one transaction (each audited by `company_create`). Otherwise create nothing and return
    the errors. `progress` hears each step (jiwon/core/progress.py)."""
    result, rows = companies_check(file=file, name=name, size=size, progress=progress)
    if not result.ok:
        return result
    # Written in one transaction: its progress shows only once it commits.
    progress(60, "writing")
    try:
        return ImportResult(created=_create_all(actor=actor, rows=rows))
    except _RowFailed as failure:
        errors = _Errors()
        if hasattr(failure.exc, "error_dict"):
            _add_model_errors(errors, failure.row, failure.exc, skip=set())
        else:
            errors.add_validation(failure.row, "", failure.exc)
        return errors.result()
    except IntegrityError:
        errors = _Errors()
        errors.add(
            None,
            "",
            Message(
                _(
                    "Another user registered one of these companies while the file was being "
                    "imported. Nothing was imported; upload the file again."
                )
            ),
        )
        return errors.result()


def companies_check(
    *, file: IO[bytes], name: str, size: int, progress: Progress = no_progress
) -> tuple[ImportResult, list[_Row]]:
    """Read and validate without writing anything: (errors, rows ready to create)."""
    errors = _Errors()
    progress(5, "reading")
    try:
        headers, raw_rows = _read_workbook(file=file, name=name, size=size)
    except _FileRejected as rejected:
        errors.add(rejected.row, rejected.column, rejected.message)
        return errors.result(), []
    progress(30, "checking")
    rows = _validate_rows(headers, raw_rows, errors, progress=progress_within(progress, 30, 60))
    return errors.result(), rows


@transaction.atomic
def _create_all(*, actor: Actor, rows: list[_Row]) -> int:
    for row in rows:
        try:
            company_create(actor=actor, data=row.data)
        except ValidationError as exc:
            # Raised out of the atomic block so every company created so far is rolled back.
            raise _RowFailed(row.number, exc) from exc
    return len(rows)


# --- reading ---------------------------------------------------------------------------------


def _read_workbook(*, file, name: str, size: int) -> tuple[list[Column | None], list[tuple]]:
    workbook = open_workbook(file=file, name=name, size=size, rejected=_FileRejected)

    try:
        # An exported list (same sheet name) or any workbook whose first sheet holds the data.
        named = DATA_SHEET in workbook.sheetnames
        sheet = workbook[DATA_SHEET] if named else workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header_row = next(values, None)
        headers = _match_headers(header_row or ())
        rows = list(_data_rows(values))
    except _FileRejected:
        raise
    except Exception as exc:
        raise _FileRejected(DAMAGED) from exc
    finally:
        workbook.close()
    if not rows:
        raise _FileRejected(
            _("The file has no companies: fill in one company per row below the header row.")
        )
    return headers, rows


def _match_headers(header_row: Iterable[Any]) -> list[Column | None]:
    """The column of each position in the header row (None for export-only columns)."""
    known = {normalize_header(c.header): c for c in COLUMNS}
    ignored = {normalize_header(c.header) for c in EXPORT_ONLY_COLUMNS}
    matched: list[Column | None] = []
    seen: set[str] = set()
    for cell in header_row:
        key = normalize_header(cell)
        if not key or key in ignored:
            matched.append(None)
            continue
        if key not in known:
            raise _FileRejected(
                _(
                    "Unknown column “%(header)s”. Use the header row of the template without "
                    "changing it."
                ),
                {"header": str(cell).strip()},
                row=1,
                column=str(cell).strip(),
            )
        column = known[key]
        if column.field in seen:
            raise _FileRejected(
                _("This column appears twice in the header row."), row=1, column=column.header
            )
        seen.add(column.field)
        matched.append(column)
    for column in COLUMNS:
        if column.required is not Required.NO and column.field not in seen:
            raise _FileRejected(
                _(
                    "The required column “%(header)s” is missing from the first row. Download "
                    "the template and keep its header row."
                ),
                {"header": column.header},
                row=1,
                column=column.header,
            )
    return matched


def _data_rows(values: Iterator[tuple]) -> Iterator[tuple[int, tuple]]:
    count = 0
    for number, row in enumerate(values, start=2):
        if all(is_blank(v) for v in row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise _FileRejected(
                _("The file has more than %(limit)s companies. Split it into smaller files."),
                {"limit": f"{MAX_ROWS:,}"},
            )
        yield number, row


# --- validation ------------------------------------------------------------------------------


class _References:
    """Reference data for the whole file, loaded in a handful of queries."""

    def __init__(self, raw_rows, headers):
        self.regions = {r.code: r for r in current_regions()}
        self.region_changes = {
            r["old_code"]: r for r in read_csv("region_code_changes_20260701.csv")
        }
        ksic_position = [i for i, c in enumerate(headers) if c and c.field == "ksic"]
        candidates: set[str] = set()
        for _number, row in raw_rows:
            for i in ksic_position:
                if i < len(row) and not is_blank(row[i]):
                    candidates.update(_BY_FIELD["ksic"].cell.read(row[i]))
        self.ksic = {
            k.code: k
            for k in KsicCode.objects.filter(revision=CURRENT_KSIC_REVISION, code__in=candidates)
        }

    def ksic_for(self, spellings: tuple[str, ...]) -> KsicCode:
        found = {self.ksic[s] for s in spellings if s in self.ksic}
        if len(found) > 1:
            raise CellError(
                _(
                    "Excel turned this code into a number and dropped its leading zero, so it "
                    "could mean %(codes)s. Format the cell as text and type the code again."
                ),
                {"codes": " / ".join(sorted(k.code for k in found))},
            )
        if not found:
            raise CellError(
                _("%(code)s is not a code of the 11th KSIC revision; see the 업종코드 sheet."),
                {"code": spellings[0]},
            )
        return found.pop()

    def region_for(self, spellings: tuple[str, ...]) -> Any:
        for code in spellings:
            if code in self.regions:
                return self.regions[code]
        for code in spellings:
            change = self.region_changes.get(code)
            if change:
                raise CellError(
                    _("%(code)s stopped being used on %(day)s; use %(new_code)s (%(new_name)s)."),
                    {
                        "code": code,
                        "day": REFORM_DAY.isoformat(),
                        "new_code": change["new_code"],
                        "new_name": change["new_name_ko"],
                    },
                )
        raise CellError(
            _("%(code)s is not a current 시군구 code; see the 시군구코드 sheet."),
            {"code": spellings[0]},
        )


# Rows checked between two progress reports.
_PROGRESS_EVERY = 500


def _validate_rows(headers, raw_rows, errors: _Errors, progress: Progress = no_progress):
    refs = _References(raw_rows, headers)
    rows: list[_Row] = []
    brns: list[tuple[int, str]] = []
    for done, (number, raw) in enumerate(raw_rows):
        if done and done % _PROGRESS_EVERY == 0:
            progress(100 * done // len(raw_rows), "checking")
        data, brn = _validate_row(number, headers, raw, refs, errors)
        if brn:
            brns.append((number, brn))
        if data is not None:
            rows.append(_Row(number, data))
    _check_duplicates(brns, errors)
    return [] if errors.count else rows


def _validate_row(number, headers, raw, refs: _References, errors: _Errors):
    """Parse one row, then run the model's own validation (Company.clean and field checks).
    Returns the input for `company_create` (None if the row has errors) and the business
    number read, if any, for the duplicate checks."""
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for position, column in enumerate(headers):
        if column is None:
            continue
        cell = raw[position] if position < len(raw) else None
        try:
            value = _read_cell(column, cell, refs)
        except CellError as exc:
            errors.add(number, column.header, exc.message)
            failed.add(column.field)
        except ValidationError as exc:
            errors.add_validation(number, column.header, exc)
            failed.add(column.field)
        else:
            if value is not None:
                values[column.field] = value
    data = CompanyInput(
        **{
            "name_ko": "",
            "representative_name": "",
            "representative_birth_date": None,
            "region": None,
            **values,
        }
    )
    # Not data.values(): dataclasses.asdict deep-copies the Region and KsicCode instances,
    # which dominates the cost of checking a large file.
    company = Company(**data.values())
    company.brn = data.brn or None
    try:
        company.clean_fields(exclude=[*_NOT_MODEL_CHECKED, *failed])
    except ValidationError as exc:
        _add_model_errors(errors, number, exc, skip=failed)
        failed.update(exc.error_dict)
    if "kind" not in failed:
        # clean() reasons from the kind (a pre-founder has no number, ...), so it is only
        # meaningful once the kind was read.
        try:
            company.clean()
        except ValidationError as exc:
            _add_model_errors(errors, number, exc, skip=failed)
            failed.update(exc.error_dict)
    brn = values.get("brn") if values.get("kind") == CompanyKind.COMPANY else None
    return (None if failed else data), brn


def _read_cell(column: Column, cell: Any, refs: _References) -> Any:
    if is_blank(cell):
        if column.required is Required.YES:
            raise CellError(_("This column is required; fill it in."))
        return None
    value = column.cell.read(cell)
    if isinstance(column.cell, CodeCell):
        return refs.ksic_for(value) if column.field == "ksic" else refs.region_for(value)
    return value


def _add_model_errors(errors: _Errors, number: int, exc: ValidationError, *, skip: set[str]):
    for name, field_errors in exc.error_dict.items():
        if name in skip:
            continue
        column = _BY_FIELD.get(name)
        header = column.header if column else ""
        if name == NON_FIELD_ERRORS:
            header = ""
        for error in field_errors:
            errors.add(number, header, Message(error.message, error.params))


def _check_duplicates(brns: list[tuple[int, str]], errors: _Errors) -> None:
    header = _BY_FIELD["brn"].header
    first_row: dict[str, int] = {}
    for number, brn in brns:
        if brn in first_row:
            errors.add(
                number,
                header,
                Message(
                    _("The same business registration number is already on row %(row)s."),
                    {"row": first_row[brn]},
                ),
            )
        else:
            first_row[brn] = number
    registered = _registered_brns(list(first_row))
    for brn in sorted(registered, key=lambda number: first_row[number]):
        errors.add(
            first_row[brn],
            header,
            Message(_("A company with this business registration number is already registered.")),
        )


def _registered_brns(brns: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(brns), 1_000):
        chunk = brns[start : start + 1_000]
        numbers = Company.objects.filter(brn__in=chunk).values_list("brn", flat=True)
        found.update(number for number in numbers if number is not None)
    return found


def companies_import_task(
    run: ImportRun, actor: Actor, file: IO[bytes], progress: Progress
) -> ImportResult:
    """`companies_import` as core's background import runs it (jiwon/core/imports)."""
    return companies_import(
        actor=actor, file=file, name=run.file_name, size=run.file_size, progress=progress
    )
