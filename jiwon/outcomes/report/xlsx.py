"""The report and the drill-down lists as Excel workbooks: exact figures (won as integers), one
sheet per section, headers in the report's language. Cell writing reuses the company
spreadsheet's helpers (jiwon.companies.excel.sheets)."""

import io
import re
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiwon.core.excel.cells import Required
from jiwon.core.excel.sheets import header_row, set_widths, text_cell, value_cell
from jiwon.outcomes.report.formatting import eok_text, pct_text, percent_text
from jiwon.outcomes.selectors.contributions import (
    HEADLINE,
    ReportFigure,
    report_figures,
    report_sections,
)
from jiwon.outcomes.selectors.drill import Listing
from jiwon.outcomes.selectors.kpis import HEADLINE_KEYS

WON = "#,##0"
COUNT = "#,##0"
PCT = "0.0"
DATE = "yyyy-mm-dd"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]) -> Any:
    sheet = workbook.create_sheet(_SHEET_NAME_FORBIDDEN.sub(" ", title)[:31])
    set_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, [(h, Required.NO) for h in headers]))
    return sheet


def _cell(sheet: Any, value: Any, number_format: str = COUNT) -> Any:
    if isinstance(value, date):
        return value_cell(sheet, value, DATE)
    if isinstance(value, Decimal):
        return value_cell(sheet, value, PCT)
    if isinstance(value, str):
        return text_cell(sheet, value)
    return value_cell(sheet, value, number_format)


def _rows(sheet: Any, rows: list[list[Any]], formats: list[str] | None = None) -> None:
    for row in rows:
        sheet.append(
            [_cell(sheet, value, formats[i] if formats else COUNT) for i, value in enumerate(row)]
        )


def _headline_labels() -> dict[str, str]:
    return {
        "supported_companies": _("Supported companies"),
        "programs": _("Programmes used"),
        "support_won": _("Support (won)"),
        "tenant_companies": _("Tenant companies"),
        "investment_won": _("Investment attracted (won)"),
        "ip_count": _("Patents and certifications"),
        "mou_count": _("MOUs"),
        "employees": _("Employees"),
        "employees_growth_pct": _("Employment growth (%)"),
        "sales_won": _("Sales (won)"),
        "sales_growth_pct": _("Sales growth (%)"),
        "moved_in": _("Companies moved in"),
    }


def _display(key: str, value: Any) -> str:
    if key.endswith("_pct"):
        return pct_text(value)
    if key.endswith("_won"):
        return eok_text(value)
    return f"{value:,}"


def _contributed_display(figure: ReportFigure, value: Any) -> str:
    if figure.kind == "won":
        return eok_text(value)
    if figure.kind == "percent":
        return percent_text(value)
    return f"{value:,}"


def _figure_sheet(workbook: Workbook, title: str) -> Any:
    return _sheet(
        workbook,
        title,
        [_("Key"), _("Figure"), _("Value"), _("As shown")],
        [24, 34, 20, 16],
    )


def _contributed_rows(values: dict[str, Any], figures: list[ReportFigure]) -> list[list[Any]]:
    return [
        [f.key, str(f.label), values[f.key], _contributed_display(f, values[f.key])]
        for f in figures
        if f.key in values
    ]


