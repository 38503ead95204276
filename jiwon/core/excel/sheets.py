"""Writing workbooks: styled headers, text-only cells (never a formula), column widths, data
validation, and the reference sheets a template carries (시군구 codes)."""

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jiwon.core.excel.cells import ChoiceCell, Column, IntegerCell, Message, Required, bilingual
from jiwon.core.models import Region
from jiwon.core.reference import current_regions

# Large exports stream through write-only sheets; templates and reference sheets are ordinary.
Sheet: TypeAlias = Worksheet | WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_WHITE_BOLD = Font(bold=True, color="FFFFFF")
_DARK_BOLD = Font(bold=True, color="1E2124")
_FILLS = {
    Required.YES: PatternFill("solid", fgColor="063A74"),
    Required.COMPANY: PatternFill("solid", fgColor="256EF4"),
    Required.NO: PatternFill("solid", fgColor="E6E8EA"),
}
_BORDER = Border(bottom=Side(style="thin", color="464C53"))
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


def both(message: Message) -> str:
    """Korean and English in one cell; once if the Korean translation is missing."""
    ko, en = bilingual(message)
    return ko if ko == en else f"{ko} ({en})"


def style_header(cell: Cell, required: Required = Required.NO) -> None:
    cell.font = _DARK_BOLD if required is Required.NO else _WHITE_BOLD
    cell.fill = _FILLS[required]
    cell.border = _BORDER
    cell.alignment = _HEADER_ALIGNMENT


def set_widths(sheet: Sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def header_row(sheet: Sheet, headers: Iterable[tuple[str, Required]]) -> list[Cell]:
    """Styled header cells for a write-only sheet, from (text, required) pairs."""
    cells = []
    for text, required in headers:
        cell = text_cell(sheet, text)
        style_header(cell, required)
        cells.append(cell)
    return cells


def text_cell(sheet: Sheet, value: str) -> Cell:
    """A cell that always holds text: openpyxl would otherwise turn '=...' into a live
    formula, which a company name typed by anyone must never become."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def value_cell(sheet: Sheet, value: Any, number_format: str) -> Cell | None:
    if value is None or value == "":
        return None
    cell = text_cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def validation_for(column: Column) -> DataValidation | None:
    if isinstance(column.cell, ChoiceCell):
        validation = DataValidation(
            type="list", formula1='"' + ",".join(column.cell.labels) + '"', allow_blank=True
        )
    elif isinstance(column.cell, IntegerCell):
        # Sales in won run past 2^31: a decimal rule does not depend on how Excel bounds whole
        # numbers, and the import rejects fractions anyway.
        kind = "whole" if column.cell.maximum < 2**31 else "decimal"
        validation = DataValidation(
            type=kind, operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
    else:
        return None
    ko, en = bilingual(column.cell.describe())
    validation.showErrorMessage = True
    validation.errorTitle = column.header
    validation.error = ko if ko == en else f"{ko}\n{en}"
    return validation


def region_sheet(sheet: Worksheet) -> None:
    provinces = dict(
        Region.objects.filter(level=1, valid_to__isnull=True).values_list("code", "name_ko")
    )
    rows = [(r.code, provinces.get(r.parent_code, ""), r.name_ko) for r in current_regions()]
    reference_sheet(sheet, ["시군구코드", "시도", "시군구"], rows, [12, 24, 24])


def reference_sheet(
    sheet: Worksheet, headers: list[str], rows: Iterable[Sequence[Any]], widths: list[int]
) -> None:
    for index, text in enumerate(headers, start=1):
        style_header(sheet.cell(row=1, column=index, value=text), Required.YES)
    for row_number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            sheet.cell(row=row_number, column=index, value=value).data_type = "s"
    set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
