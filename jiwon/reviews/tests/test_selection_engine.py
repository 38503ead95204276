from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from jiwon.reviews.engine.aggregation import (
    AggregationConfig,
    Criterion,
    Entry,
    Sheet,
    aggregate,
    config_from_json,
    config_to_json,
)

D = Decimal
KST = ZoneInfo("Asia/Seoul")
RUBRIC = (Criterion("tech", D(50), label="기술성"), Criterion("biz", D(50), label="사업성"))


def config(**overrides):
    return AggregationConfig(**{"criteria": RUBRIC, **overrides})


def sheets(*totals):
    """One sheet per total, split evenly over the two criteria; evaluators e1, e2, ..."""
    return tuple(
        Sheet(f"e{i}", {"tech": D(t) / 2, "biz": D(t) / 2}) for i, t in enumerate(totals, start=1)
    )


def by_key(outcomes):
    return {o.key: o for o in outcomes}


def test_it_drops_only_one_of_two_tied_highest_totals():
    [outcome] = aggregate(config(trim_from=5), [Entry("A", sheets(90, 90, 80, 70, 60))])
    # Drop one 90 and the 60: (90 + 80 + 70) / 3.
    assert outcome.base == D("80.00")
    kept = [(t.evaluator, t.total, t.kept) for t in outcome.totals]
    # Tied totals are ordered by evaluator key; the last one (e2) is the one dropped.
    assert kept == [
        ("e5", D("60.00"), False),
        ("e4", D("70.00"), True),
        ("e3", D("80.00"), True),
        ("e1", D("90.00"), True),
        ("e2", D("90.00"), False),
    ]


def test_it_drops_only_one_when_every_total_is_the_same():
    [outcome] = aggregate(config(trim_from=3), [Entry("A", sheets(70, 70, 70))])
    assert outcome.base == D("70.00")
    assert [t.kept for t in outcome.totals] == [False, True, False]


def test_fewer_evaluators_than_n_take_the_plain_mean():
    outcomes = by_key(
        aggregate(
            config(trim_from=3),
            [Entry("two", sheets(90, 70)), Entry("three", sheets(90, 70, 60))],
        )
    )
    assert outcomes["two"].base == D("80.00")
    assert all(t.kept for t in outcomes["two"].totals)
    assert outcomes["three"].base == D("70.00")


def test_without_trimming_every_total_counts():
    [outcome] = aggregate(config(trim_from=None), [Entry("A", sheets(90, 90, 80, 70, 60))])
    assert outcome.base == D("78.00")


def test_the_bonus_is_added_after_the_trimmed_mean_and_capped():
    outcomes = by_key(
        aggregate(
            config(bonus_cap=D(5)),
            [
                Entry("A", sheets(90, 90, 80, 70, 60), bonus=D(3)),
                Entry("B", sheets(90, 90, 80, 70, 60), bonus=D(7)),
            ],
        )
    )
    assert (outcomes["A"].base, outcomes["A"].bonus, outcomes["A"].score) == (
        D("80.00"),
        D("3.00"),
        D("83.00"),
    )
    assert (outcomes["B"].bonus, outcomes["B"].score) == (D("5.00"), D("85.00"))


def test_the_qualifying_minimum_passes_60_00_and_fails_59_99():
    rubric = (Criterion("all", D(100)),)
    cfg = AggregationConfig(criteria=rubric, qualifying_minimum=D(60))
    outcomes = by_key(
        aggregate(
            cfg,
            [
                Entry("at", (Sheet("e1", {"all": D("60.00")}),)),
                Entry("below", (Sheet("e1", {"all": D("59.99")}),)),
            ],
        )
    )
    assert outcomes["at"].qualified and outcomes["at"].selected
    assert not outcomes["below"].qualified and outcomes["below"].rank is None
    assert outcomes["below"].reason_message == "Below the qualifying minimum of 60."


def test_the_minimum_applies_before_the_bonus_unless_configured_after():
    entry = Entry("A", sheets(58), bonus=D(3))
    [before] = aggregate(config(qualifying_minimum=D(60)), [entry])
    [after] = aggregate(config(qualifying_minimum=D(60), minimum_on="final"), [entry])
    assert before.score == after.score == D("61.00")
    assert not before.qualified
    assert after.qualified


def test_it_rounds_half_up_at_the_half_cent():
    first = Sheet("e1", {"tech": D(40), "biz": D(40)})
    second = Sheet("e2", {"tech": D(40), "biz": D("40.01")})
    entry = Entry("A", (first, second))
    [half_up] = aggregate(config(), [entry])
    [half_even] = aggregate(config(rounding=ROUND_HALF_EVEN), [entry])
    # (80.00 + 80.01) / 2 = 80.005 exactly.
    assert half_up.base == D("80.01")
    assert half_even.base == D("80.00")


