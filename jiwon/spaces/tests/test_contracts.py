from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.spaces.models import ContractUnit, PriceBasis
from jiwon.spaces.services.contracts import contract_cancel, contract_sign
from jiwon.spaces.tests.factories import SiteFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_it_signs_a_two_year_contract_by_default_with_the_units_prices(officer, unit):
    company = CompanyFactory()
    contract = contract_sign(actor=officer, company=company, units=[unit], start=date(2026, 3, 1))
    assert contract.end == date(2028, 3, 1)
    # Rent per unit 300,000; fee 5,000 won × 20 ㎡.
    assert (contract.rent_won, contract.fee_won, contract.deposit_won) == (
        300_000,
        100_000,
        1_000_000,
    )
    row = SupportLedgerEntry.objects.get(source_type="space_contract", source_id=str(contract.pk))
    assert (row.kind, row.supported_on, row.period_end) == (
        "tenancy",
        date(2026, 3, 1),
        date(2028, 2, 29),
    )


def test_it_refuses_an_overlap_by_one_day_and_allows_the_next_contract_on_the_end_day(
    officer, unit
):
    first = contract_sign(
        actor=officer, company=CompanyFactory(name_ko="가나기업"), units=[unit],
        start=date(2026, 1, 1), end=date(2027, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        contract_sign(
            actor=officer, company=CompanyFactory(), units=[unit],
            start=date(2026, 12, 31), end=date(2027, 6, 1),
        )  # fmt: skip
    assert "가나기업" in exc.value.messages[0] and "2026-12-31" in exc.value.messages[0]
    # The first contract ends at 00:00 of 2027-01-01: the next may start that day.
    second = contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit],
        start=first.end, end=date(2027, 6, 1),
    )  # fmt: skip
    assert second.start == date(2027, 1, 1)


def test_the_database_refuses_an_overlapping_line_the_service_did_not_check(officer, unit):
    contract = contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit],
        start=date(2026, 1, 1), end=date(2027, 1, 1),
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractUnit.objects.create(
            contract=contract, unit=UnitFactory(), start=date(2026, 1, 1), end=date(2026, 2, 1)
        )
        ContractUnit.objects.create(
            contract=contract.__class__.objects.create(
                site=contract.site, company=contract.company, start=date(2026, 6, 1),
                end=date(2026, 7, 1), original_end=date(2026, 7, 1),
            ),
            unit=unit, start=date(2026, 6, 1), end=date(2026, 7, 1),
        )  # fmt: skip


def test_a_cancelled_contract_frees_its_units_and_voids_its_ledger_row(officer, unit):
    contract = contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit], start=date(2026, 12, 1)
    )
    contract_cancel(actor=officer, contract=contract, reason="입주 포기")
    again = contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit], start=date(2026, 12, 1)
    )
    assert again.lines.get().live
    row = SupportLedgerEntry.objects.get(source_type="space_contract", source_id=str(contract.pk))
    assert SupportLedgerEntry.objects.filter(corrects=row).exists()


def test_it_refuses_units_of_two_sites_and_a_founder_under_the_sites_age(officer, unit):
    other = UnitFactory()
    with pytest.raises(ValidationError, match="one site"):
        contract_sign(
            actor=officer, company=CompanyFactory(), units=[unit, other], start=date(2026, 12, 1)
        )
    midcareer = SiteFactory(min_founder_age=40, name_ko="중장년 기술창업센터")
    office = UnitFactory(floor__site=midcareer, rent_basis=PriceBasis.FREE, area_m2=Decimal("9.9"))
    young = CompanyFactory(representative_birth_date=date(1987, 1, 2))
    with pytest.raises(ValidationError, match="40"):
        contract_sign(actor=officer, company=young, units=[office], start=date(2027, 1, 1))
    # 만 40 on the day: born 1987-01-01, contract from 2027-01-01.
    forty = CompanyFactory(representative_birth_date=date(1987, 1, 1))
    assert contract_sign(actor=officer, company=forty, units=[office], start=date(2027, 1, 1))


def test_a_company_member_cannot_sign_a_contract(unit):
    company = CompanyFactory()
    with pytest.raises(PermissionDenied):
        contract_sign(
            actor=member_of(company), company=company, units=[unit],
            start=date.today() + timedelta(days=1),
        )  # fmt: skip
