from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role
from jiwon.spaces.models import Charge
from jiwon.spaces.selectors import arrears
from jiwon.spaces.services.billing import charge_pay, charges_issue
from jiwon.spaces.services.contracts import contract_sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(db):
    return UserFactory(role=Role.FINANCE_OFFICER)


def test_charges_prorate_the_first_and_last_month_and_clamp_the_billing_day(officer, finance, unit):
    # Rent 300,000 + fee 100,000 a month; from 2027-01-21 to 00:00 of 2027-03-11; billed the 31st.
    contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit], start=date(2027, 1, 21),
        end=date(2027, 3, 11), billing_day=31,
    )  # fmt: skip
    for month in (date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 1)):
        charges_issue(actor=finance, month=month)
    charges_issue(actor=finance, month=date(2027, 2, 1))  # twice: nothing more
    rows = [
        (c.month.month, c.rent_won, c.fee_won, c.total_won, c.due_on)
        for c in Charge.objects.order_by("month")
    ]
    assert rows == [
        # 11 of 31 days: 300,000 × 11 / 31 = 106,451.6 → 106,451; 100,000 × 11 / 31 → 35,483.
        (1, 106_451, 35_483, 141_934, date(2027, 1, 31)),
        (2, 300_000, 100_000, 400_000, date(2027, 2, 28)),
        # 10 of 31 days.
        (3, 96_774, 32_258, 129_032, date(2027, 3, 31)),
    ]


def test_payments_clear_arrears_and_never_exceed_the_charge(officer, finance, unit):
    contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit], start=date(2026, 9, 1),
        billing_day=10,
    )  # fmt: skip
    charges_issue(actor=finance, month=date(2026, 10, 1))
    charge = Charge.objects.get()
    assert list(arrears(date(2026, 10, 10))) == []
    assert list(arrears(date(2026, 10, 11))) == [charge]
    with pytest.raises(ValidationError, match="400,000"):
        charge_pay(actor=finance, charge=charge, paid_won=400_001, paid_on=date(2026, 10, 12))
    charge_pay(actor=finance, charge=charge, paid_won=399_999, paid_on=date(2026, 10, 12))
    assert [c.outstanding_won for c in arrears(date(2026, 10, 13))] == [1]
    charge_pay(actor=finance, charge=charge, paid_won=1, paid_on=date(2026, 10, 13))
    assert list(arrears(date(2026, 10, 14))) == []
