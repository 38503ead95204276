"""The settlement statement worked by hand, at the won."""

from jiwon.grants.models import ExpenseCategory as C
from jiwon.grants.models import FundSource as F
from jiwon.grants.statement import compute_statement
from jiwon.grants.tests.factories import BUDGET

ACCEPTED = {
    (C.PERSONNEL, F.CITY): 28_500_000,
    (C.PERSONNEL, F.PROVINCE): 10_000_000,
    (C.PERSONNEL, F.OWN_CASH): 5_000_000,
    (C.MATERIALS, F.CITY): 15_000_000,
    (C.MATERIALS, F.NATIONAL): 4_999_995,
}


def _statement(**overrides):
    values = {
        "budget": BUDGET,
        "spent": ACCEPTED,
        "accepted": ACCEPTED,
        # 42,000,000 (70%) + 17,999,990 (paid 10 won less than asked).
        "paid_won": 59_999_990,
        "interest_won": 12_345,
        "return_interest": True,
        "uncollected_under_won": 10,
    }
    values.update(overrides)
    return compute_statement(**values)


def test_a_multi_source_settlement_with_interest_matches_the_hand_worked_figures():
    statement = _statement()
    by_source = {s.source: s for s in statement.sources}
    # Paid, split over the budget 45M : 10M : 5M = 3/4, 1/6, 1/12 of 59,999,990:
    # 44,999,992.5 / 9,999,998.33 / 4,999,999.17 → floors 44,999,992 + 9,999,998 + 4,999,999
    # = 59,999,989; the one won left goes to the largest remainder (city, .5).
    assert [by_source[s].paid for s in (F.CITY, F.PROVINCE, F.NATIONAL)] == [
        44_999_993,
        9_999_998,
        4_999_999,
    ]
    # Unspent = paid − accepted: city 44,999,993 − 43,500,000; province 9,999,998 − 10,000,000
    # is below 0, so nothing (2 won owed to the company); national 4,999,999 − 4,999,995.
    assert by_source[F.CITY].unspent == 1_499_993
    assert by_source[F.PROVINCE].unspent == 0
    assert by_source[F.PROVINCE].owed_to_company == 2
    assert by_source[F.NATIONAL].unspent == 4
    # Interest 12,345 pro rata to paid: 9,258.75 / 2,057.50 / 1,028.75 → floors 9,258 + 2,057
    # + 1,028 = 12,343; two won to the largest remainders (city .7501, national .7499).
    assert [by_source[s].interest for s in (F.CITY, F.PROVINCE, F.NATIONAL)] == [
        9_259,
        2_057,
        1_029,
    ]
    assert [by_source[s].collected for s in (F.CITY, F.PROVINCE, F.NATIONAL)] == [
        1_509_252,
        2_057,
        1_033,
    ]
    assert statement.return_won == 1_512_342
    assert statement.return_principal_won == 1_499_997
    assert statement.return_interest_won == 12_345
    # The own contribution is shown, never returned.
    assert by_source[F.OWN_CASH].accepted == 5_000_000
    assert by_source[F.OWN_CASH].collected == 0


def test_a_source_owing_under_ten_won_is_not_collected_where_the_programme_says_so():
    statement = _statement(return_interest=False)
    national = next(s for s in statement.sources if s.source == F.NATIONAL)
    assert (national.due, national.collected) == (4, 0)
    assert statement.return_won == 1_499_993


def test_ten_won_is_collected_and_a_programme_without_the_threshold_collects_every_won():
    ten = _statement(
        return_interest=False, accepted={**ACCEPTED, (C.MATERIALS, F.NATIONAL): 4_999_989}
    )
    national = next(s for s in ten.sources if s.source == F.NATIONAL)
    assert national.collected == 10
    every = _statement(return_interest=False, uncollected_under_won=0)
    assert next(s for s in every.sources if s.source == F.NATIONAL).collected == 4


def test_the_statement_survives_its_json_round_trip():
    statement = _statement()
    from jiwon.grants.statement import Statement

    again = Statement.from_json(statement.as_json())
    assert again == statement
    assert again.return_won == 1_512_342
