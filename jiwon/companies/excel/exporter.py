"""Export of a company list, and of an import's error list, to .xlsx."""

from datetime import date
from typing import IO

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone, translation
from openpyxl import Workbook

from jiwon.companies.access import Personal
from jiwon.companies.excel.columns import COLUMNS, DATA_SHEET, EXPORT_ONLY_COLUMNS
from jiwon.companies.models import Certification, Company
from jiwon.companies.personal import GUARDED_FIELDS
from jiwon.core.excel.cells import Column
from jiwon.core.excel.sheets import header_row, set_widths, value_cell

_EXPORT_COLUMNS = COLUMNS + EXPORT_ONLY_COLUMNS
_CHUNK = 1_000


def companies_for_export(companies: QuerySet[Company], *, on: date) -> QuerySet[Company]:
    """`companies` with what the export shows, fetched per chunk rather than per company."""
    valid = Certification.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    return companies.select_related("ksic", "region").prefetch_related(
        Prefetch("certifications", queryset=valid, to_attr="valid_certifications")
    )


# What replaces the value of a guarded personal field (personal.py) for a reader who may not
# see it.
RECORDED, NOT_RECORDED, HIDDEN = "기록됨(비공개)", "없음", "비공개"


def write_companies(
    companies: QuerySet[Company],
    out: IO[bytes],
    *,
    on: date | None = None,
    personal: Personal = "value",
) -> int:
    """Write `companies` as an .xlsx that the import accepts back: the template's columns
    first, then the export-only ones. Returns the number of companies written. `personal`
    (`access.personal_visibility`) says what the personal columns hold: the value, whether
    one is recorded, or "비공개"."""
    day = on or timezone.localdate()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET)
    set_widths(sheet, [c.width for c in _EXPORT_COLUMNS])
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, [(c.header, c.required) for c in _EXPORT_COLUMNS]))
    count = 0
    # Labels (certification names, growth stages) in Korean, like the headers.
    with translation.override("ko"):
        for company in companies_for_export(companies, on=day).iterator(chunk_size=_CHUNK):
            sheet.append(
                [
                    value_cell(sheet, _value(company, column, personal), column.cell.number_format)
                    for column in _EXPORT_COLUMNS
                ]
            )
            count += 1
    workbook.save(out)
    return count


def _value(company: Company, column: Column, personal: Personal = "value"):
    if column.field in GUARDED_FIELDS and personal != "value":
        if personal == "hidden":
            return HIDDEN
        return RECORDED if getattr(company, column.field) else NOT_RECORDED
    if column.field == "is_local":
        return column.cell.write("true" if company.is_local else "false")
    if column.field == "growth_stage":
        return company.get_growth_stage_display() if company.growth_stage else ""
    if column.field == "certifications":
        # Set by the Prefetch of companies_for_export, which the model does not declare.
        valid: list[Certification] = company.valid_certifications  # type: ignore[attr-defined]
        return ", ".join(str(c.get_kind_display()) for c in valid)
    return column.cell.write(getattr(company, column.field))