def _write_report(report: dict[str, Any], workbook: Workbook) -> None:
    labels = _headline_labels()
    headline = report["headline"]
    sheet = _figure_sheet(workbook, _("Headline figures"))
    _rows(
        sheet,
        [[key, labels[key], headline[key], _display(key, headline[key])] for key in HEADLINE_KEYS]
        + _contributed_rows(headline, report_figures(HEADLINE)),
    )

    support = report["support"]
    sheet = _sheet(
        workbook,
        _("By programme"),
        [
            _("Programme"),
            _("Series"),
            _("Category"),
            _("Companies"),
            _("Supports"),
            _("Amount (won)"),
        ],
        [40, 16, 16, 12, 12, 18],
    )
    _rows(
        sheet,
        [
            [p["title"], p["series"], p["category"], p["companies"], p["supports"], p["amount_won"]]
            for p in support["by_program"]
        ],
    )
    for title, items, key in (
        (_("By programme category"), support["by_category"], "category"),
        (_("By kind of support"), support["by_kind"], "kind"),
    ):
        sheet = _sheet(
            workbook,
            title,
            [_("Key"), _("Label"), _("Companies"), _("Supports"), _("Amount (won)")],
            [16, 30, 12, 12, 18],
        )
        _rows(
            sheet,
            [[i[key], i["label"], i["companies"], i["supports"], i["amount_won"]] for i in items],
        )

    ladder = report["growth_ladder"]
    sheet = _sheet(
        workbook,
        _("Growth ladder"),
        [
            _("Stage"),
            _("Companies on %(day)s") % {"day": ladder["on"].isoformat()},
            _("Promoted this year"),
        ],
        [20, 20, 20],
    )
    _rows(sheet, [[s["label"], s["companies"], s["promoted"]] for s in ladder["stages"]])

    sheet = _sheet(
        workbook, _("Selection funnels"), [_("Call"), _("Applied"), _("Selected")], [40, 12, 12]
    )
    _rows(sheet, [[f["call"], f["applied"], f["selected"]] for f in report["selection_funnels"]])

    growth = report["outcome_growth"]
    sheet = _sheet(
        workbook,
        _("Outcome growth"),
        [
            _("Figure"),
            _("Previous year"),
            _("This year"),
            _("Growth (%)"),
            _("Companies counted"),
            _("Excluded (missing a year)"),
        ],
        [20, 18, 18, 12, 16, 20],
    )
    _rows(
        sheet,
        [
            [label, g["previous"], g["value"], g["growth_pct"], g["companies"], g["excluded"]]
            for label, g in (
                (_("Employees"), growth["employees"]),
                (_("Sales (won)"), growth["sales_won"]),
            )
        ],
        [COUNT, WON, WON, PCT, COUNT, COUNT],
    )
    no_data = _("No data")
    sheet = _sheet(
        workbook, _("Trend"), [_("Year"), _("Employees"), _("Sales (won)")], [10, 14, 20]
    )
    _rows(
        sheet,
        [
            [t["year"], *(no_data if t[k] is None else t[k] for k in ("employees", "sales_won"))]
            for t in growth["trend"]
        ],
        ["0", COUNT, WON],
    )

    o = report["other_outcomes"]
    sheet = _sheet(workbook, _("Other outcomes"), [_("Figure"), _("Value")], [36, 20])
    _rows(
        sheet,
        [
            [_("Investment attracted (won)"), o["investment_won"]],
            [_("Investments"), o["investments"]],
            [_("Patents and certifications"), o["ip_count"]],
            *[[f"· {ip['label']}", ip["count"]] for ip in o["ip_by_kind"]],
            [_("MOUs"), o["mou_count"]],
            [_("Business agreements"), o["business_agreements"]],
            [_("Awards"), o["awards"]],
            [_("Companies moved in"), report["relocations"]["moved_in"]],
            [_("Companies moved out"), report["relocations"]["moved_out"]],
        ],
    )
    sheet = _sheet(workbook, _("Moved in from"), [_("Place"), _("Companies")], [40, 12])
    _rows(sheet, [[o["label"], o["companies"]] for o in report["relocations"]["origins"]])

    sheet = _sheet(
        workbook,
        _("Companies in the city"),
        [
            _("Date"),
            _("Companies"),
            _("Employees"),
            _("Employees from the registry (no reported figure)"),
        ],
        [14, 14, 14, 30],
    )
    _rows(
        sheet,
        [
            [c["on"], c["companies"], c["employees"], c["companies_from_registry"]]
            for c in report["city_totals"]
        ],
    )

    for section in report_sections():
        if section.key in report:
            sheet = _figure_sheet(workbook, str(section.title))
            _rows(sheet, _contributed_rows(report[section.key], report_figures(section)))

    sheet = _sheet(workbook, _("Definitions"), [_("Figure"), _("Definition")], [30, 120])
    _rows(sheet, [[d["title"], d["text"]] for d in report["definitions"]])
    sheet = _sheet(workbook, _("Data coverage"), [_("Key"), _("Value")], [34, 14])
    _rows(
        sheet,
        [
            [key, value if not isinstance(value, bool) else str(value).lower()]
            for key, value in report["coverage"].items()
        ],
    )


def render_xlsx(report: dict[str, Any]) -> bytes:
    workbook = Workbook(write_only=True)
    with translation.override(report["language"]):
        _write_report(report, workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_listing(listing: Listing, out: IO[bytes]) -> None:
    """A drill-down list as a workbook: a company cell becomes its name."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(
        workbook,
        str(listing.title),
        [str(c.header) for c in listing.columns],
        [28 if c.kind in ("company", "text") else 16 for c in listing.columns],
    )
    formats = [WON if c.kind == "won" else COUNT for c in listing.columns]
    _rows(
        sheet,
        [
            [
                cell[1] if column.kind == "company" else cell
                for column, cell in zip(listing.columns, row, strict=True)
            ]
            for row in listing.rows()
        ],
        formats,
    )
    workbook.save(out)
