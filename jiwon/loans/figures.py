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
- By purpose (운전 / 기술 / 시설 / 특별), for each `<kind>` of PurposeKind:
  loan_<kind>_companies (distinct companies with a loan of that purpose made in the period),
  loan_<kind>_won (Σ their principal) and loan_<kind>_subsidy_paid_won (Σ subsidy paid on
  those purposes' loans on claims paid in the period). The companies of the purposes can add
  up to more than loan_companies: a company may borrow for two purposes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils.text import format_lazy
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
    return int(_paid_lines(period).aggregate(total=Sum("payable_won"))["total"] or 0)


def _loans_listing(q: DrillQuery, kind: str = "") -> Listing:
    loans = _made(q.period).select_related("company", "bank", "purpose", "recommendation")
    if kind:
        loans = loans.filter(purpose__kind=kind)
    return Listing(
        _("Fund loans made"),
        [
            DATE,
            COMPANY,
            Column(_("Bank")),
            Column(_("Loan purpose")),
            Column(_("Principal"), "won"),
        ],
        loans.order_by("executed_on", "id"),
        lambda loan: [
            loan.executed_on,
            (loan.company.pk, loan.company.name_ko),
            loan.bank.name_ko,
            loan.purpose.get_kind_display(),
            loan.principal_won,
        ],
    )


def _loans_made(q: DrillQuery) -> Listing:
    return _loans_listing(q)


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


def _subsidy_listing(q: DrillQuery, kind: str = "") -> Listing:
    lines = _paid_lines(q.period).select_related("claim__bank", "loan__company")
    if kind:
        lines = lines.filter(loan__purpose__kind=kind)
    return Listing(
        _("Interest subsidy paid"),
        [DATE, COMPANY, Column(_("Bank")), Column(_("Period")), Column(_("Payable"), "won")],
        lines.order_by("claim__paid_on", "id"),
        lambda line: [
            line.claim.paid_on,
            (line.loan.company.pk, line.loan.company.name_ko),
            line.claim.bank.name_ko,
            f"{line.claim.period_start:%Y-%m-%d} – {line.claim.period_end:%Y-%m-%d}",
            line.payable_won,
        ],
    )


def _subsidy_paid(q: DrillQuery) -> Listing:
    return _subsidy_listing(q)


def _paid_lines(period: Period):
    return SubsidyClaimLine.objects.filter(
        claim__status=ClaimStatus.PAID, claim__paid_on__range=(period.start, period.end)
    )


@dataclass(frozen=True)
class ByPurpose:
    """The three figures of one loan purpose, as functions of the period (and their drills)."""

    kind: str

    def companies(self, period: Period) -> int:
        made = _made(period).filter(purpose__kind=self.kind)
        return made.order_by().values("company").distinct().count()

    def won(self, period: Period) -> int:
        made = _made(period).filter(purpose__kind=self.kind)
        return int(made.aggregate(total=Sum("principal_won"))["total"] or 0)

    def subsidy_paid_won(self, period: Period) -> int:
        lines = _paid_lines(period).filter(loan__purpose__kind=self.kind)
        return int(lines.aggregate(total=Sum("payable_won"))["total"] or 0)

    def loans_made(self, q: DrillQuery) -> Listing:
        return _loans_listing(q, self.kind)

    def subsidy_lines(self, q: DrillQuery) -> Listing:
        return _subsidy_listing(q, self.kind)


BY_PURPOSE = {kind: ByPurpose(kind) for kind in PurposeKind.values}


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
    for purpose, label in PurposeKind.choices:
        by = BY_PURPOSE[purpose]
        figures: tuple[tuple[str, Any, Callable[[Period], Value], Kind, Any, Any], ...] = (
            (
                f"loan_{purpose}_companies",
                format_lazy("{}: {}", label, _("companies")),
                by.companies,
                "count",
                by.loans_made,
                _("Distinct companies with a loan of this purpose made in the period."),
            ),
            (
                f"loan_{purpose}_won",
                format_lazy("{}: {}", label, _("lent")),
                by.won,
                "won",
                by.loans_made,
                _("Principal of the loans of this purpose made in the period."),
            ),
            (
                f"loan_{purpose}_subsidy_paid_won",
                format_lazy("{}: {}", label, _("interest subsidy paid")),
                by.subsidy_paid_won,
                "won",
                by.subsidy_lines,
                _("Subsidy paid on the loans of this purpose, on claims paid in the period."),
            ),
        )
        for key, text, compute, kind_of, drill, definition in figures:
            register_figure(
                ReportFigure(
                    key,
                    text,
                    compute,
                    LOANS,
                    kind_of,
                    drill=drill,
                    definition=definition,
                    on_dashboard=False,
                )
            )
