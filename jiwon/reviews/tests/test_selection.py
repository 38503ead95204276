"""Selection through the services: aggregation examples worked by hand, tie-breaks, quotas per
track, confirmation, publication (growth ladder, support ledger) and who may do what.

The rubric is 기술성 (tech, 40) + 시장성 (market, 30) + 역량 (team, 30): weights 1 and maxima
adding up to 100, so an evaluator's total is the sum of their three scores."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiwon.applications.workflow import ApplicationStatus
from jiwon.audit.models import AuditEntry
from jiwon.companies.models import GrowthStageChange
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.support import SupportKind
from jiwon.outcomes import receivers
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.programs.tests.factories import ProgramFactory
from jiwon.reviews.models import (
    CommitteeStage,
    RunStatus,
    SelectionResult,
)
from jiwon.reviews.services.selection import (
    adjustment_save,
    selection_compute,
    selection_confirm,
    selection_publish,
    selection_resolve_tie,
)
from jiwon.reviews.signals import results_published
from jiwon.reviews.tests.factories import (
    PUBLISHED,
    EvaluatorFactory,
    assign,
    committee,
    configure,
    evaluated,
    screened_application,
)

KST = ZoneInfo("Asia/Seoul")


S = ApplicationStatus


# Aggregation worked by hand ----------------------------------------------------------------------


def test_it_drops_only_one_of_two_tied_highest_totals(officer):
    # Totals 90, 90, 80, 70, 60 from five evaluators (N = 5): one 90 and the 60 go, so
    # (90 + 80 + 70) / 3 = 80.00 — not 75 (both 90s dropped) nor 78 (nothing dropped).
    setup = evaluated({"a": [(36, 27, 27), (36, 27, 27), (32, 24, 24), (28, 21, 21), (24, 18, 18)]})
    selection_compute(actor=officer, committee=setup.committee)
    result = setup.result("a")
    assert result.base == Decimal("80.00")
    assert result.total == Decimal("80.00")
    kept = sorted((Decimal(s["total"]), s["kept"]) for s in result.sheets)
    assert kept == [
        (Decimal("60.00"), False),
        (Decimal("70.00"), True),
        (Decimal("80.00"), True),
        (Decimal("90.00"), False),
        (Decimal("90.00"), True),
    ]
    # Criterion means over the kept sheets: tech (36 + 32 + 28) / 3 = 32.00.
    assert result.criterion_means == {"tech": "32.00", "market": "24.00", "team": "24.00"}


def test_it_takes_the_plain_mean_with_fewer_evaluators_than_n(officer):
    # Four evaluators with N = 5: (90 + 80 + 70 + 61) / 4 = 75.25, nothing dropped.
    setup = evaluated({"a": [(40, 25, 25), (30, 25, 25), (30, 20, 20), (21, 20, 20)]})
    selection_compute(actor=officer, committee=setup.committee)
    result = setup.result("a")
    assert result.base == Decimal("75.25")
    assert all(s["kept"] for s in result.sheets)


def test_it_trims_from_the_committees_n(officer):
    # The same four sheets with N = 4: 90 and 61 go, (80 + 70) / 2 = 75.00.
    setup = evaluated(
        {"a": [(40, 25, 25), (30, 25, 25), (30, 20, 20), (21, 20, 20)]}, min_for_trimmed=4
    )
    selection_compute(actor=officer, committee=setup.committee)
    assert setup.result("a").base == Decimal("75.00")


def test_it_adds_the_bonus_after_trimming_and_rounds_the_mean(officer):
    # Three evaluators: (80 + 80 + 81) / 3 = 80.333… → 80.33; a 가점 of 2.5 makes 82.83.
    setup = evaluated({"a": [(30, 25, 25), (30, 25, 25), (31, 25, 25)]})
    adjustment_save(
        actor=officer, application=setup.apps["a"], bonus=Decimal("2.5"), reason="여성기업"
    )
    selection_compute(actor=officer, committee=setup.committee)
    result = setup.result("a")
    assert (result.base, result.bonus, result.total) == (
        Decimal("80.33"),
        Decimal("2.50"),
        Decimal("82.83"),
    )


def test_a_bonus_needs_a_reason_and_stays_within_the_cap(officer):
    setup = evaluated({"a": [(30, 25, 25)]})
    configure(officer, setup.program, bonus_cap=Decimal(3))
    with pytest.raises(ValidationError) as missing:
        adjustment_save(actor=officer, application=setup.apps["a"], bonus=Decimal(1))
    assert "bonus_reason" in missing.value.message_dict
    with pytest.raises(ValidationError) as over:
        adjustment_save(
            actor=officer, application=setup.apps["a"], bonus=Decimal("3.01"), reason="가점"
        )
    assert "0 to 3" in over.value.message_dict["bonus"][0]


@pytest.mark.parametrize(
    ("minimum_on", "qualified"), [("base", {"sixty"}), ("final", {"sixty", "short"})]
)
def test_the_qualifying_minimum_is_met_at_exactly_the_minimum(officer, minimum_on, qualified):
    # 60.00 meets a minimum of 60, 59.99 does not — unless the minimum applies after the
    # bonus of 1, which lifts 59.99 to 60.99.
    setup = evaluated({"sixty": [(20, 20, 20)] * 3, "short": [(20, 20, "19.99")] * 3})
    configure(officer, setup.program, qualifying_minimum=Decimal(60), minimum_on=minimum_on)
    adjustment_save(actor=officer, application=setup.apps["short"], bonus=Decimal(1), reason="R")
    selection_compute(actor=officer, committee=setup.committee)
    short = setup.result("short")
    assert short.base == Decimal("59.99")
    assert {n for n in setup.apps if setup.result(n).qualified} == qualified
    if minimum_on == "base":
        assert short.rank is None
        assert not short.selected
        assert short.reason == "below_minimum"
        assert "60" in short.reason_text


# Tie-breaks --------------------------------------------------------------------------------------


def test_a_tie_on_score_is_broken_by_the_named_criterion_then_the_submission_time(officer):
    early = datetime(2026, 11, 20, 9, 0, tzinfo=KST)
    late = datetime(2026, 11, 20, 9, 0, 1, tzinfo=KST)
    setup = evaluated(
        {
            "strong_tech": [(35, 25, 20)] * 3,  # 80, tech 35
            "weak_tech": [(30, 25, 25)] * 3,  # 80, tech 30, submitted first
            "late": [(30, 30, 20)] * 3,  # 80, tech 30, submitted a second later
            "alone": [(30, 30, 30)] * 3,  # 90
        },
        submitted={"weak_tech": early, "late": late},
    )
    configure(officer, setup.program, tie_breaks=("criterion:tech", "bonus", "submitted_at"))
    selection_compute(actor=officer, committee=setup.committee)
    ranks = {n: setup.result(n).rank for n in setup.apps}
    assert ranks == {"alone": 1, "strong_tech": 2, "weak_tech": 3, "late": 4}
    assert setup.result("alone").decided_by == ""
    assert setup.result("strong_tech").decided_by == "criterion:tech"
    assert "기술성" in setup.result("strong_tech").decided_by_text
    assert setup.result("weak_tech").decided_by == "submitted_at"
    assert setup.result("late").decided_by == "submitted_at"


def test_without_tie_breaks_equal_scores_share_a_rank(officer):
    setup = evaluated({"a": [(30, 25, 25)] * 3, "b": [(25, 30, 25)] * 3, "c": [(20, 20, 20)] * 3})
    selection_compute(actor=officer, committee=setup.committee)
    assert [setup.result(n).rank for n in "abc"] == [1, 1, 3]
    assert setup.result("a").decided_by == "tie"


# Quotas ------------------------------------------------------------------------------------------


def test_each_track_fills_its_own_quota(officer):
    # Youth quota 1, middle-aged quota 1: the second youth applicant scores above the only
    # middle-aged one but is not selected; the middle-aged one is.
    setup = evaluated(
        {
            "youth1": [(35, 28, 27)] * 3,  # 90
            "youth2": [(32, 24, 24)] * 3,  # 80
            "middle": [(28, 21, 21)] * 3,  # 70
        },
        quota=2,
        answers={
            "youth1": {"track": "youth"},
            "youth2": {"track": "youth"},
            "middle": {"track": "middle"},
        },
    )
    configure(
        officer,
        setup.program,
        track_source="answer",
        track_answer_key="track",
        tracks=(
            {"code": "youth", "label": "청년", "quota": 1},
            {"code": "middle", "label": "중장년", "quota": 1},
        ),
    )
    selection_compute(actor=officer, committee=setup.committee)
    assert {n for n in setup.apps if setup.result(n).selected} == {"youth1", "middle"}
    youth2 = setup.result("youth2")
    assert youth2.reason == "track_quota_reached"
    assert "youth" in youth2.reason_text


def test_staff_can_override_the_track_read_from_the_application(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 3}, answers={"a": {"track": "youth"}})
    configure(
        officer,
        setup.program,
        track_source="answer",
        track_answer_key="track",
        tracks=({"code": "youth", "label": "청년", "quota": 5},)
        + ({"code": "middle", "label": "중장년", "quota": 5},),
    )
    adjustment_save(actor=officer, application=setup.apps["a"], bonus=Decimal(0), track="middle")
    selection_compute(actor=officer, committee=setup.committee)
    assert setup.result("a").track == "middle"


def test_the_programme_quota_is_the_overall_quota(officer):
    setup = evaluated(
        {"a": [(30, 30, 30)] * 3, "b": [(30, 30, 20)] * 3, "c": [(30, 20, 20)] * 3}, quota=2
    )
    selection_compute(actor=officer, committee=setup.committee)
    assert [setup.result(n).selected for n in "abc"] == [True, True, False]
    assert setup.result("c").reason == "overall_quota_reached"


def test_a_tie_at_the_cutoff_waits_for_staff_and_respects_the_quota(officer):
    setup = evaluated(
        {"a": [(30, 30, 30)] * 3, "b": [(30, 25, 25)] * 3, "c": [(25, 30, 25)] * 3}, quota=2
    )
    run = selection_compute(actor=officer, committee=setup.committee)
    b, c = setup.result("b"), setup.result("c")
    assert (b.reason, c.reason) == ("tie_at_cutoff", "tie_at_cutoff")
    with pytest.raises(ValidationError, match="tied at the quota cutoff"):
        selection_confirm(actor=officer, run=run)
    selection_resolve_tie(actor=officer, result=b, selected=True, comment="발표 점수 우위")
    with pytest.raises(ValidationError, match="All 2 places are taken"):
        selection_resolve_tie(actor=officer, result=c, selected=True, comment="동점")
    selection_resolve_tie(actor=officer, result=c, selected=False, comment="위원회 결정")
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run)
    setup.apps["b"].refresh_from_db()
    setup.apps["c"].refresh_from_db()
    assert (setup.apps["b"].status, setup.apps["c"].status) == (S.SELECTED, S.NOT_SELECTED)


# Computing ---------------------------------------------------------------------------------------


def test_it_refuses_to_compute_while_a_scorecard_is_unsubmitted(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 2})
    late = EvaluatorFactory(name="김지연")
    assign(setup.committee, setup.apps["a"], late)
    with pytest.raises(ValidationError) as exc:
        selection_compute(actor=officer, committee=setup.committee)
    message = exc.value.messages[0]
    assert "1 of 3 scorecards are not submitted" in message
    assert f"김지연 → {setup.apps['a'].receipt_number}" in message
    assert not SelectionResult.objects.exists()


def test_it_refuses_to_compute_while_an_application_has_no_evaluator(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 2})
    orphan = screened_application(setup.program)
    with pytest.raises(ValidationError, match=orphan.receipt_number):
        selection_compute(actor=officer, committee=setup.committee)


def test_a_recomputation_replaces_the_draft_and_a_confirmed_ranking_stays(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 3})
    run = selection_compute(actor=officer, committee=setup.committee)
    adjustment_save(actor=officer, application=setup.apps["a"], bonus=Decimal(2), reason="R")
    again = selection_compute(actor=officer, committee=setup.committee)
    assert again.pk == run.pk
    assert SelectionResult.objects.get().total == Decimal("92.00")
    selection_confirm(actor=officer, run=run)
    with pytest.raises(ValidationError, match="can no longer be recomputed"):
        selection_compute(actor=officer, committee=setup.committee)
    with pytest.raises(ValidationError, match="can no longer change"):
        adjustment_save(actor=officer, application=setup.apps["a"], bonus=Decimal(0))


def test_the_comments_are_numbered_in_a_stable_order_that_is_not_the_evaluators(officer, settings):
    settings.SECRET_KEY = "a fixed key for a reproducible pseudonymous order"
    setup = evaluated({f"app{i}": [(30, 30, 30)] * 4 for i in range(6)})
    selection_compute(actor=officer, committee=setup.committee)
    first = {n: [s["scorecard"] for s in setup.result(n).sheets] for n in setup.apps}
    selection_compute(actor=officer, committee=setup.committee)
    assert {n: [s["scorecard"] for s in setup.result(n).sheets] for n in setup.apps} == first
    assert all([s["n"] for s in setup.result(n).sheets] == [1, 2, 3, 4] for n in setup.apps)
    # Not the order of the evaluators (nor of their cards) for every application.
    assert any(cards != sorted(cards) for cards in first.values())


def test_only_reviews_managers_compute(member, officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    with pytest.raises(PermissionDenied):
        selection_compute(actor=member, committee=setup.committee)


# Confirmation and publication --------------------------------------------------------------------


def test_confirming_freezes_the_ranking_and_publishing_moves_the_applications(officer):
    setup = evaluated({"in": [(30, 30, 30)] * 3, "out": [(20, 20, 20)] * 3}, quota=1)
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.CONFIRMED
    chosen, rejected = setup.apps["in"], setup.apps["out"]
    rejected.refresh_from_db()
    assert rejected.status == S.UNDER_EVALUATION
    selection_publish(actor=officer, run=run)
    chosen.refresh_from_db()
    rejected.refresh_from_db()
    assert (chosen.status, rejected.status) == (S.SELECTED, S.NOT_SELECTED)
    trail = list(rejected.status_history.order_by("at", "id").values_list("source", "target"))
    assert trail == [(S.SCREENED_PASS, S.UNDER_EVALUATION), (S.UNDER_EVALUATION, S.NOT_SELECTED)]
    assert "quota" in rejected.status_history.get(target=S.NOT_SELECTED).comment
    with pytest.raises(ValidationError, match="already confirmed"):
        selection_confirm(actor=officer, run=run)


def test_a_first_stage_passes_its_shortlist_on(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 3, "b": [(25, 25, 25)] * 3, "c": [(20, 20, 20)] * 3})
    committee(setup.program, stage=CommitteeStage.PRESENTATION, name="발표평가위원회")
    configure(officer, setup.program, shortlist_size=2)
    run = selection_compute(actor=officer, committee=setup.committee)
    assert not run.is_final
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run)
    statuses = {n: type(a).objects.get(pk=a.pk).status for n, a in setup.apps.items()}
    assert statuses == {"a": S.UNDER_EVALUATION, "b": S.UNDER_EVALUATION, "c": S.NOT_SELECTED}
    assert not SupportLedgerEntry.objects.exists()


def _published(officer, **config):
    companies = {
        "g240": CompanyFactory(growth_stage="G240"),
        "ace": CompanyFactory(growth_stage="ACE20"),
        "none": CompanyFactory(growth_stage=""),
        "out": CompanyFactory(growth_stage="G240"),
    }
    setup = evaluated(
        {
            "g240": [(35, 30, 30)] * 3,
            "ace": [(34, 30, 30)] * 3,
            "none": [(33, 30, 30)] * 3,
            "out": [(20, 20, 20)] * 3,
        },
        quota=3,
        companies=companies,
        growth_stage="BLUE100",
    )
    if config:
        configure(officer, setup.program, **config)
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    return setup, run, companies


def test_publication_promotes_selected_companies_up_the_ladder_only(officer):
    setup, run, companies = _published(officer)
    selection_publish(actor=officer, run=run, now=PUBLISHED)
    trail = AuditEntry.objects.filter(object_type="reviews.selectionrun", object_id=str(run.pk))
    assert sorted(trail.values_list("action", flat=True)) == [
        "reviews.selection_compute",
        "reviews.selection_confirm",
        "reviews.selection_publish",
    ]
    assert trail.get(action="reviews.selection_publish").changes["promoted"] == [None, 2]
    for company in companies.values():
        company.refresh_from_db()
    assert companies["g240"].growth_stage == "BLUE100"
    change = GrowthStageChange.objects.get(company=companies["g240"])
    assert (change.stage, change.effective_on) == ("BLUE100", date(2026, 12, 10))
    assert companies["none"].growth_stage == "BLUE100"
    assert companies["ace"].growth_stage == "ACE20"  # no demotion
    assert not GrowthStageChange.objects.filter(company=companies["ace"]).exists()
    assert companies["out"].growth_stage == "G240"  # not selected


def test_publication_writes_one_ledger_row_per_selected_company(officer):
    setup, run, companies = _published(officer, grant_per_company_won=30_000_000)
    selection_publish(actor=officer, run=run, now=PUBLISHED)
    rows = SupportLedgerEntry.objects.filter(source_type="selection")
    assert sorted(r.company_id for r in rows) == sorted(
        companies[n].pk for n in ("g240", "ace", "none")
    )
    row = rows.get(company=companies["g240"])
    assert row.source_id == str(setup.result("g240").pk)
    assert (row.kind, row.amount_won, row.supported_on) == (
        SupportKind.GRANT,
        30_000_000,
        date(2026, 12, 10),
    )
    with pytest.raises(ValidationError, match="were published on 2026-12-10 14:00"):
        selection_publish(actor=officer, run=run)
    assert SupportLedgerEntry.objects.filter(source_type="selection").count() == 3


def test_a_publication_that_fails_halfway_leaves_nothing_and_a_retry_writes_each_row_once(officer):
    setup, run, companies = _published(officer)
    real = receivers.ledger_record_for_source
    calls = []

    def failing_on_the_third(**kwargs):
        calls.append(kwargs["company"])
        if len(calls) == 3:
            raise RuntimeError("connection lost")
        return real(**kwargs)

    with (
        mock.patch.object(receivers, "ledger_record_for_source", failing_on_the_third),
        pytest.raises(RuntimeError),
    ):
        selection_publish(actor=officer, run=run, now=PUBLISHED)
    run.refresh_from_db()
    assert run.status == RunStatus.CONFIRMED
    assert not SupportLedgerEntry.objects.exists()
    companies["g240"].refresh_from_db()
    assert companies["g240"].growth_stage == "G240"
    selection_publish(actor=officer, run=run, now=PUBLISHED)
    assert SupportLedgerEntry.objects.filter(source_type="selection").count() == 3
    assert GrowthStageChange.objects.filter(company=companies["g240"]).count() == 1


def test_publication_needs_a_confirmed_ranking(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 3})
    run = selection_compute(actor=officer, committee=setup.committee)
    with pytest.raises(ValidationError, match="Confirm the ranking"):
        selection_publish(actor=officer, run=run)


def test_the_rules_are_frozen_once_a_ranking_is_confirmed(officer):
    setup, run, _companies = _published(officer)
    with pytest.raises(ValidationError, match="can no longer change"):
        configure(officer, setup.program, appeal_days=14)


def test_settings_refuse_unknown_tie_breaks_and_short_track_quotas(officer):
    setup = evaluated({"a": [(30, 30, 30)]}, quota=10)
    with pytest.raises(ValidationError) as exc:
        configure(
            officer,
            setup.program,
            tie_breaks=("criterion:design", "coin"),
            track_source="region",
            tracks=({"code": "41171", "label": "만안구", "quota": 4},),
        )
    errors = exc.value.message_dict
    assert "“design” is not a criterion" in errors["tie_breaks"][0]
    assert "“coin” is not a tie-break" in errors["tie_breaks"][1]
    assert "add up to 4, fewer than the 10" in errors["tracks"][0]


def test_publication_tells_the_apps_above_which_companies_it_selects(officer):
    setup, run, companies = _published(officer, grant_per_company_won=5_000_000)
    heard = []

    def listener(sender, *, actor, publication, **kwargs):
        heard.append((actor, publication))
        return 0

    results_published.connect(listener)
    try:
        selection_publish(actor=officer, run=run, now=PUBLISHED)
    finally:
        results_published.disconnect(listener)
    [(actor, publication)] = heard
    assert actor == officer
    assert publication.run == run
    assert [r.application.company for r in publication.selected] == [
        companies[n] for n in ("g240", "ace", "none")
    ]
    assert (publication.support_kind, publication.amount_won) == (SupportKind.GRANT, 5_000_000)
    assert publication.published_on == date(2026, 12, 10)


def test_it_ranks_no_call_before_its_window_has_closed_unless_it_is_rolling(officer):
    open_call = ProgramFactory(quota=1)
    setup = evaluated({"a": [(30, 30, 30)] * 3}, program=open_call)
    with pytest.raises(ValidationError, match="open until"):
        selection_compute(actor=officer, committee=setup.committee)
    assert not SelectionResult.objects.exists()
    open_call.rolling = True
    open_call.save()
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run)
    setup.apps["a"].refresh_from_db()
    assert setup.apps["a"].status == S.SELECTED


def test_it_publishes_no_result_of_a_call_that_was_reopened(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 3})
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    program = setup.program
    program.closes_at = PUBLISHED + timedelta(days=1)
    program.save()
    with pytest.raises(ValidationError, match="open until"):
        selection_publish(actor=officer, run=run, now=PUBLISHED)
