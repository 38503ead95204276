"""Reads of the loans app: the fund's volume, a company's exposure per purpose, a loan's
outstanding balance and its facts for the subsidy engine, the lists the pages show."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum

from jiwon.loans.models import (
    EventKind,
    FundRound,
    Loan,
    LoanApplication,
    LoanEvent,
    LoanPurpose,
    PartnerBank,
    Recommendation,
    SubsidyClaim,
    SubsidyClaimLine,
)
from jiwon.loans.schedule import Instalment, repayment_schedule
from jiwon.loans.subsidy import Change, LoanFacts, Terms
from jiwon.loans.workflow import ClaimStatus, LetterStatus, LoanStatus

REPAYMENTS = (EventKind.REPAYMENT, EventKind.PREPAYMENT)


def _sum(qs: QuerySet[Any], field: str) -> int:
    return int(qs.aggregate(total=Sum(field))["total"] or 0)


@dataclass(frozen=True)
class Volume:
    """A fund round's loan volume: reserved by standing letters, lent by executed loans, and
    what remains for new letters."""

    volume_won: int
    reserved_won: int
    executed_won: int
    outstanding_won: int

    @property
    def remaining_won(self) -> int:
        return self.volume_won - self.reserved_won - self.executed_won


def volume_of(fund: FundRound, on: date | None = None) -> Volume:
    """The figures on day `on` (None: after everything recorded). Outstanding counts the
    running loans only: an ended loan (repaid, defaulted, closed) no longer draws a subsidy."""
    loans = Loan.objects.filter(fund=fund)
    running = loans.filter(status=LoanStatus.ACTIVE)
    repaid = LoanEvent.objects.filter(loan__in=running, kind__in=REPAYMENTS)
    if on is not None:
        repaid = repaid.filter(on__lte=on)
    return Volume(
        volume_won=fund.loan_volume_won,
        reserved_won=_sum(fund.letters.filter(status=LetterStatus.ISSUED), "amount_won"),
        executed_won=_sum(loans, "principal_won"),
        outstanding_won=_sum(running, "principal_won") - _sum(repaid, "amount_won"),
    )


def repaid_until(loan: Loan, on: date | None) -> int:
    qs = loan.events.filter(kind__in=REPAYMENTS)
    if on is not None:
        qs = qs.filter(on__lte=on)
    return _sum(qs, "amount_won")


def outstanding(loan: Loan, on: date | None = None) -> int:
    """The balance on day `on` (None: after every recorded repayment)."""
    return loan.principal_won - repaid_until(loan, on)


@dataclass(frozen=True)
class Exposure:
    """What counts against a company's limit for one purpose."""

    loans_won: int
    letters_won: int

    @property
    def total_won(self) -> int:
        return self.loans_won + self.letters_won


def exposure_of(
    company_id: int,
    kind: str,
    on: date,
    *,
    exclude_letter: Recommendation | None = None,
) -> Exposure:
    """The outstanding balance on `on` of the company's running loans of purpose `kind` (in
    every fund round) and the letters of that purpose still standing (reserved)."""
    loans = Loan.objects.filter(company_id=company_id, purpose__kind=kind, status=LoanStatus.ACTIVE)
    if exclude_letter is not None:
        loans = loans.exclude(recommendation=exclude_letter)
    letters = Recommendation.objects.filter(
        company_id=company_id, purpose__kind=kind, status=LetterStatus.ISSUED
    )
    if exclude_letter is not None:
        letters = letters.exclude(pk=exclude_letter.pk)
    principal = _sum(loans, "principal_won")
    repaid = _sum(
        LoanEvent.objects.filter(loan__in=loans, kind__in=REPAYMENTS, on__lte=on), "amount_won"
    )
    return Exposure(loans_won=principal - repaid, letters_won=_sum(letters, "amount_won"))


def loan_facts(loan: Loan, events: list[LoanEvent] | None = None) -> LoanFacts:
    """The loan as the subsidy engine reads it."""
    if events is None:
        events = list(loan.events.all())
    ends = loan.matures_on
    if loan.stopped_on is not None and loan.stopped_on < ends:
        ends = loan.stopped_on
    return LoanFacts(
        principal=loan.principal_won,
        made_on=loan.executed_on,
        ends_on=ends,
        bank_rate=loan.bank_rate_pct,
        terms=Terms.from_json(loan.subsidy_terms),
        changes=[
            Change(on=e.on, repaid=e.amount_won, rate=e.bank_rate_pct)
            for e in sorted(events, key=lambda e: (e.on, e.pk))
        ],
    )


