"""Excel exports of loans through the core toolkit (text-only cells, exact won): the fund
rounds, the loans of a fund round, a loan's repayment schedule, and a claim's lines with
Jiwon's figures beside the bank's."""

import io
from collections.abc import Iterable, Sequence
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiwon.core.excel.cells import Required
from jiwon.core.excel.sheets import header_row, set_widths, text_cell, value_cell
from jiwon.loans.models import FundRound, Loan, SubsidyClaim
from jiwon.loans.schedule import Instalment
from jiwon.loans.selectors import outstanding, subsidy_budget_of, volume_of

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


def schedule_xlsx(loan: Loan, instalments: Sequence[Instalment]) -> bytes:
    """The loan's repayment schedule, one row an instalment, and the totals."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Repayment schedule"))
    headers = [
        _("Instalment"),
        _("Due on"),
        _("Principal (won)"),
        _("Interest (won)"),
        _("Payment (won)"),
        _("Balance after (won)"),
    ]
    set_widths(sheet, [10, 12, 16, 16, 16, 16])
    sheet.append([text_cell(sheet, f"{loan.recommendation.number} · {loan.bank_reference}")])
    sheet.append(header_row(sheet, [(h, Required.NO) for h in headers]))
    for i in instalments:
        sheet.append(
            [
                value_cell(sheet, i.number, "0"),
                value_cell(sheet, i.due_on, "yyyy-mm-dd"),
                value_cell(sheet, i.principal_won, WON),
                value_cell(sheet, i.interest_won, WON),
                value_cell(sheet, i.payment_won, WON),
                value_cell(sheet, i.balance_won, WON),
            ]
        )
    sheet.append(
        [
            text_cell(sheet, _("Total")),
            text_cell(sheet, ""),
            value_cell(sheet, sum(i.principal_won for i in instalments), WON),
            value_cell(sheet, sum(i.interest_won for i in instalments), WON),
            value_cell(sheet, sum(i.payment_won for i in instalments), WON),
            text_cell(sheet, ""),
        ]
    )
    return _save(book)


def funds_xlsx(funds: Sequence[FundRound], today: date) -> bytes:
    """The fund rounds with their volume and subsidy budget as the list page shows them."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Fund rounds"))
    headers = [
        _("Fund year"),
        _("Name"),
        _("Loan volume (won)"),
        _("Lent (won)"),
        _("Reserved by letters (won)"),
        _("Remaining (won)"),
        _("Outstanding (won)"),
        _("Subsidy budget (won)"),
        _("Subsidy paid (won)"),
        _("Approved, not paid (won)"),
        _("Applications open"),
        _("Applications close (last day)"),
    ]
    set_widths(sheet, [8, 28, 18, 18, 18, 18, 18, 16, 16, 16, 12, 12])
    sheet.append(header_row(sheet, [(h, Required.NO) for h in headers]))
    for fund in funds:
        volume = volume_of(fund)
        budget = subsidy_budget_of(fund, today)
        sheet.append(
            [
                value_cell(sheet, fund.year, "0"),
                text_cell(sheet, fund.name_ko),
                value_cell(sheet, volume.volume_won, WON),
                value_cell(sheet, volume.executed_won, WON),
                value_cell(sheet, volume.reserved_won, WON),
                value_cell(sheet, volume.remaining_won, WON),
                value_cell(sheet, volume.outstanding_won, WON),
                value_cell(sheet, budget.budget_won, WON),
                value_cell(sheet, budget.paid_won, WON),
                value_cell(sheet, budget.committed_won, WON),
                value_cell(sheet, fund.opens_on, "yyyy-mm-dd"),
                value_cell(sheet, fund.closes_on, "yyyy-mm-dd"),
            ]
        )
    return _save(book)
