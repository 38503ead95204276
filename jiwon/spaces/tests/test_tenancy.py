from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.spaces.models import Outcome
from jiwon.spaces.selectors import free_units
from jiwon.spaces.services.contracts import (
    contract_extend,
    contract_graduate,
    contract_move_in,
    contract_move_out,
    contract_sign,
    deposit_return,
    tenant_evaluation_record,
)
from jiwon.spaces.tests.factories import SiteFactory, UnitFactory
from jiwon.spaces.workflow import ContractStatus

pytestmark = pytest.mark.django_db
D = Decimal


def sheets(*totals):
    """Sheets whose four criteria add up to each total (growth takes what the rest leave)."""
    return [
        (str(i), {"growth": D(t) - 50, "sales": D(25), "jobs": D(18), "participation": D(7)})
        for i, t in enumerate(totals)
    ]


@pytest.fixture
def contract(officer, unit):
    return contract_sign(
        actor=officer, company=CompanyFactory(), units=[unit], start=date(2025, 3, 1)
    )


def moved_in(officer, contract):
    return contract_move_in(
        actor=officer, contract=contract, moved_in_on=date(2025, 3, 3),
        agreement_signed_on=date(2025, 2, 20), deposit_received_on=date(2025, 2, 25),
        keys_issued=2, cards_issued=3,
    )  # fmt: skip


def test_move_in_needs_the_agreement_and_the_deposit(officer, contract):
    with pytest.raises(ValidationError) as exc:
        contract_move_in(
            actor=officer, contract=contract, moved_in_on=date(2025, 3, 3),
            agreement_signed_on=None, deposit_received_on=None, keys_issued=1, cards_issued=1,
        )  # fmt: skip
    assert len(exc.value.messages) == 2 and "1,000,000" in exc.value.messages[1]
    done = moved_in(officer, contract)
    assert (done.status, done.moved_in_on) == (ContractStatus.OCCUPIED, date(2025, 3, 3))


def test_the_extension_needs_an_evaluation_at_the_threshold_and_only_once(officer, contract):
    moved_in(officer, contract)
    with pytest.raises(ValidationError, match="Evaluate"):
        contract_extend(actor=officer, contract=contract)
    # Five evaluators: 90 and 50 are dropped, the mean of 69, 70, 70.99 is 69.997 → 70.00.
    low = tenant_evaluation_record(
        actor=officer, contract=contract, held_on=date(2026, 12, 1),
        sheets=sheets(90, 50, 69, 70, D("70.99")),
    )  # fmt: skip
    assert (low.score, low.passed) == (D("70.00"), True)
    failing = tenant_evaluation_record(
        actor=officer, contract=contract, held_on=date(2026, 12, 2),
        sheets=sheets(90, 50, 69, 70, D("70.97")),
    )  # fmt: skip
    assert (failing.score, failing.passed) == (D("69.99"), False)
    with pytest.raises(ValidationError, match="69.99"):
        contract_extend(actor=officer, contract=contract)
    tenant_evaluation_record(
        actor=officer, contract=contract, held_on=date(2026, 12, 3), sheets=sheets(80, 80, 80)
    )
    extended = contract_extend(actor=officer, contract=contract)
    assert (extended.end, extended.extensions, extended.outcome) == (
        date(2028, 3, 1), 1, Outcome.EXTEND,
    )  # fmt: skip
    row = SupportLedgerEntry.objects.get(source_type="space_contract", source_id=str(contract.pk))
    assert row.period_end == date(2028, 2, 29)
    with pytest.raises(ValidationError, match="1 extension"):
        contract_extend(actor=officer, contract=contract)


def test_the_extension_is_refused_when_the_unit_is_let_after_the_term(officer, contract, unit):
    moved_in(officer, contract)
    contract_sign(actor=officer, company=CompanyFactory(name_ko="다음기업"), units=[unit],
                  start=date(2027, 3, 1))  # fmt: skip
    tenant_evaluation_record(
        actor=officer, contract=contract, held_on=date(2026, 12, 3), sheets=sheets(80, 80, 80)
    )
    with pytest.raises(ValidationError, match="다음기업"):
        contract_extend(actor=officer, contract=contract)


def test_an_early_move_out_frees_the_unit_and_the_deposit_returns_less_the_deduction(
    officer, contract, unit
):
    moved_in(officer, contract)
    with pytest.raises(ValidationError, match="1 of 2 keys"):
        contract_move_out(
            actor=officer, contract=contract, moved_out_on=date(2026, 1, 10), keys_returned=1,
            cards_returned=3, outcome=Outcome.END,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="reason"):
        contract_move_out(
            actor=officer, contract=contract, moved_out_on=date(2026, 1, 10), keys_returned=2,
            cards_returned=3, outcome=Outcome.END, deduction_won=150_000,
        )  # fmt: skip
    out = contract_move_out(
        actor=officer, contract=contract, moved_out_on=date(2026, 1, 10), keys_returned=2,
        cards_returned=3, outcome=Outcome.END, deduction_won=150_000,
        deduction_reason="벽면 도색",
    )  # fmt: skip
    assert out.end == date(2026, 1, 10)
    assert unit in free_units(date(2026, 1, 10), date(2026, 2, 1))
    assert unit not in free_units(date(2026, 1, 9), date(2026, 1, 10))
    returned = deposit_return(
        actor=UserFactory(role=Role.FINANCE_OFFICER), contract=out, returned_on=date(2026, 1, 20)
    )
    assert returned.deposit_returned_won == 850_000


def test_graduation_moves_the_company_up_the_ladder_and_holds_the_deposit(officer, contract):
    moved_in(officer, contract)
    growth = SiteFactory(name_ko="성장센터")
    office = UnitFactory(floor__site=growth)
    following = contract_graduate(
        actor=officer, contract=contract, units=[office], start=date(2026, 9, 1)
    )
    contract.refresh_from_db()
    assert contract.next_contract == following and following.site == growth
    out = contract_move_out(
        actor=officer, contract=contract, moved_out_on=date(2026, 9, 1), keys_returned=2,
        cards_returned=3, outcome=Outcome.GRADUATE,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="성장센터"):
        deposit_return(
            actor=UserFactory(role=Role.FINANCE_OFFICER), contract=out, returned_on=date(2026, 9, 5)
        )