def test_weights_scale_a_criterion_and_totals_are_on_a_100_point_scale():
    rubric = (Criterion("tech", D(10), weight=D(3)), Criterion("biz", D(10), weight=D(7)))
    cfg = AggregationConfig(criteria=rubric, places=2)
    [outcome] = aggregate(cfg, [Entry("A", (Sheet("e1", {"tech": D(10), "biz": D(5)}),))])
    # (3 × 10 + 7 × 5) / (3 × 10 + 7 × 10) × 100 = 65.
    assert outcome.totals[0].total == D("65.00")
    thirds = AggregationConfig(criteria=(Criterion("all", D(30)),))
    [outcome] = aggregate(thirds, [Entry("A", (Sheet("e1", {"all": D(20)}),))])
    assert outcome.totals[0].total == D("66.67")


def test_the_mean_uses_the_rounded_totals_an_applicant_sees():
    thirds = AggregationConfig(criteria=(Criterion("all", D(30)),))
    [outcome] = aggregate(
        thirds, [Entry("A", (Sheet("e1", {"all": D(10)}), Sheet("e2", {"all": D(20)})))]
    )
    # 33.33 and 66.67 are shown; their mean is 50.00 (the exact totals' mean is 50 too).
    assert [t.total for t in outcome.totals] == [D("33.33"), D("66.67")]
    assert outcome.base == D("50.00")


def tie_entries():
    def one(key, tech, biz, bonus=0, at=None):
        return Entry(
            key,
            (Sheet("e1", {"tech": D(tech), "biz": D(biz)}),),
            bonus=D(bonus),
            submitted_at=datetime(2026, 11, 20, at, 0, tzinfo=KST) if at else None,
        )

    return [
        one("E", 30, 50),
        one("C", 40, 39, bonus=1, at=11),
        one("B", 40, 38, bonus=2),
        one("top", 50, 45),
        one("F", 30, 50),
        one("D", 40, 39, bonus=1, at=10),
        one("A", 45, 35),
    ]


def test_ties_are_broken_in_the_configured_order_and_the_deciding_rule_is_noted():
    cfg = config(tie_breaks=("criterion:tech", "bonus", "submitted_at"))
    outcomes = aggregate(cfg, tie_entries())
    assert [(o.key, o.score, o.rank) for o in outcomes] == [
        ("top", D("95.00"), 1),
        ("A", D("80.00"), 2),
        ("B", D("80.00"), 3),
        ("D", D("80.00"), 4),
        ("C", D("80.00"), 5),
        ("E", D("80.00"), 6),
        ("F", D("80.00"), 6),
    ]
    notes = {o.key: o.decided_by for o in outcomes}
    assert notes == {
        "top": "",
        "A": "criterion:tech",
        "B": "bonus",
        "D": "submitted_at",
        "C": "submitted_at",
        "E": "tie",
        "F": "tie",
    }
    messages = {o.key: o.decided_by_message for o in outcomes}
    assert messages["A"] == "Tie on score broken by the higher score on “기술성”."
    assert messages["B"] == "Tie on score broken by the higher bonus."
    assert messages["D"] == "Tie on score broken by the earlier submission."
    assert messages["E"] == "Tie remains after every tie-break: equal rank."


def test_a_different_order_of_tie_breaks_gives_a_different_ranking():
    cfg = config(tie_breaks=("bonus", "criterion:tech"))
    ranks = {o.key: o.rank for o in aggregate(cfg, tie_entries())}
    # Bonus first: B (2) before C and D (1) before A, E and F (0); then 기술성 splits A from E/F.
    assert ranks == {"top": 1, "B": 2, "C": 3, "D": 3, "A": 5, "E": 6, "F": 6}


def test_quotas_per_track_and_overall():
    def one(key, total, track):
        return Entry(key, sheets(total), track=track)

    cfg = config(
        track_quotas={"youth": 2, "senior": 2},
        overall_quota=3,
        qualifying_minimum=D(60),
    )
    outcomes = by_key(
        aggregate(
            cfg,
            [
                one("Y1", 90, "youth"),
                one("S1", 88, "senior"),
                one("Y2", 85, "youth"),
                one("Y3", 80, "youth"),
                one("S2", 70, "senior"),
                one("S3", 50, "senior"),
                Entry("S4", (), track="senior"),
            ],
        )
    )
    selected = sorted(k for k, o in outcomes.items() if o.selected)
    assert selected == ["S1", "Y1", "Y2"]
    assert outcomes["Y3"].reason == "track_quota_reached"
    assert outcomes["Y3"].reason_message == "The quota of 2 for “youth” is filled."
    assert outcomes["S2"].reason == "overall_quota_reached"
    assert outcomes["S2"].reason_message == "The overall quota of 3 is filled."
    assert outcomes["S3"].reason == "below_minimum"
    assert outcomes["S4"].reason_message == "No evaluator has scored this application."
    assert [o.rank for o in outcomes.values()] == [1, 2, 3, 4, 5, None, None]


