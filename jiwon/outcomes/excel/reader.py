"""Reading an uploaded outcome workbook into rows of parsed cells, collecting every problem by
sheet, row and column in Korean and English. Nothing here writes to the database."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiwon.core.excel.cells import (
    CellError,
    Column,
    Message,
    Required,
    bilingual,
    is_blank,
    normalize_header,
)
from jiwon.core.excel.workbooks import DAMAGED, open_workbook
from jiwon.core.excel.workbooks import MAX_BYTES as MAX_BYTES  # the same upload limit
from jiwon.outcomes.excel.spec import SheetSpec

MAX_ROWS = 10_000
MAX_ERRORS_KEPT = 1_000


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet, the row as Excel numbers it (None for the whole file or sheet)
    and the column header as written ("" for the whole row)."""

    sheet: str
    row: int | None
    column: str
    message_ko: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_ko if language.startswith("ko") else self.message_en

    def other_message(self, language: str) -> str:
        return self.message_en if language.startswith("ko") else self.message_ko


@dataclass
class ImportResult:
    """What an import did: the rows written, or the problems (the first MAX_ERRORS_KEPT of
    `error_count`) and nothing written."""

    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class Errors:
    def __init__(self, specs: Iterable[SheetSpec]):
        self.kept: list[RowError] = []
        self.count = 0
        self._sheet_order = {}
        self._column_order = {}
        for index, spec in enumerate(specs):
            self._sheet_order[spec.name] = index
            for position, column in enumerate(spec.columns):
                self._column_order[(spec.name, column.header)] = position

    def add(self, sheet: str, row: int | None, column: str, message: Message) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS_KEPT:
            self.kept.append(RowError(sheet, row, column, *bilingual(message)))

    def add_validation(self, sheet: str, row: int, column: str, exc: ValidationError) -> None:
        for error in exc.error_list:
            self.add(sheet, row, column, Message(error.message, error.params))

    def result(self) -> ImportResult:
        self.kept.sort(
            key=lambda e: (
                self._sheet_order.get(e.sheet, -1),
                e.row or 0,
                self._column_order.get((e.sheet, e.column), -1),
            )
        )
        return ImportResult(errors=self.kept, error_count=self.count)


@dataclass
class Row:
    """One data row: `values` by column field (None for empty cells), and the fields whose
    cell could not be read (already reported)."""

    spec: SheetSpec
    number: int
    values: dict[str, Any]
    failed: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.failed


class FileRejected(Exception):
    def __init__(self, text, params=None, *, sheet="", row=None, column=""):
        super().__init__(text)
        self.message = Message(text, params)
        self.sheet = sheet
        self.row = row
        self.column = column


def read_rows(
    *, file: IO[bytes], name: str, size: int, specs: tuple[SheetSpec, ...], errors: Errors
) -> list[Row]:
    """Every data row of the sheets of `specs`, with each cell read. A one-sheet import reads
    the sheet of that name or else the first sheet; a several-sheet import reads the sheets
    named as in its template and ignores the others. A rejected file is reported to
    `errors` and gives no rows."""
    try:
        return _read(file=file, name=name, size=size, specs=specs, errors=errors)
    except FileRejected as rejected:
        errors.add(rejected.sheet, rejected.row, rejected.column, rejected.message)
        return []


def _read(*, file, name, size, specs, errors) -> list[Row]:
    workbook = open_workbook(file=file, name=name, size=size, rejected=FileRejected)

    rows: list[Row] = []
    try:
        for spec, sheet in _sheets(workbook, specs):
            values = sheet.iter_rows(values_only=True)
            headers = _match_headers(spec, next(values, ()))
            rows.extend(_parse(spec, headers, _data_rows(spec, values), errors))
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected(DAMAGED) from exc
    finally:
        workbook.close()
    if not rows:
        names = ", ".join(spec.name for spec in specs)
        raise FileRejected(
            _("The file has no data: fill in the %(sheets)s sheet from row 2."),
            {"sheets": names},
        )
    return rows


def _sheets(workbook, specs):
    if len(specs) == 1:
        spec = specs[0]
        named = spec.name in workbook.sheetnames
        yield spec, workbook[spec.name] if named else workbook.worksheets[0]
        return
    found = [spec for spec in specs if spec.name in workbook.sheetnames]
    if not found:
        raise FileRejected(
            _("None of the sheets %(sheets)s is in the file. Use the template's sheets."),
            {"sheets": ", ".join(spec.name for spec in specs)},
        )
    for spec in found:
        yield spec, workbook[spec.name]


def _match_headers(spec: SheetSpec, header_row: Iterable[Any]) -> list[Column | None]:
    known = {normalize_header(c.header): c for c in spec.columns}
    ignored = {normalize_header(h) for h in spec.ignored}
    matched: list[Column | None] = []
    seen: set[str] = set()
    for cell in header_row:
        key = normalize_header(cell)
        if not key or key in ignored:
            matched.append(None)
            continue
        if key not in known:
            raise FileRejected(
                _(
                    "Unknown column “%(header)s”. Use the header row of the template without "
                    "changing it."
                ),
                {"header": str(cell).strip()},
                sheet=spec.name,
                row=1,
                column=str(cell).strip(),
            )
        column = known[key]
        if column.field in seen:
            raise FileRejected(
                _("This column appears twice in the header row."),
                sheet=spec.name,
                row=1,
                column=column.header,
            )
        seen.add(column.field)
        matched.append(column)
    for column in spec.columns:
        if column.required is Required.YES and column.field not in seen:
            raise FileRejected(
                _(
                    "The required column “%(header)s” is missing from the first row. Download "
                    "the template and keep its header row."
                ),
                {"header": column.header},
                sheet=spec.name,
                row=1,
                column=column.header,
            )
    return matched


def _data_rows(spec: SheetSpec, values: Iterator[tuple]) -> Iterator[tuple[int, tuple]]:
    count = 0
    for number, row in enumerate(values, start=2):
        if all(is_blank(v) for v in row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise FileRejected(
                _("The sheet has more than %(limit)s rows. Split it into smaller files."),
                {"limit": f"{MAX_ROWS:,}"},
                sheet=spec.name,
            )
        yield number, row


def _parse(spec: SheetSpec, headers, raw_rows, errors: Errors) -> Iterator[Row]:
    for number, raw in raw_rows:
        row = Row(spec, number, {c.field: None for c in spec.columns})
        for position, column in enumerate(headers):
            if column is None:
                continue
            cell = raw[position] if position < len(raw) else None
            try:
                row.values[column.field] = read_cell(column, cell)
            except CellError as exc:
                errors.add(spec.name, number, column.header, exc.message)
                row.failed.add(column.field)
            except ValidationError as exc:
                errors.add_validation(spec.name, number, column.header, exc)
                row.failed.add(column.field)
        yield row


def read_cell(column: Column, cell: Any) -> Any:
    if is_blank(cell):
        if column.required is Required.YES:
            raise CellError(_("This column is required; fill it in."))
        return None
    return column.cell.read(cell)
