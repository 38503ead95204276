"""The annual performance report: its content (annual.py), the formats it is written in
(html.py, pdf.py, xlsx.py, jsonfmt.py), its charts (charts.py) and the drill-down lists behind
every figure (drill.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.outcomes.report.html import render_html
from jiwon.outcomes.report.jsonfmt import render_json
from jiwon.outcomes.report.pdf import render_pdf
from jiwon.outcomes.report.xlsx import render_xlsx


@dataclass(frozen=True)
class Format:
    render: Callable[[dict], bytes]
    content_type: str
    extension: str


FORMATS: dict[str, Format] = {
    "html": Format(lambda r: render_html(r).encode("utf-8"), "text/html; charset=utf-8", "html"),
    "pdf": Format(render_pdf, "application/pdf", "pdf"),
    "xlsx": Format(render_xlsx, XLSX_CONTENT_TYPE, "xlsx"),
    "json": Format(render_json, "application/json", "json"),
}
