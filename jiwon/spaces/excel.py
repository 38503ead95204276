"""A month's charges as a workbook for the accounting system: one row per contract and month,
amounts in integer won, the business number in the 000-00-00000 form."""

import tempfile
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from jiwon.core.excel.cells import Required
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE, header_row, set_widths, text_cell
from jiwon.spaces.models import Charge
from jiwon.spaces.rules import last_day

COLUMNS = [
    (_("Charge no."), 10),
    (_("Month"), 10),
    (_("Contract no."), 10),
    (_("Business number"), 14),
    (_("Company"), 28),
    (_("Site"), 24),
    (_("Units"), 16),
    (_("From"), 12),
    (_("Until"), 12),
    (_("Rent (won)"), 12),
    (_("Maintenance fee (won)"), 14),
    (_("Total (won)"), 12),
    (_("Due on"), 12),
    (_("Paid (won)"), 12),
    (_("Outstanding (won)"), 14),
]


def _rows(charges: Iterable[Charge], sheet) -> Iterable[list]:
    for c in charges:
        brn = c.contract.company.brn or ""
        yield [
            c.pk,
            text_cell(sheet, f"{c.month:%Y-%m}"),
            c.contract_id,
            text_cell(sheet, f"{brn[:3]}-{brn[3:5]}-{brn[5:]}" if len(brn) == 10 else brn),
            text_cell(sheet, c.contract.company.name_ko),
            text_cell(sheet, c.contract.site.name_ko),
            text_cell(sheet, ", ".join(line.unit.code for line in c.contract.lines.all())),
            text_cell(sheet, c.period_start.isoformat()),
            text_cell(sheet, last_day(c.period_end).isoformat()),
            c.rent_won,
            c.fee_won,
            c.total_won,
            text_cell(sheet, c.due_on.isoformat()),
            c.paid_won,
            c.outstanding_won,
        ]


def charges_response(charges: QuerySet[Charge], month: date) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Charges")))
    set_widths(sheet, [width for _label, width in COLUMNS])
    sheet.append(header_row(sheet, [(str(label), Required.NO) for label, _w in COLUMNS]))
    for row in _rows(charges, sheet):
        sheet.append(row)
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it
    workbook.save(out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"jiwon-space-charges-{month:%Y%m}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
