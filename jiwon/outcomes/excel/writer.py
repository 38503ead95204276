"""Workbooks written for people: the import templates, the ledger export and an import's
error list. Cell styling and safe text cells come from the company registry's spreadsheet."""

from collections.abc import Callable, Iterable
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from jiwon.core.excel.cells import Message, Required, bilingual
from jiwon.core.excel.sheets import (
    both,
    header_row,
    region_sheet,
    set_widths,
    style_header,
    validation_for,
)
from jiwon.core.excel.sheets import value_cell as _value_cell
from jiwon.outcomes.excel.reader import MAX_BYTES, MAX_ROWS
from jiwon.outcomes.excel.spec import FIGURES, LEDGER, LEDGER_EXPORT_ONLY, RECORDS, SheetSpec
from jiwon.outcomes.models import ADJUSTMENT, REPLACEMENT, REVERSAL, SupportLedgerEntry
from jiwon.programs.models import Program

GUIDE_SHEET = "작성요령"
PROGRAM_SHEET = "사업목록"
REGION_SHEET = "시군구코드"

_REQUIRED_TEXT = {Required.YES: _("Required"), Required.NO: _("Optional")}
_COMMON_NOTES = (
    Message(
        _(
            "Keep the header row as it is: do not rename or delete its columns. Optional "
            "columns may stay empty."
        )
    ),
    Message(_("Dark blue headers are required; grey headers are optional.")),
    Message(_("Type dates as YYYY-MM-DD (e.g. 2021-05-03) or enter them as Excel dates.")),
    Message(_("Amounts are whole numbers; commas are allowed.")),
    Message(
        _("At most %(rows)s rows per sheet and %(mb)s MB per file."),
        {"rows": f"{MAX_ROWS:,}", "mb": MAX_BYTES // (1024 * 1024)},
    ),
    Message(
        _(
            "Every row is checked before anything is saved. If any row has an error, nothing "
            "is imported: fix every row listed and upload the whole file again."
        )
    ),
)


def _data_sheet(sheet, spec: SheetSpec) -> None:
    sheet.title = spec.name
    last_row = MAX_ROWS + 1
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        style_header(cell, column.required)
        ko, en = bilingual(Message(column.description))
        cell.comment = Comment(ko if ko == en else f"{ko}\n\n{en}", "Jiwon", width=320, height=140)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        dimension.number_format = column.cell.number_format
        validation = validation_for(column)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"


def _guide_sheet(sheet, specs: tuple[SheetSpec, ...], title: Message, notes) -> None:
    sheet.cell(row=1, column=1, value=both(title)).font = Font(bold=True, size=14)
    row = 3
    sheet_notes = [
        Message(
            _("%(sheet)s sheet: %(row_is)s, from row 2."),
            {"sheet": spec.name, "row_is": spec.row_is},
        )
        for spec in specs
    ]
    for note in (*sheet_notes, *notes, *_COMMON_NOTES):
        ko, en = bilingual(note)
        sheet.cell(row=row, column=1, value=f"• {ko}")
        if en != ko:
            sheet.cell(row=row + 1, column=1, value=f"  {en}").font = Font(color="6D7882")
            row += 1
        row += 1
    wrap = Alignment(wrap_text=True, vertical="top")
    headers = [
        Message(_("Sheet")),
        Message(_("Column")),
        Message(_("Required")),
        Message(_("Format")),
        Message(_("Example")),
    ]
    row += 1
    for index, text in enumerate([both(h) for h in headers] + ["설명", "Description"], start=1):
        style_header(sheet.cell(row=row, column=index, value=text), Required.YES)
    for spec in specs:
        for column in spec.columns:
            row += 1
            ko, en = bilingual(Message(column.description))
            values = [
                spec.name,
                column.header,
                both(Message(_REQUIRED_TEXT[column.required])),
                both(column.cell.describe()),
                column.example,
                ko,
                en,
            ]
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=index, value=value)
                cell.alignment = wrap
                cell.data_type = "s"
    set_widths(sheet, [14, 18, 14, 30, 18, 50, 50])


