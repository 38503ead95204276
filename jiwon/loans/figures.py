"""The figures fund loans add to the annual report and the dashboard (through outcomes'
contributions: outcomes never imports this app). All computed from the records:

Headline
- loan_companies: distinct companies with a loan made (executed) in the period.
- loan_executed_won: Σ principal of the loans made in the period.
- loan_volume_won: Σ loan volume of the fund rounds of the period's years.

Section "loans"
- loan_remaining_won: those fund rounds' volume less what their loans lent and their standing
  letters reserve, as recorded when the report is made.
- loan_subsidy_paid_won: Σ subsidy paid to the banks on claims paid in the period.
- loan_limit_working_won / _previous_won: the per-company working-capital limit of the fund
  round of the period's last year and of the year before.
- loan_industry_types / _previous: how many KSIC subclasses the eligibility rule of those two
  fund rounds' programmes covers (industries.py).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from jiwon.loans.industries import industry_codes, subclass_count
from jiwon.loans.models import FundRound, Loan, PurposeKind, SubsidyClaimLine
from jiwon.loans.selectors import volume_of
from jiwon.loans.workflow import ClaimStatus
from jiwon.outcomes.selectors.contributions import (
    HEADLINE,
    Kind,
    ReportFigure,
    ReportSection,
    Value,
    register_figure,
)
from jiwon.outcomes.selectors.drill import COMPANY, DATE, Column, DrillQuery, Listing
from jiwon.outcomes.selectors.kpis import Period

LOANS = ReportSection("loans", _("SME development fund loans"))


def _made(period: Period):
    return Loan.objects.filter(executed_on__range=(period.start, period.end))


def _funds(period: Period):
    return FundRound.objects.filter(year__range=(period.start.year, period.end.year))


def loan_companies(period: Period) -> int:
    return _made(period).order_by().values("company").distinct().count()


def loan_executed_won(period: Period) -> int:
    return int(_made(period).aggregate(total=Sum("principal_won"))["total"] or 0)


def loan_volume_won(period: Period) -> int:
    return int(_funds(period).aggregate(total=Sum("loan_volume_won"))["total"] or 0)


def loan_remaining_won(period: Period) -> int:
    return sum(volume_of(fund).remaining_won for fund in _funds(period))


def loan_subsidy_paid_won(period: Period) -> int:
    lines = SubsidyClaimLine.objects.filter(
        claim__status=ClaimStatus.PAID, claim__paid_on__range=(period.start, period.end)
    )
    return int(lines.aggregate(total=Sum("payable_won"))["total"] or 0)


def _loans_made(q: DrillQuery) -> Listing:
    loans = (
        _made(q.period)
        .select_related("company", "bank", "purpose", "recommendation")
        .order_by("executed_on", "id")
    )
    return Listing(
        _("Fund loans made"),
        [
            DATE,
            COMPANY,
            Column(_("Bank")),
            Column(_("Loan purpose")),
            Column(_("Principal"), "won"),
        ],
        loans,
        lambda loan: [
            loan.executed_on,
            (loan.company.pk, loan.company.name_ko),
            loan.bank.name_ko,
            loan.purpose.get_kind_display(),
            loan.principal_won,
        ],
    )


def _fund_rounds(q: DrillQuery) -> Listing:
    def row(fund: FundRound) -> list[object]:
        volume = volume_of(fund)
        return [
            str(fund.year),
            volume.volume_won,
            volume.executed_won,
            volume.reserved_won,
            volume.remaining_won,
            _limit(fund.year),
            _industries(fund.year),
        ]

    return Listing(
        _("Fund rounds"),
        [
            Column(_("Fund year")),
            Column(_("Loan volume"), "won"),
            Column(_("Lent"), "won"),
            Column(_("Reserved by letters"), "won"),
            Column(_("Remaining"), "won"),
            Column(_("Working-capital limit per company"), "won"),
            Column(_("Eligible industry types"), "int"),
        ],
        list(FundRound.objects.filter(year__range=(q.period.end.year - 1, q.period.end.year))),
        row,
    )


def _subsidy_paid(q: DrillQuery) -> Listing:
    lines = (
        SubsidyClaimLine.objects.filter(
            claim__status=ClaimStatus.PAID, claim__paid_on__range=(q.period.start, q.period.end)
        )
        .select_related("claim__bank", "loan__company")
        .order_by("claim__paid_on", "id")
    )
    return Listing(
        _("Interest subsidy paid"),
        [DATE, COMPANY, Column(_("Bank")), Column(_("Period")), Column(_("Payable"), "won")],
        lines,
        lambda line: [
            line.claim.paid_on,
            (line.loan.company.pk, line.loan.company.name_ko),
            line.claim.bank.name_ko,
            f"{line.claim.period_start:%Y-%m-%d} – {line.claim.period_end:%Y-%m-%d}",
            line.payable_won,
        ],
    )


def _fund_of(year: int) -> FundRound | None:
    return FundRound.objects.filter(year=year).select_related("program").first()


def _limit(year: int) -> int:
    """0 when the year has no fund round (the report's won figures are integers)."""
    fund = _fund_of(year)
    purpose = fund.purposes.filter(kind=PurposeKind.WORKING).first() if fund else None
    return purpose.limit_won if purpose else 0


def _industries(year: int) -> int:
    fund = _fund_of(year)
    if fund is None:
        return 0
    version = fund.program.rule_versions.order_by("-version").first()
    return subclass_count(industry_codes(version.rule)) if version else 0


def loan_limit_working_won(period: Period) -> int:
    return _limit(period.end.year)


def loan_limit_working_previous_won(period: Period) -> int:
    return _limit(period.end.year - 1)


def loan_industry_types(period: Period) -> int:
    return _industries(period.end.year)


def loan_industry_types_previous(period: Period) -> int:
    return _industries(period.end.year - 1)


def register() -> None:
    headline: tuple[tuple[str, Any, Callable[[Period], Value], Kind, Any], ...] = (
        (
            "loan_companies",
            _("Companies with a fund loan"),
            loan_companies,
            "count",
            _("Distinct companies with a fund loan made in the period."),
        ),
        (
            "loan_executed_won",
            _("Fund loans made"),
            loan_executed_won,
            "won",
            _("Principal of the fund loans the banks made in the period."),
        ),
        (
            "loan_volume_won",
            _("Fund loan volume"),
            loan_volume_won,
            "won",
            _("The loan volume of the fund rounds of the period's years: what banks may lend."),
        ),
    )
    for key, label, compute, kind, definition in headline:
        register_figure(
            ReportFigure(
                key, label, compute, HEADLINE, kind, drill=_loans_made, definition=definition
            )
        )
    section: tuple[tuple[str, Any, Callable[[Period], Value], Kind, Any], ...] = (
        (
            "loan_remaining_won",
            _("Fund volume remaining"),
            loan_remaining_won,
            "won",
            _("Volume less loans made and letters standing, when the report is made."),
        ),
        (
            "loan_subsidy_paid_won",
            _("Interest subsidy paid"),
            loan_subsidy_paid_won,
            "won",
            _("Subsidy paid to the banks on claims paid in the period."),
        ),
        (
            "loan_limit_working_won",
            _("Working-capital limit per company"),
            loan_limit_working_won,
            "won",
            _("The fund round's limit of the period's last year."),
        ),
        (
            "loan_limit_working_previous_won",
            _("Working-capital limit the year before"),
            loan_limit_working_previous_won,
            "won",
            _("The fund round's limit of the year before."),
        ),
        (
            "loan_industry_types",
            _("Eligible industry types"),
            loan_industry_types,
            "count",
            _("KSIC subclasses (10th revision) the fund round's rule covers."),
        ),
        (
            "loan_industry_types_previous",
            _("Eligible industry types the year before"),
            loan_industry_types_previous,
            "count",
            _("KSIC subclasses the previous fund round's rule covered."),
        ),
    )
    for key, label, compute, kind, definition in section:
        register_figure(
            ReportFigure(
                key,
                label,
                compute,
                LOANS,
                kind,
                drill=_subsidy_paid if key == "loan_subsidy_paid_won" else _fund_rounds,
                definition=definition,
                on_dashboard=False,
            )
        )