def test_an_unbroken_tie_at_the_cutoff_is_left_to_staff_and_nobody_below_jumps_in():
    cfg = config(track_quotas={"youth": 2}, overall_quota=10)
    outcomes = by_key(
        aggregate(
            cfg,
            [
                Entry("first", sheets(90), track="youth"),
                Entry("tied1", sheets(80), track="youth"),
                Entry("tied2", sheets(80), track="youth"),
                Entry("below", sheets(70), track="youth"),
            ],
        )
    )
    assert outcomes["first"].selected
    for key in ("tied1", "tied2"):
        assert not outcomes[key].selected
        assert outcomes[key].reason_message == (
            "Tied with 1 others at the quota cutoff with 1 places left; staff decide."
        )
    assert outcomes["below"].reason == "track_quota_reached"


def test_without_quotas_everyone_qualified_is_selected():
    outcomes = aggregate(config(), [Entry("A", sheets(50)), Entry("B", sheets(90))])
    assert [(o.key, o.selected, o.reason_message) for o in outcomes] == [
        ("B", True, "Selected."),
        ("A", True, "Selected."),
    ]


def test_it_lists_every_bad_score_with_what_to_fix():
    entries = [
        Entry("A", (Sheet("e1", {"tech": D(51), "biz": D(10)}), Sheet("e2", {"tech": D(10)}))),
        Entry("B", (Sheet("e1", {"tech": D(1), "biz": D(1), "x": D(1)}),), bonus=D(-1)),
    ]
    with pytest.raises(ValidationError) as caught:
        aggregate(config(), entries)
    assert caught.value.messages == [
        "A: e1 gave 51 on “tech”; enter 0 to 50.",
        "A: e2 has not scored biz.",
        "B: the bonus must be zero or more.",
        "B: e1 scored “x”, which is not a criterion.",
    ]


def test_it_refuses_a_configuration_it_cannot_apply():
    with pytest.raises(ValidationError) as caught:
        AggregationConfig(
            criteria=(Criterion("tech", D(0)),),
            trim_from=2,
            tie_breaks=("criterion:nope", "speed"),
            rounding="ROUND_SIDEWAYS",
        )
    assert caught.value.messages == [
        "The criterion “tech” needs a maximum above zero.",
        "Dropping the highest and the lowest total needs at least 3 evaluators; enter 3 or "
        "more, or leave it empty to always take the plain mean.",
        "“ROUND_SIDEWAYS” is not a rounding mode.",
        "The tie-break “criterion:nope” names no criterion of this rubric.",
        "“speed” is not a tie-break (criterion:<key>, bonus or submitted_at).",
    ]


def test_the_configuration_survives_a_json_round_trip():
    cfg = config(
        bonus_cap=D("5"),
        qualifying_minimum=D("60"),
        tie_breaks=("criterion:tech", "bonus"),
        track_quotas={"youth": 50},
        overall_quota=103,
    )
    assert config_from_json(config_to_json(cfg)) == cfg


@settings(deadline=None)
@given(
    st.lists(st.integers(0, 10_000), min_size=1, max_size=8),
    st.randoms(use_true_random=False),
)
def test_the_score_does_not_depend_on_the_order_of_the_sheets(hundredths, rnd):
    rubric = (Criterion("all", D(100)),)
    cfg = AggregationConfig(criteria=rubric, trim_from=3)
    made = [Sheet(f"e{i}", {"all": D(h) / 100}) for i, h in enumerate(hundredths)]
    shuffled = made[:]
    rnd.shuffle(shuffled)
    [one] = aggregate(cfg, [Entry("A", tuple(made))])
    [two] = aggregate(cfg, [Entry("A", tuple(shuffled))])
    assert one.base == two.base
    assert one.totals == two.totals
    kept = sorted(D(h) / 100 for h in hundredths)
    if len(kept) >= 3:
        kept = kept[1:-1]
    assert abs(one.base - sum(kept) / len(kept)) <= D("0.005")


def test_it_refuses_float_scores_but_takes_whole_numbers():
    [outcome] = aggregate(config(), [Entry("A", (Sheet("e1", {"tech": 40, "biz": D(40)}),))])
    assert outcome.base == D("80.00")
    with pytest.raises(ValidationError) as caught:
        aggregate(config(), [Entry("A", (Sheet("e1", {"tech": 40.5, "biz": D(40)}),))])
    assert caught.value.messages == ["A: e1 gave 40.5 on “tech”; enter 0 to 50."]
