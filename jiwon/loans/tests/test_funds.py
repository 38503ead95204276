"""Fund rounds set up and edited by staff through the service: every value checked with a
message that names it, the records' needs kept (volume, budget, banks, purposes, claim
periods), and a change of subsidy terms on a round with letters or loans dated, so that no
loan made before the day changes its subsidy."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.audit.models import AuditEntry
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.loans.models import FundRound, PastSubsidyTerms, PurposeKind
from jiwon.loans.services.funds import (
    FundInput,
    PurposeInput,
    fund_round_create,
    fund_round_update,
)
from jiwon.loans.subsidy import Terms
from jiwon.loans.tests.factories import EOK, bank, executed, fund_round, letter
from jiwon.programs.tests.factories import ProgramFactory

WORKING = PurposeInput(PurposeKind.WORKING, 6 * EOK, 36, 12, Decimal("1.500"))
FACILITY = PurposeInput(PurposeKind.FACILITY, 5 * EOK, 60, 24, Decimal("1.000"))
GYEONGGI = ((Decimal("0.000"), Decimal("0.300")), (Decimal("7.010"), Decimal("2.000")))


def inputs(fund=None, **overrides):
    values = {
        "year": 2027,
        "name_ko": "2027년 중소기업육성자금",
        "program": fund.program if fund else ProgramFactory(category="finance"),
        "loan_volume_won": 1000 * EOK,
        "subsidy_budget_won": 20 * EOK,
        "opens_on": date(2027, 1, 2),
        "closes_on": date(2027, 12, 15),
        "purposes": [WORKING, FACILITY],
        "banks": [bank()],
    }
    if fund is not None:
        values.update(
            year=fund.year,
            name_ko=fund.name_ko,
            loan_volume_won=fund.loan_volume_won,
            subsidy_budget_won=fund.subsidy_budget_won,
            opens_on=fund.opens_on,
            closes_on=fund.closes_on,
            banks=list(fund.banks.all()),
        )
    values.update(overrides)
    return FundInput(**values)


def test_it_creates_a_round_with_its_purposes_and_table(db, officer):
    scaled = replace(FACILITY, bands=GYEONGGI)
    fund = fund_round_create(actor=officer, data=inputs(purposes=[WORKING, scaled]))
    facility = fund.purposes.get(kind=PurposeKind.FACILITY)
    assert facility.rate_scaled
    assert [(b.from_rate_pct, b.subsidy_pct) for b in facility.bands.all()] == list(GYEONGGI)
    assert AuditEntry.objects.filter(action="loans.fund_round_create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"year": 1999}, "year", "from 2000 to 2100"),
        ({"loan_volume_won": 0}, "loan_volume_won", "more than 0 won"),
        ({"closes_on": date(2027, 1, 1)}, "closes_on", "on or after the day they open"),
        ({"banks": []}, "banks", "at least one partner bank"),
        ({"purposes": []}, "purposes", "at least one loan purpose"),
        ({"purposes": [WORKING, WORKING]}, "purposes", "appears once"),
        ({"purposes": [replace(WORKING, grace_months=36)]}, "working-grace_months", "shorter"),
        (
            {"purposes": [replace(WORKING, subsidy_pct=Decimal("1.2345"))]},
            "working-subsidy_pct",
            "three decimals",
        ),
        (
            {"purposes": [replace(WORKING, bands=tuple(reversed(GYEONGGI)))]},
            "working-bands",
            "rise from row to row",
        ),
        ({"preferred_bonus_pct": Decimal("31")}, "preferred_bonus_pct", "from 0 to 30"),
    ],
)
def test_it_refuses_a_bad_value_with_a_message_naming_it(db, officer, overrides, field, message):
    with pytest.raises(ValidationError) as refused:
        fund_round_create(actor=officer, data=inputs(**overrides))
    assert message in " ".join(refused.value.message_dict[field])
    assert not FundRound.objects.exists()


def test_it_refuses_a_second_round_for_a_year_and_other_roles(db, officer, user_with_role):
    fund_round_create(actor=officer, data=inputs())
    with pytest.raises(ValidationError, match="already a fund round for 2027"):
        fund_round_create(actor=officer, data=inputs())
    with pytest.raises(PermissionDenied):
        fund_round_create(actor=user_with_role(Role.FINANCE_OFFICER), data=inputs(year=2028))


def test_it_replaces_the_terms_of_a_round_nobody_used_yet(db, officer):
    fund = fund_round()
    data = inputs(fund, purposes=[replace(WORKING, subsidy_pct=Decimal("2.000")), FACILITY])
    fund_round_update(actor=officer, fund=fund, data=data)
    working = fund.purposes.get(kind=PurposeKind.WORKING)
    assert working.subsidy_pct == Decimal("2.000") and working.terms_from is None
    assert not PastSubsidyTerms.objects.exists()
    entry = AuditEntry.objects.get(action="loans.fund_round_update")
    assert "purposes" in entry.changes


def test_it_dates_new_terms_on_a_round_with_loans_and_keeps_the_old_for_loans_made_before(
    db, officer, company, member, today, time_machine
):
    fund = fund_round()
    made = executed(letter(fund, company, member, amount=EOK), rate="4.500")
    standing = letter(fund, company, member, amount=EOK, kind=PurposeKind.FACILITY)
    cheaper = inputs(fund, purposes=[replace(WORKING, subsidy_pct=Decimal("1.200")), FACILITY])
    with pytest.raises(ValidationError) as refused:
        fund_round_update(actor=officer, fund=fund, data=cheaper)
    assert "give the day" in refused.value.message_dict["terms_from"][0]
    with pytest.raises(ValidationError, match="today or later"):
        fund_round_update(
            actor=officer, fund=fund, data=cheaper, terms_from=today - timedelta(days=1)
        )
    tomorrow = today + timedelta(days=1)
    fund_round_update(actor=officer, fund=fund, data=cheaper, terms_from=tomorrow)

    working = fund.purposes.get(kind=PurposeKind.WORKING)
    assert (working.subsidy_pct, working.terms_from) == (Decimal("1.200"), tomorrow)
    past = PastSubsidyTerms.objects.get(purpose=working)
    assert (past.valid_from, past.valid_to) == (None, tomorrow)
    assert Terms.from_json(past.terms).flat == Decimal("1.500")
    made.refresh_from_db()
    assert Terms.from_json(made.subsidy_terms).flat == Decimal("1.500")  # unchanged
    # The facility purpose did not change: its standing letter's loan keeps 1.0%p, no date.
    facility = fund.purposes.get(kind=PurposeKind.FACILITY)
    assert facility.terms_from is None
    # A loan made today (reported later) takes the terms before; one made tomorrow, the new.
    today_loan = executed(letter(fund, company, member, amount=EOK), rate="4.500")
    time_machine.move_to(f"{tomorrow.isoformat()}T10:00:00+09:00", tick=False)
    tomorrow_loan = executed(letter(fund, company, member, amount=EOK), rate="4.500")
    assert Terms.from_json(today_loan.subsidy_terms).flat == Decimal("1.500")
    assert Terms.from_json(tomorrow_loan.subsidy_terms).flat == Decimal("1.200")
    assert Terms.from_json(executed(standing).subsidy_terms).flat == Decimal("1.000")


def test_it_dates_a_change_of_the_preferred_bonus_for_every_purpose(
    db, officer, company, member, today
):
    fund = fund_round()
    executed(letter(fund, company, member, amount=EOK))
    data = inputs(fund, preferred_bonus_pct=Decimal("0.700"))
    fund_round_update(actor=officer, fund=fund, data=data, terms_from=today)
    assert PastSubsidyTerms.objects.filter(purpose__fund=fund).count() == 2
    assert {Terms.from_json(p.terms).bonus for p in PastSubsidyTerms.objects.all()} == {
        Decimal("0.500")
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"loan_volume_won": 2 * EOK}, "loan_volume_won", "lent and reserved: 300,000,000 won"),
        ({"banks": "other"}, "banks", "stays a partner bank"),
        ({"purposes": [FACILITY]}, "purposes", "stays offered"),
        ({"year": 2030}, "year", "its year stays"),
    ],
)
def test_it_keeps_what_the_rounds_records_need(
    db, officer, company, member, overrides, field, message
):
    fund = fund_round()
    executed(letter(fund, company, member, amount=EOK))
    letter(fund, company, member, amount=2 * EOK, kind=PurposeKind.FACILITY)
    if overrides.get("banks") == "other":
        overrides["banks"] = [bank("kb", "국민은행")]
    with pytest.raises(ValidationError) as refused:
        fund_round_update(actor=SYSTEM, fund=fund, data=inputs(fund, **overrides))
    assert message in " ".join(refused.value.message_dict[field])
