"""The import template: the data sheet, a bilingual guide and the reference code lists."""

from typing import IO

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from jiwon.companies.excel.columns import COLUMNS, DATA_SHEET, GUIDE_SHEET, KSIC_SHEET, REGION_SHEET
from jiwon.companies.excel.importer import MAX_ROWS
from jiwon.core.excel.cells import Message, Required, bilingual
from jiwon.core.excel.sheets import (
    both,
    reference_sheet,
    region_sheet,
    set_widths,
    style_header,
    validation_for,
)
from jiwon.core.excel.workbooks import MAX_BYTES
from jiwon.core.models import KsicCode
from jiwon.core.reference import CURRENT_KSIC_REVISION

_REQUIRED_TEXT = {
    Required.YES: _("Required"),
    Required.COMPANY: _("Required for 기업 (not for 예비창업자)"),
    Required.NO: _("Optional"),
}

_NOTES = (
    Message(
        _("Fill in one company per row on the %(sheet)s sheet, from row 2."), {"sheet": DATA_SHEET}
    ),
    Message(
        _(
            "Keep the header row as it is: do not rename or delete its columns. Optional "
            "columns may stay empty."
        )
    ),
    Message(
        _(
            "Dark blue headers are required; blue headers are required for companies (기업) "
            "but not for pre-founders (예비창업자); grey headers are optional."
        )
    ),
    Message(_("Type dates as YYYY-MM-DD (e.g. 2015-03-02) or enter them as Excel dates.")),
    Message(
        _("At most %(rows)s companies and %(mb)s MB per file."),
        {"rows": f"{MAX_ROWS:,}", "mb": MAX_BYTES // (1024 * 1024)},
    ),
    Message(
        _(
            "Every row is checked before anything is saved. If any row has an error, nothing "
            "is imported: fix every row listed and upload the whole file again."
        )
    ),
)


def write_template(out: IO[bytes]) -> None:
    """Write the company import template (.xlsx) to `out`."""
    workbook = Workbook()
    _data_sheet(workbook.active)
    _guide_sheet(workbook.create_sheet(GUIDE_SHEET))
    region_sheet(workbook.create_sheet(REGION_SHEET))
    _ksic_sheet(workbook.create_sheet(KSIC_SHEET))
    workbook.save(out)


def _data_sheet(sheet) -> None:
    sheet.title = DATA_SHEET
    last_row = MAX_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        style_header(cell, column.required)
        ko, en = bilingual(Message(column.description))
        cell.comment = Comment(ko if ko == en else f"{ko}\n\n{en}", "Jiwon", width=320, height=140)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        # A column style makes Excel keep what people type in the expected form: text for
        # codes (leading zeros survive), dates as dates.
        dimension.number_format = column.cell.number_format
        validation = validation_for(column)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"


def _guide_sheet(sheet) -> None:
    title = sheet.cell(row=1, column=1, value=both(Message(_("How to fill in the company file"))))
    title.font = Font(bold=True, size=14)
    row = 3
    for note in _NOTES:
        ko, en = bilingual(note)
        sheet.cell(row=row, column=1, value=f"• {ko}")
        if en != ko:
            sheet.cell(row=row + 1, column=1, value=f"  {en}").font = Font(color="6D7882")
            row += 1
        row += 1
    row += 1
    headers = [
        Message(_("Column")),
        Message(_("Required")),
        Message(_("Format")),
        Message(_("Example")),
    ]
    header_texts = [both(h) for h in headers] + ["설명", "Description"]
    for index, text in enumerate(header_texts, start=1):
        style_header(sheet.cell(row=row, column=index, value=text), Required.YES)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in COLUMNS:
        row += 1
        ko, en = bilingual(Message(column.description))
        values = [
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
    set_widths(sheet, [22, 22, 30, 22, 50, 50])


def _ksic_sheet(sheet) -> None:
    rows = KsicCode.objects.filter(revision=CURRENT_KSIC_REVISION, level=5).values_list(
        "code", "name_ko", "name_en"
    )
    headers = [
        "업종코드(KSIC)",
        "업종명",
        both(Message(_("Industry (English)"))),
    ]
    reference_sheet(sheet, headers, rows, [14, 50, 60])
