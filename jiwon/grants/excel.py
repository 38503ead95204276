"""Excel exports of grants through the core toolkit: the agreement list and the settlement
statement (text-only cells, exact won)."""

import io
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiwon.core.excel.cells import Required
from jiwon.core.excel.sheets import header_row, set_widths, text_cell, value_cell
from jiwon.grants.models import Agreement, GrantReport
from jiwon.grants.selectors import agreement_summary
from jiwon.grants.statement import Statement

WON = "#,##0"


def _workbook() -> Workbook:
    return Workbook(write_only=True)


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def agreements_xlsx(agreements: Iterable[Agreement]) -> bytes:
    book = _workbook()
    sheet = book.create_sheet(_("Agreements"))
    headers = [
        _("Agreement number"),
        _("Programme"),
        _("Company"),
        _("Business number"),
        _("Status"),
        _("Project starts"),
        _("Project ends"),
        _("Grant (won)"),
        _("Own contribution (won)"),
        _("Requested (won)"),
        _("Paid (won)"),
        _("Recorded expenses (won)"),
        _("Accepted expenses (won)"),
    ]
    set_widths(sheet, [14, 30, 26, 14, 16, 12, 12, 16, 16, 16, 16, 16, 16])
    sheet.append(header_row(sheet, [(h, Required.NO) for h in headers]))
    for a in agreements:
        s = agreement_summary(a)
        sheet.append(
            [
                text_cell(sheet, a.number),
                text_cell(sheet, a.program.title_ko),
                text_cell(sheet, a.company.name_ko),
                text_cell(sheet, a.company.brn or ""),
                text_cell(sheet, a.status_label),
                value_cell(sheet, a.starts_on, "yyyy-mm-dd"),
                value_cell(sheet, a.ends_on, "yyyy-mm-dd"),
                value_cell(sheet, a.grant_won, WON),
                value_cell(sheet, a.own_cash_won + a.own_in_kind_won, WON),
                value_cell(sheet, s["requested_won"], WON),
                value_cell(sheet, s["paid_won"], WON),
                value_cell(sheet, s["committed_won"], WON),
                value_cell(sheet, s["accepted_won"], WON),
            ]
        )
    return _save(book)


def statement_xlsx(agreement: Agreement, statement: Statement) -> bytes:
    book = _workbook()
    lines = book.create_sheet(_("By budget line"))
    set_widths(lines, [22, 22, 16, 16, 16, 16])
    lines.append([text_cell(lines, f"{agreement.number} {agreement.company.name_ko}")])
    lines.append(
        header_row(
            lines,
            [
                (h, Required.NO)
                for h in (
                    _("Category"),
                    _("Source"),
                    _("Granted"),
                    _("Spent"),
                    _("Accepted"),
                    _("Balance"),
                )
            ],
        )
    )
    for item in statement.labelled_lines():
        row = item["row"]
        lines.append(
            [
                text_cell(lines, str(item["category"])),
                text_cell(lines, str(item["source"])),
                *(
                    value_cell(lines, v, WON)
                    for v in (row.granted, row.spent, row.accepted, row.balance)
                ),
            ]
        )
    sources = book.create_sheet(_("By source"))
    set_widths(sources, [22, 16, 16, 16, 16, 16, 16, 16])
    sources.append(
        header_row(
            sources,
            [
                (h, Required.NO)
                for h in (
                    _("Source"),
                    _("Granted"),
                    _("Paid"),
                    _("Accepted"),
                    _("Unspent"),
                    _("Interest"),
                    _("Due"),
                    _("To return"),
                )
            ],
        )
    )
    for item in statement.labelled_sources():
        row = item["row"]
        sources.append(
            [
                text_cell(sources, str(item["source"])),
                *(
                    value_cell(sources, v, WON)
                    for v in (
                        row.granted,
                        row.paid,
                        row.accepted,
                        row.unspent,
                        row.interest,
                        row.due,
                        row.collected,
                    )
                ),
            ]
        )
    sources.append(
        [
            text_cell(sources, _("Total to return")),
            *([None] * 6),
            value_cell(sources, statement.return_won, WON),
        ]
    )
    return _save(book)


def reports_xlsx(reports: Iterable[GrantReport]) -> bytes:
    """The staff's report list: one row a report, overdue days counted in Asia/Seoul."""
    book = _workbook()
    sheet = book.create_sheet(_("Reports"))
    headers = [
        _("Agreement number"),
        _("Programme"),
        _("Company"),
        _("Business number"),
        _("Report"),
        _("Kind"),
        _("Due day"),
        _("Status"),
        _("Days overdue"),
        _("Submitted at"),
        _("Accepted at"),
    ]
    set_widths(sheet, [14, 30, 26, 14, 20, 14, 12, 20, 10, 18, 18])
    sheet.append(header_row(sheet, [(h, Required.NO) for h in headers]))
    for r in reports:
        a = r.agreement
        sheet.append(
            [
                text_cell(sheet, a.number),
                text_cell(sheet, a.program.title_ko),
                text_cell(sheet, a.company.name_ko),
                text_cell(sheet, a.company.brn or ""),
                text_cell(sheet, r.title),
                text_cell(sheet, r.get_kind_display()),
                value_cell(sheet, r.due_on, "yyyy-mm-dd"),
                text_cell(sheet, r.status_label),
                value_cell(sheet, r.days_overdue, "0"),
                text_cell(sheet, _local(r.submitted_at)),
                text_cell(sheet, _local(r.accepted_at)),
            ]
        )
    return _save(book)


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
