"""Fund rounds and partner banks as the agency sets them up: a round with its purposes (and a
rate-scaled table where the purpose has one), the banks and the users who work for them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiwon.audit.services import audit_record
from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.loans.models import (
    BankMembership,
    FundRound,
    LoanPurpose,
    PartnerBank,
    SubsidyBand,
)
from jiwon.programs.models import Program


def _require(actor: Actor) -> None:
    if not has_perm(actor, "loans.manage"):
        raise PermissionDenied("loans.manage")


@transaction.atomic
def partner_bank_ensure(*, actor: Actor, code: str, name_ko: str, name_en: str = "") -> PartnerBank:
    """The bank with `code`, created if missing (an existing bank is left as it is)."""
    _require(actor)
    bank, created = PartnerBank.objects.get_or_create(
        code=code, defaults={"name_ko": name_ko, "name_en": name_en}
    )
    if created:
        audit_record(
            actor=actor,
            action="loans.partner_bank_ensure",
            obj=bank,
            changes={"code": [None, code], "name_ko": [None, name_ko]},
        )
    return bank


@transaction.atomic
def bank_member_add(*, actor: Actor, bank: PartnerBank, user: Any) -> BankMembership:
    """Link a user of the partner-bank role to `bank` (a user works for one bank)."""
    _require(actor)
    if not has_perm(user, "loans.bank_report"):
        raise ValidationError(_("Only a partner bank user can work for a bank."))
    membership, created = BankMembership.objects.get_or_create(user=user, defaults={"bank": bank})
    if not created and membership.bank_id != bank.pk:
        raise ValidationError(_("This user already works for another bank."))
    if created:
        audit_record(
            actor=actor,
            action="loans.bank_member_add",
            obj=membership,
            changes={"bank": [None, bank.code], "user": [None, user.pk]},
        )
    return membership


@dataclass(frozen=True)
class PurposeInput:
    kind: str
    limit_won: int
    term_months: int
    grace_months: int
    subsidy_pct: Decimal
    # (from bank rate, subsidy) rows: the purpose's subsidy then scales with the bank's rate.
    bands: tuple[tuple[Decimal, Decimal], ...] = ()


@dataclass(frozen=True)
class FundInput:
    year: int
    name_ko: str
    program: Program
    loan_volume_won: int
    subsidy_budget_won: int
    opens_on: date
    closes_on: date
    purposes: Sequence[PurposeInput]
    banks: Sequence[PartnerBank]
    name_en: str = ""
    letter_valid_days: int = 60
    preferred_bonus_pct: Decimal = Decimal("0.500")
    payment_frequency: str = "quarterly"
    rounding: str = "down"


@transaction.atomic
def fund_round_create(*, actor: Actor, data: FundInput) -> FundRound:
    _require(actor)
    if FundRound.objects.filter(year=data.year).exists():
        raise ValidationError(
            _("There is already a fund round for %(year)s.") % {"year": data.year}
        )
    if not data.purposes:
        raise ValidationError(_("A fund round has at least one loan purpose."))
    fund = FundRound(
        year=data.year,
        name_ko=data.name_ko,
        name_en=data.name_en,
        program=data.program,
        loan_volume_won=data.loan_volume_won,
        subsidy_budget_won=data.subsidy_budget_won,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        letter_valid_days=data.letter_valid_days,
        preferred_bonus_pct=data.preferred_bonus_pct,
        payment_frequency=data.payment_frequency,
        rounding=data.rounding,
    )
    fund.full_clean(exclude=["program"])
    fund.save()
    fund.banks.set(data.banks)
    for p in data.purposes:
        purpose = LoanPurpose(
            fund=fund,
            kind=p.kind,
            limit_won=p.limit_won,
            term_months=p.term_months,
            grace_months=p.grace_months,
            subsidy_pct=p.subsidy_pct,
            rate_scaled=bool(p.bands),
        )
        purpose.full_clean(exclude=["fund"])
        purpose.save()
        SubsidyBand.objects.bulk_create(
            [SubsidyBand(purpose=purpose, from_rate_pct=a, subsidy_pct=b) for a, b in p.bands]
        )
    audit_record(
        actor=actor,
        action="loans.fund_round_create",
        obj=fund,
        changes={
            "year": [None, data.year],
            "loan_volume_won": [None, data.loan_volume_won],
            "subsidy_budget_won": [None, data.subsidy_budget_won],
            "purposes": [None, [(p.kind, p.limit_won, str(p.subsidy_pct)) for p in data.purposes]],
        },
    )
    return fund
