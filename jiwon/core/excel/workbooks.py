"""Opening an uploaded workbook safely, and the result every import reports."""

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook

from jiwon.core.excel.cells import CellError, Message, Required
from jiwon.core.excel.sheets import both, header_row, set_widths, text_cell

MAX_BYTES = 5 * 1024 * 1024
# A 5 MB upload can inflate a lot; refuse before openpyxl reads it. A 10,000-row import of 25
# columns unpacks to about 14 MB, so 60 MB leaves room for Excel's styles. The shared strings
# are the part openpyxl holds in memory whole even when reading row by row: capped lower. (The
# sizes are the archive's own; zipfile never inflates a member past its stated size.)
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024
SHARED_STRINGS = "xl/sharedstrings.xml"


@dataclass(frozen=True)
class RowError:
    """One problem: `row` as Excel numbers it (None for the file as a whole), `column` the
    header as written in the file ("" for the whole row), and for a workbook of several
    sheets the sheet."""

    row: int | None
    column: str
    message_ko: str
    message_en: str
    sheet: str = ""

    def message(self, language: str) -> str:
        return self.message_ko if language.startswith("ko") else self.message_en

    def other_message(self, language: str) -> str:
        return self.message_en if language.startswith("ko") else self.message_ko


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


DAMAGED = _(
    "This file is damaged or is not really an Excel workbook. Open it in Excel and save it "
    "again as Excel Workbook (.xlsx)."
)


def open_workbook(
    *, file: IO[bytes], name: str, size: int, rejected: type[Exception] = CellError
) -> Workbook:
    """The uploaded .xlsx, opened read-only; otherwise `rejected(text, params)` is raised with
    what to fix. Every Excel import (companies, outcomes) opens its upload through here."""
    if not name.lower().endswith(".xlsx"):
        raise rejected(
            _(
                "Upload an Excel workbook saved as .xlsx. Other formats (.xls, .csv, .hwp, ...) "
                "are not accepted: in Excel, use Save As → Excel Workbook (.xlsx)."
            )
        )
    if size == 0:
        raise rejected(_("The file is empty."))
    if size > MAX_BYTES:
        raise rejected(
            _("The file is larger than %(limit)s MB. Split it into smaller files."),
            {"limit": MAX_BYTES // (1024 * 1024)},
        )
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
        unzipped = sum(info.file_size for info in members)
        shared = sum(i.file_size for i in members if i.filename.lower() == SHARED_STRINGS)
        if unzipped > MAX_UNZIPPED_BYTES or shared > MAX_SHARED_STRINGS_BYTES:
            raise rejected(_("The workbook holds too much data. Split it into smaller files."))
        file.seek(0)
        return load_workbook(file, read_only=True, data_only=True)
    except rejected:
        raise
    except Exception as exc:
        # openpyxl signals a malformed package with many unrelated exception types.
        raise rejected(DAMAGED) from exc


ERRORS_SHEET = "오류"
_ERROR_HEADERS = [(Message(_("Row")), 8), (Message(_("Column")), 22)]


def write_errors(errors: Iterable[RowError], out: IO[bytes]) -> None:
    """An import's error list as a workbook people can sort and filter while fixing a file:
    (the sheet, when any error names one,) row, column, and the reason in Korean and English."""
    errors = list(errors)
    sheets = any(e.sheet for e in errors)
    columns = [(Message(_("Sheet")), 14)] if sheets else []
    columns += _ERROR_HEADERS
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ERRORS_SHEET)
    set_widths(sheet, [w for _h, w in columns] + [60, 60])
    sheet.freeze_panes = "A2"
    headers = [both(h) for h, _w in columns] + ["사유", "Reason"]
    sheet.append(header_row(sheet, [(h, Required.YES) for h in headers]))
    for error in errors:
        row = [
            error.row,
            text_cell(sheet, error.column),
            text_cell(sheet, error.message_ko),
            text_cell(sheet, error.message_en),
        ]
        sheet.append([text_cell(sheet, error.sheet), *row] if sheets else row)
    workbook.save(out)