def _program_sheet(workbook) -> None:
    sheet = workbook.create_sheet(PROGRAM_SHEET)
    headers = ["사업번호", "회계연도", "사업구분(series)", "사업명"]
    for index, text in enumerate(headers, start=1):
        style_header(sheet.cell(row=1, column=index, value=text), Required.YES)
    programs = Program.objects.order_by("-fiscal_year", "series").values_list(
        "pk", "fiscal_year", "series", "title_ko"
    )
    for row_number, (pk, year, series, title) in enumerate(programs, start=2):
        sheet.cell(row=row_number, column=1, value=pk)
        sheet.cell(row=row_number, column=2, value=year)
        sheet.cell(row=row_number, column=3, value=series).data_type = "s"
        sheet.cell(row=row_number, column=4, value=title).data_type = "s"
    set_widths(sheet, [10, 10, 20, 50])
    sheet.freeze_panes = "A2"


def _write_template(
    out: IO[bytes],
    specs: tuple[SheetSpec, ...],
    *,
    title: Message,
    notes=(),
    extra: Iterable[Callable] = (),
) -> None:
    workbook = Workbook()
    for index, spec in enumerate(specs):
        _data_sheet(workbook.active if index == 0 else workbook.create_sheet(), spec)
    _guide_sheet(workbook.create_sheet(GUIDE_SHEET), specs, title, notes)
    for add_sheet in extra:
        add_sheet(workbook)
    workbook.save(out)


def write_ledger_template(out: IO[bytes]) -> None:
    _write_template(
        out,
        (LEDGER,),
        title=Message(_("How to fill in the support ledger file")),
        notes=(
            Message(
                _(
                    "A row that is already in the ledger (same company, programme, kind, "
                    "amount, date and description) is refused, so a file cannot be imported "
                    "twice by mistake. To correct a row already imported, use Correct on the "
                    "ledger page."
                )
            ),
        ),
        extra=(_program_sheet,),
    )


def write_figures_template(out: IO[bytes]) -> None:
    _write_template(
        out,
        (FIGURES,),
        title=Message(_("How to fill in the yearly figures file")),
        notes=(
            Message(
                _(
                    "A figure already recorded for the company and year is replaced by the "
                    "file's value; the provenance becomes “import”."
                )
            ),
        ),
    )


def write_records_template(out: IO[bytes]) -> None:
    _write_template(
        out,
        RECORDS,
        title=Message(_("How to fill in the outcome records file")),
        notes=(
            Message(
                _(
                    "Fill in only the sheets you need; empty sheets are skipped. Every sheet is "
                    "checked, and nothing is imported if any row of any sheet has an error."
                )
            ),
        ),
        extra=(lambda workbook: region_sheet(workbook.create_sheet(REGION_SHEET)),),
    )


# --- ledger export -----------------------------------------------------------------------------

_CORRECTION_LABELS = {
    ADJUSTMENT: "금액 정정",
    REVERSAL: "취소",
    REPLACEMENT: "대체",
}
_EXPORT_WIDTHS = [8, 24, 30, 12, 10, 16, 18, 8]


def write_ledger(rows: QuerySet[SupportLedgerEntry], out: IO[bytes]) -> int:
    """The ledger rows as an .xlsx: the template's columns (amounts exact, in won), then the
    row number, names and how each row was entered. Returns the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(LEDGER.name)
    columns = LEDGER.columns
    set_widths(sheet, [c.width for c in columns] + _EXPORT_WIDTHS)
    sheet.freeze_panes = "A2"
    headers = [(c.header, c.required) for c in columns]
    headers += [(h, Required.NO) for h in LEDGER_EXPORT_ONLY]
    sheet.append(header_row(sheet, headers))
    count = 0
    kind_cell = LEDGER.column("kind").cell
    brn_cell = LEDGER.column("brn").cell
    with translation.override("ko"):
        for entry in rows.iterator(chunk_size=1_000):
            created = timezone.localtime(entry.created_at)
            values = [
                (brn_cell.write(entry.company.brn), "@"),
                (str(entry.program_id or ""), "@"),
                (kind_cell.write(entry.kind), "General"),
                (entry.amount_won, "#,##0"),
                (entry.supported_on, "yyyy-mm-dd"),
                (entry.period_end, "yyyy-mm-dd"),
                (entry.description, "General"),
                (entry.pk, "0"),
                (entry.company.name_ko, "General"),
                (str(entry.program) if entry.program else "", "General"),
                (entry.corrects_id, "0"),
                (_CORRECTION_LABELS.get(entry.source_type, ""), "General"),
                (str(entry.get_provenance_display()), "General"),
                (entry.entered_by.get_username() if entry.entered_by else "", "General"),
                (f"{created:%Y-%m-%d %H:%M}", "@"),
            ]
            sheet.append([_value_cell(sheet, value, fmt) for value, fmt in values])
            count += 1
    workbook.save(out)
    return count
