"""Excel in and out for the company registry: the import template, the all-or-nothing import
and the export of a filtered list. The column layout lives in `columns.COLUMNS`."""

from jiwon.companies.excel.columns import COLUMNS, DATA_SHEET, EXPORT_ONLY_COLUMNS, GUIDE_SHEET
from jiwon.companies.excel.exporter import write_companies
from jiwon.companies.excel.importer import MAX_ROWS, companies_check, companies_import
from jiwon.companies.excel.template import write_template
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.core.excel.workbooks import MAX_BYTES, ImportResult, RowError, write_errors

__all__ = [
    "COLUMNS",
    "DATA_SHEET",
    "EXPORT_ONLY_COLUMNS",
    "GUIDE_SHEET",
    "MAX_BYTES",
    "MAX_ROWS",
    "XLSX_CONTENT_TYPE",
    "ImportResult",
    "RowError",
    "companies_check",
    "companies_import",
    "write_companies",
    "write_errors",
    "write_template",
]
