"""Excel exports of loans through the core toolkit (text-only cells, exact won): the loans of
a fund round, and a claim's lines with Jiwon's figures beside the bank's."""

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiwon.core.excel.cells import Required
from jiwon.core.excel.sheets import header_row, set_widths, text_cell, value_cell
from jiwon.loans.models import Loan, SubsidyClaim
from jiwon.loans.selectors import outstanding

WON = "#,##0"
RATE = "0.000"


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def loans_xlsx(loans: Iterable[Loan]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Loans"))
    headers = [
        _("Letter number"),
        _("Company"),
        _("Business number"),
        _("Bank"),
        _("Bank's loan number"),
        _("Loan purpose"),
        _("Made on"),
        _("Matures on"),
        _("Principal (won)"),
        _("Outstanding (won)"),
        _("Bank's rate (%)"),
        _("Status"),
    ]
    set_widths(sheet, [12, 26, 14, 14, 18, 18, 12, 12, 16, 16, 10, 10])
    sheet.append(header_row(sheet, [(h, Required.NO) for h in headers]))
    for loan in loans:
        sheet.append(
            [
                text_cell(sheet, loan.recommendation.number),
                text_cell(sheet, loan.company.name_ko),
                text_cell(sheet, loan.company.brn or ""),
                text_cell(sheet, loan.bank.name_ko),
                text_cell(sheet, loan.bank_reference),
                text_cell(sheet, str(loan.purpose.get_kind_display())),
                value_cell(sheet, loan.executed_on, "yyyy-mm-dd"),
                value_cell(sheet, loan.matures_on, "yyyy-mm-dd"),
                value_cell(sheet, loan.principal_won, WON),
                value_cell(sheet, outstanding(loan), WON),
                value_cell(sheet, loan.bank_rate_pct, RATE),
                text_cell(sheet, loan.status_label),
            ]
        )
    return _save(book)


def claim_xlsx(claim: SubsidyClaim) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Claim"))
    headers = [
        _("Bank's loan number"),
        _("Company"),
        _("Claimed by the bank (won)"),
        _("Interest the bank charged (won)"),
        _("Jiwon's figure (won)"),
        _("Payable (won)"),
        _("Difference (won)"),
    ]
    set_widths(sheet, [18, 26, 16, 16, 16, 16, 14])
    sheet.append(header_row(sheet, [(h, Required.NO) for h in headers]))
    for line in claim.lines.select_related("loan__company"):
        sheet.append(
            [
                text_cell(sheet, line.loan.bank_reference),
                text_cell(sheet, line.loan.company.name_ko),
                value_cell(sheet, line.claimed_won, WON),
                value_cell(sheet, line.interest_charged_won, WON),
                value_cell(sheet, line.computed_won, WON),
                value_cell(sheet, line.payable_won, WON),
                value_cell(sheet, line.difference_won, WON),
            ]
        )
    return _save(book)
