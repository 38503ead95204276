"""Loans and claims recorded after the fact, in bulk: the demo's history, and records brought
over from the agency's and the banks' spreadsheets when Jiwon takes over a running fund.

The same rules as the day-to-day services hold — the fund's volume, each company's limit per
purpose at the day each loan was made (its running loans and the batch's earlier ones), the
letter's validity, days not in the future — but the days are given, not today's, and each
batch writes one audit entry. Claims are computed by the same engine as the banks' claims
(subsidy.py) and recorded as paid, and the ledger rows follow."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.core.actor import Actor, actor_label, actor_user
from jiwon.core.permissions import has_perm
from jiwon.loans.models import (
    ApplicationStatusChange,
    ClaimStatusChange,
    FundRound,
    Loan,
    LoanApplication,
    LoanEvent,
    LoanPurpose,
    LoanStatusChange,
    PartnerBank,
    Recommendation,
    RecommendationStatusChange,
    SubsidyClaim,
    SubsidyClaimLine,
)
from jiwon.loans.schedule import add_months
from jiwon.loans.selectors import exposure_of, loan_facts, volume_of
from jiwon.loans.services.common import locked_fund, won
from jiwon.loans.services.loans import ledger_sync, subsidy_terms_of
from jiwon.loans.subsidy import accrue
from jiwon.loans.workflow import ApplicationStatus as AS
from jiwon.loans.workflow import ClaimStatus as CS
from jiwon.loans.workflow import LetterStatus as LS
from jiwon.loans.workflow import LoanStatus as LN

SEOUL = ZoneInfo("Asia/Seoul")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), SEOUL)


@dataclass(frozen=True)
class PastLoan:
    """One loan as it happened: applied, recommended, made; its changes and its end. With
    `executed_on` None the letter is still standing (or expired, once past its validity)."""

    company: Company
    purpose: LoanPurpose
    bank: PartnerBank
    amount_won: int
    applied_on: date
    issued_on: date
    executed_on: date | None
    bank_rate_pct: Decimal
    repayment_method: str
    bank_reference: str
    preferred: str = ""
    use_of_funds: str = ""
    # (day, kind, amount repaid, new bank rate)
    events: tuple[tuple[date, str, int, Decimal | None], ...] = ()
    stopped: tuple[date, str] | None = None


@dataclass
class _Numbers:
    applications: int
    letters: int


@transaction.atomic
def loans_bulk_record(
    *, actor: Actor, fund: FundRound, loans: Sequence[PastLoan], label: str, ledger: bool = True
) -> list[Loan]:
    """Record past applications, letters and loans of `fund` in the order given (by day).
    `ledger=False` leaves the loans' ledger rows to `claims_bulk_record`, which writes each
    once with the subsidy paid (no row written first and adjusted at once)."""
    if not has_perm(actor, "loans.manage"):
        raise PermissionDenied("loans.manage")
    fund = locked_fund(fund)
    today = timezone.localdate()
    user, by = actor_user(actor), actor_label(actor)
    volume = volume_of(fund)
    taken = volume.reserved_won + volume.executed_won
    numbers = _Numbers(fund.applications.count(), fund.letters.count())
    batch_exposure: dict[tuple[int, str], list[PastLoan]] = defaultdict(list)
    made: list[Loan] = []
    for past in sorted(loans, key=lambda p: (p.executed_on or p.issued_on, p.bank_reference)):
        last_valid = past.issued_on + timedelta(days=fund.letter_valid_days)
        used = past.executed_on is not None
        if past.executed_on is not None and not (
            past.issued_on <= past.executed_on <= min(last_valid, today)
        ):
            raise ValidationError(f"{past.bank_reference}: made outside the letter's validity")
        if past.applied_on > past.issued_on or past.issued_on > today:
            raise ValidationError(f"{past.bank_reference}: days out of order")
        standing = not used and last_valid >= today
        if used or standing:
            day = past.executed_on or today
            key = (past.company.pk, past.purpose.kind)
            earlier = sum(
                p.amount_won
                for p in batch_exposure[key]
                if p.executed_on is None or _running(p, day)
            )
            exposure = exposure_of(past.company.pk, past.purpose.kind, day).total_won
            if exposure + earlier + past.amount_won > past.purpose.limit_won:
                raise ValidationError(
                    f"{past.bank_reference}: over the limit of {won(past.purpose.limit_won)} won"
                )
            batch_exposure[key].append(past)
            taken += past.amount_won
            if taken > fund.loan_volume_won:
                raise ValidationError(f"{past.bank_reference}: over the fund's volume")
        made_loan = _record_one(fund, past, numbers, user, by, today, last_valid)
        if made_loan is not None:
            made.append(made_loan)
    if ledger:
        for loan in made:
            ledger_sync(actor=actor, loan=loan)
    audit_record(
        actor=actor,
        action="loans.loans_bulk_record",
        obj=fund,
        changes={
            "label": [None, label],
            "letters": [None, len(loans)],
            "loans": [None, len(made)],
            "principal_won": [None, sum(loan.principal_won for loan in made)],
        },
    )
    return made


def _running(past: PastLoan, day: date) -> bool:
    assert past.executed_on is not None
    ends = (
        past.stopped[0] if past.stopped else add_months(past.executed_on, past.purpose.term_months)
    )
    return past.executed_on <= day < ends


def _record_one(
    fund: FundRound,
    past: PastLoan,
    numbers: _Numbers,
    user,
    by: str,
    today: date,
    last_valid: date,
) -> Loan | None:
    numbers.applications += 1
    numbers.letters += 1
    application = LoanApplication.objects.create(
        number=f"L{fund.year}-{numbers.applications:05d}",
        fund=fund,
        company=past.company,
        purpose=past.purpose,
        bank=past.bank,
        amount_won=past.amount_won,
        preferred=past.preferred,
        use_of_funds=past.use_of_funds or "운영자금",
        declares_good_standing=True,
        status=AS.RECOMMENDED,
        workflow_version=LoanApplication.workflows.current.version,
        submitted_by=None,
        submitted_at=_at(past.applied_on),
    )
    ApplicationStatusChange.objects.bulk_create(
        [
            ApplicationStatusChange(
                application=application,
                source="",
                target=AS.SUBMITTED,
                actor_label=by,
                at=_at(past.applied_on),
            ),
            ApplicationStatusChange(
                application=application,
                source=AS.SUBMITTED,
                target=AS.RECOMMENDED,
                actor=user,
                actor_label=by,
                at=_at(past.issued_on, 14),
            ),
        ]
    )
    if past.executed_on is not None:
        status, released = LS.EXECUTED, past.executed_on
    elif last_valid < today:
        status, released = LS.EXPIRED, last_valid + timedelta(days=1)
    else:
        status, released = LS.ISSUED, None
    letter = Recommendation.objects.create(
        number=f"{fund.year}-{numbers.letters:04d}",
        application=application,
        fund=fund,
        company=past.company,
        purpose=past.purpose,
        bank=past.bank,
        amount_won=past.amount_won,
        issued_on=past.issued_on,
        valid_until=last_valid,
        issued_by=user,
        status=status,
        workflow_version=Recommendation.workflows.current.version,
        released_on=released,
    )
    changes = [
        RecommendationStatusChange(
            recommendation=letter,
            source="",
            target=LS.ISSUED,
            actor=user,
            actor_label=by,
            at=_at(past.issued_on, 14),
        )
    ]
    if status != LS.ISSUED:
        changes.append(
            RecommendationStatusChange(
                recommendation=letter,
                source=LS.ISSUED,
                target=status,
                actor_label=by,
                at=_at(released),  # type: ignore[arg-type]
            )
        )
    RecommendationStatusChange.objects.bulk_create(changes)
    if past.executed_on is None:
        return None
    stop = past.stopped if past.stopped is not None and past.stopped[0] <= today else None
    ended = stop is not None
    loan = Loan.objects.create(
        recommendation=letter,
        fund=fund,
        company=past.company,
        purpose=past.purpose,
        bank=past.bank,
        bank_reference=past.bank_reference,
        principal_won=past.amount_won,
        executed_on=past.executed_on,
        bank_rate_pct=past.bank_rate_pct,
        term_months=past.purpose.term_months,
        grace_months=past.purpose.grace_months,
        matures_on=add_months(past.executed_on, past.purpose.term_months),
        repayment_method=past.repayment_method,
        preferred=bool(past.preferred),
        subsidy_terms=subsidy_terms_of(letter, past.executed_on).to_json(),
        status=LN.ENDED if ended else LN.ACTIVE,
        workflow_version=Loan.workflows.current.version,
        stopped_on=stop[0] if stop else None,
        stop_reason=stop[1] if stop else "",
        reported_by=user,
        reported_at=_at(past.executed_on, 16),
    )
    history = [
        LoanStatusChange(
            loan=loan, source="", target=LN.ACTIVE, actor_label=by, at=_at(past.executed_on, 16)
        )
    ]
    if stop:
        history.append(
            LoanStatusChange(
                loan=loan, source=LN.ACTIVE, target=LN.ENDED, actor_label=by, at=_at(stop[0])
            )
        )
    LoanStatusChange.objects.bulk_create(history)
    LoanEvent.objects.bulk_create(
        [
            LoanEvent(
                loan=loan,
                on=on,
                kind=kind,
                amount_won=amount,
                bank_rate_pct=rate,
                recorded_by=user,
                recorded_at=_at(on, 17),
            )
            for on, kind, amount, rate in past.events
            if on <= today
        ]
    )
    return loan


@transaction.atomic
def claims_bulk_record(
    *,
    actor: Actor,
    fund: FundRound,
    periods: Sequence[tuple[date, date]],
    paid_after_days: int,
    differences: dict[tuple[int, date], int] | None = None,
) -> int:
    """Record each bank's paid claims for `periods` (each over before today): one line per
    loan that ran in the period, the bank's claim being Jiwon's figure plus `differences`
    {(loan id, period start): won} (the finance officer paid Jiwon's figure), the interest
    charged the bank's rate on the same balances; then every loan's ledger row holds its
    subsidy paid. Returns the number of lines."""
    if not has_perm(actor, "loans.approve_payment"):
        raise PermissionDenied("loans.approve_payment")
    differences = differences or {}
    today = timezone.localdate()
    user, by = actor_user(actor), actor_label(actor)
    loans = list(fund.loans.select_related("bank").prefetch_related("events"))
    facts = {loan.pk: loan_facts(loan, list(loan.events.all())) for loan in loans}
    count = SubsidyClaim.objects.count()
    lines: list[SubsidyClaimLine] = []
    history: list[ClaimStatusChange] = []
    banks = sorted({loan.bank for loan in loans}, key=lambda b: b.code)
    for start, end in periods:
        paid_on = end + timedelta(days=paid_after_days)
        if paid_on > today:
            raise ValidationError(f"{start}: not paid yet")
        for bank in banks:
            rows = []
            for loan in loans:
                if loan.bank_id != bank.pk:
                    continue
                accrual = accrue(facts[loan.pk], start, end)
                if accrual.days == 0:
                    continue
                computed = accrual.subsidy_won(fund.rounding)
                interest = accrual.interest_won(fund.rounding)
                claimed = computed + differences.get((loan.pk, start), 0)
                rows.append((loan, computed, interest, claimed))
            if not rows:
                continue
            count += 1
            claim = SubsidyClaim.objects.create(
                number=f"{bank.code}-{start:%Y%m}-{count:05d}",
                fund=fund,
                bank=bank,
                period_start=start,
                period_end=end,
                status=CS.PAID,
                workflow_version=SubsidyClaim.workflows.current.version,
                rounding=fund.rounding,
                submitted_at=_at(end + timedelta(days=3)),
                approved_by=user,
                paid_on=paid_on,
            )
            for source, target, day in (
                ("", CS.SUBMITTED, end + timedelta(days=3)),
                (CS.SUBMITTED, CS.APPROVED, paid_on - timedelta(days=2)),
                (CS.APPROVED, CS.PAID, paid_on),
            ):
                history.append(
                    ClaimStatusChange(
                        claim=claim, source=source, target=target, actor_label=by, at=_at(day)
                    )
                )
            for loan, computed, interest, claimed in rows:
                lines.append(
                    SubsidyClaimLine(
                        claim=claim,
                        loan=loan,
                        claimed_won=claimed,
                        interest_charged_won=interest,
                        computed_won=computed,
                        payable_won=min(computed, interest),
                    )
                )
    SubsidyClaimLine.objects.bulk_create(lines, batch_size=1000)
    ClaimStatusChange.objects.bulk_create(history, batch_size=1000)
    for loan in loans:
        ledger_sync(actor=actor, loan=loan)
    audit_record(
        actor=actor,
        action="loans.claims_bulk_record",
        obj=fund,
        changes={"periods": [None, len(periods)], "lines": [None, len(lines)]},
    )
    return len(lines)