def purpose_terms_on(purpose: LoanPurpose, on: date | None = None) -> Terms:
    """The purpose's subsidy terms for a loan made on `on` (None: the terms in force now), with
    the fund's preferred bonus of that time as `bonus` (the loan adds it only when the company
    is a preferred one): the current terms from `terms_from` on, a dated PastSubsidyTerms row
    before it."""
    if on is not None and purpose.terms_from is not None and on < purpose.terms_from:
        past = (
            purpose.past_terms.filter(valid_to__gt=on)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
            .order_by("valid_to")
            .first()
        )
        if past is not None:
            return Terms.from_json(past.terms)
    bonus = purpose.fund.preferred_bonus_pct
    if purpose.rate_scaled:
        bands = tuple((b.from_rate_pct, b.subsidy_pct) for b in purpose.bands.all())
        return Terms(bands=bands, bonus=bonus)
    return Terms(flat=purpose.subsidy_pct, bonus=bonus)


def schedule_of(loan: Loan) -> list[Instalment]:
    """The loan's repayment schedule, generated from its execution report (schedule.py)."""
    return repayment_schedule(
        principal_won=loan.principal_won,
        made_on=loan.executed_on,
        term_months=loan.term_months,
        grace_months=loan.grace_months,
        method=loan.repayment_method,
        bank_rate_pct=loan.bank_rate_pct,
    )


def funds() -> QuerySet[FundRound]:
    return FundRound.objects.select_related("program").order_by("-year")


def open_fund(day: date) -> FundRound | None:
    """The fund round taking applications on `day`."""
    return FundRound.objects.filter(opens_on__lte=day, closes_on__gte=day).order_by("-year").first()


def applications_of_user(user: Any) -> QuerySet[LoanApplication]:
    return (
        LoanApplication.objects.filter(company__memberships__user_id=user.pk)
        .select_related("fund", "company", "purpose", "bank")
        .order_by("-submitted_at", "-id")
    )


def applications_to_review(fund: FundRound, status: str = "") -> QuerySet[LoanApplication]:
    qs = fund.applications.select_related("company", "purpose", "bank")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("submitted_at", "id")


def bank_of(user: Any) -> PartnerBank | None:
    """The partner bank `user` works for, if any."""
    membership = getattr(user, "bank_membership", None) if user.is_authenticated else None
    return membership.bank if membership is not None else None


def loans_of_bank(bank: PartnerBank) -> QuerySet[Loan]:
    return bank.loans.select_related("company", "purpose", "fund", "recommendation")


def letters_of_bank(bank: PartnerBank) -> QuerySet[Recommendation]:
    return bank.letters.select_related("company", "purpose", "fund")


def claim_totals(claim: SubsidyClaim) -> dict[str, int]:
    lines = SubsidyClaimLine.objects.filter(claim=claim)
    return {
        "claimed_won": _sum(lines, "claimed_won"),
        "computed_won": _sum(lines, "computed_won"),
        "payable_won": _sum(lines, "payable_won"),
        "interest_charged_won": _sum(lines, "interest_charged_won"),
    }


def subsidy_paid(fund: FundRound, loan: Loan | None = None) -> int:
    lines = SubsidyClaimLine.objects.filter(claim__fund=fund, claim__status=ClaimStatus.PAID)
    if loan is not None:
        lines = lines.filter(loan=loan)
    return _sum(lines, "payable_won")


@dataclass(frozen=True)
class SubsidyBudget:
    """The subsidy budget: paid, approved and not yet paid (committed), and the projection to
    the end of the year `on` falls in (every loan's subsidy for that year on its recorded
    balances, as if nothing more were repaid), against the budget."""

    budget_won: int
    paid_won: int
    committed_won: int
    projected_won: int

    @property
    def left_won(self) -> int:
        return self.budget_won - self.paid_won - self.committed_won


def subsidy_budget_of(fund: FundRound, on: date) -> SubsidyBudget:
    from jiwon.loans.subsidy import accrue

    approved = SubsidyClaimLine.objects.filter(claim__fund=fund, claim__status=ClaimStatus.APPROVED)
    year = (date(on.year, 1, 1), date(on.year + 1, 1, 1))
    loans = list(fund.loans.prefetch_related("events"))
    projected = sum(
        accrue(loan_facts(loan, list(loan.events.all())), *year).subsidy_won(fund.rounding)
        for loan in loans
    )
    return SubsidyBudget(
        budget_won=fund.subsidy_budget_won,
        paid_won=subsidy_paid(fund),
        committed_won=_sum(approved, "payable_won"),
        projected_won=projected,
    )


def claims_for_finance(status: str = "") -> QuerySet[SubsidyClaim]:
    qs = SubsidyClaim.objects.select_related("fund", "bank")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-period_start", "bank__name_ko", "-id")


def loans_of_fund(fund: FundRound) -> QuerySet[Loan]:
    return fund.loans.select_related("company", "purpose", "bank", "recommendation")
