"""Excel in and out for outcomes: templates with Korean headers, all-or-nothing imports of
ledger rows, yearly figures and outcome records, and the export of a filtered ledger. The
sheet layouts live in `spec.py`."""

from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.outcomes.excel.imports import figures_import, ledger_import, records_import
from jiwon.outcomes.excel.reader import MAX_BYTES, MAX_ERRORS_KEPT, MAX_ROWS, RowError
from jiwon.outcomes.excel.writer import (
    write_figures_template,
    write_ledger,
    write_ledger_template,
    write_records_template,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ERRORS_KEPT",
    "MAX_ROWS",
    "XLSX_CONTENT_TYPE",
    "RowError",
    "figures_import",
    "ledger_import",
    "records_import",
    "write_figures_template",
    "write_ledger",
    "write_ledger_template",
    "write_records_template",
]
