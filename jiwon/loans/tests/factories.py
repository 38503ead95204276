from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.loans.industries import INDUSTRIES_2017, fund_rule
from jiwon.loans.models import (
    BankMembership,
    FundRound,
    LoanPurpose,
    PartnerBank,
    PurposeKind,
    RepaymentMethod,
)
from jiwon.loans.services.applications import loan_application_submit, recommendation_issue
from jiwon.loans.services.loans import Execution, loan_execute
from jiwon.programs.tests.factories import ProgramFactory, rule_version

EOK = 100_000_000  # 1억원


def bank(code="ibk", name="기업은행"):
    return PartnerBank.objects.get_or_create(code=code, defaults={"name_ko": name})[0]


def bank_user(partner):
    user = UserFactory(role=Role.BANK_USER)
    BankMembership.objects.create(user=user, bank=partner)
    return user


def fund_round(year=2026, volume=1000 * EOK, banks=None, **overrides):
    today = timezone.localdate()
    program = ProgramFactory(fiscal_year=year, series="SMEFUND")
    rule_version(program, fund_rule(INDUSTRIES_2017), effective_from=date(2000, 1, 1))
    values = {
        "year": year,
        "name_ko": f"{year}년 중소기업육성자금",
        "program": program,
        "loan_volume_won": volume,
        "subsidy_budget_won": 20 * EOK,
        "opens_on": today - timedelta(days=60),
        "closes_on": today + timedelta(days=30),
    }
    values.update(overrides)
    fund = FundRound.objects.create(**values)
    fund.banks.set(banks or [bank()])
    LoanPurpose.objects.create(
        fund=fund,
        kind=PurposeKind.WORKING,
        limit_won=6 * EOK,
        term_months=36,
        grace_months=12,
        subsidy_pct=Decimal("1.500"),
    )
    LoanPurpose.objects.create(
        fund=fund,
        kind=PurposeKind.FACILITY,
        limit_won=5 * EOK,
        term_months=60,
        grace_months=24,
        subsidy_pct=Decimal("1.000"),
    )
    return fund


def purpose(fund, kind=PurposeKind.WORKING):
    return fund.purposes.get(kind=kind)


def applied(fund, company, member, amount=3 * EOK, kind=PurposeKind.WORKING, **kwargs):
    values = {
        "actor": member,
        "fund": fund,
        "company": company,
        "purpose": purpose(fund, kind),
        "bank": fund.banks.first(),
        "amount_won": amount,
        "use_of_funds": "원자재 구매",
        "declares_good_standing": True,
    }
    values.update(kwargs)
    return loan_application_submit(**values)


def letter(fund, company, member, amount=3 * EOK, kind=PurposeKind.WORKING, **kwargs):
    application = applied(fund, company, member, amount=amount, kind=kind, **kwargs)
    return recommendation_issue(actor=SYSTEM, application=application)


def executed(letter_, principal=None, on=None, rate="4.500", reference=None, **kwargs):
    values = {
        "bank_reference": reference or f"REF-{letter_.number}",
        "principal_won": principal or letter_.amount_won,
        "executed_on": on or timezone.localdate(),
        "bank_rate_pct": Decimal(rate),
        "term_months": letter_.purpose.term_months,
        "repayment_method": RepaymentMethod.BULLET,
    }
    values.update(kwargs)
    return loan_execute(actor=SYSTEM, letter=letter_, execution=Execution(**values))
