"""The bookings list as a workbook (streamed: a year of bookings fits)."""

import tempfile
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from jiwon.core.excel.cells import Required
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE, header_row, set_widths, text_cell
from jiwon.equipment.models import Booking
from jiwon.equipment.rules import SEOUL

COLUMNS = [
    (_("No."), 8),
    (_("Resource"), 28),
    (_("Company"), 28),
    (_("Business number"), 14),
    (_("Start"), 18),
    (_("End"), 18),
    (_("Status"), 14),
    (_("Purpose"), 40),
    (_("Fee (won)"), 12),
]


def _rows(bookings: Iterable[Booking], sheet) -> Iterable[list]:
    for b in bookings:
        brn = b.company.brn or ""
        yield [
            b.pk,
            text_cell(sheet, b.resource.name_ko),
            text_cell(sheet, b.company.name_ko),
            text_cell(sheet, f"{brn[:3]}-{brn[3:5]}-{brn[5:]}" if len(brn) == 10 else brn),
            text_cell(sheet, f"{b.start.astimezone(SEOUL):%Y-%m-%d %H:%M}"),
            text_cell(sheet, f"{b.end.astimezone(SEOUL):%Y-%m-%d %H:%M}"),
            text_cell(sheet, b.status_label),
            text_cell(sheet, b.purpose),
            b.fee_won,
        ]


def bookings_response(bookings: QuerySet[Booking]) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Bookings")))
    set_widths(sheet, [width for _label, width in COLUMNS])
    sheet.append(header_row(sheet, [(str(label), Required.NO) for label, _w in COLUMNS]))
    for row in _rows(bookings.iterator(chunk_size=1000), sheet):
        sheet.append(row)
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it
    workbook.save(out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"jiwon-equipment-bookings-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
