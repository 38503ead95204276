"""The selection pages: staff set the rules and bonuses, compute, confirm and publish a ranking
and decide ties at the cutoff; the applicant reads their published result and nobody else's."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.tests.factories import member_of
from jiwon.reviews.models import (
    AggregationConfig,
    CommitteeStage,
    RunStatus,
    SelectionRun,
)
from jiwon.reviews.selectors.assignment import committee_applications
from jiwon.reviews.services.selection import (
    selection_compute,
    selection_confirm,
    selection_publish,
)
from jiwon.reviews.tests.factories import committee, configure, evaluated


@pytest.fixture
def staff(client, officer):
    client.force_login(officer)
    return client


def _post(client, name, *args, data=None):
    return client.post(reverse(f"reviews:{name}", args=args), data or {}, follow=True)


def test_staff_compute_confirm_and_publish_a_ranking(staff):
    setup = evaluated(
        {"a": [(30, 30, 30)] * 3, "b": [(35, 25, 20)] * 3, "c": [(30, 25, 25)] * 3}, quota=2
    )
    AggregationConfig.objects.create(program=setup.program, tie_breaks=["criterion:tech"])
    ranking = reverse("reviews:selection_ranking", args=[setup.committee.pk])
    assert "No ranking has been computed" in staff.get(ranking).content.decode()
    html = _post(staff, "selection_compute", setup.committee.pk).content.decode()
    assert "The ranking was computed: 3 applications." in html
    assert "Tie on score broken by the higher score on “기술성”." in html
    assert "The overall quota of 2 is filled." in html
    run = SelectionRun.objects.get()
    _post(staff, "selection_confirm", run.pk)
    _post(staff, "selection_publish", run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    statuses = {n: type(a).objects.get(pk=a.pk).status for n, a in setup.apps.items()}
    assert statuses == {
        "a": ApplicationStatus.SELECTED,
        "b": ApplicationStatus.SELECTED,
        "c": ApplicationStatus.NOT_SELECTED,
    }


def test_computing_too_early_says_what_is_missing(staff):
    setup = evaluated({"a": [(30, 30, 30)]})
    setup.apps["a"].assignments.first().scorecard.delete()
    html = _post(staff, "selection_compute", setup.committee.pk).content.decode()
    assert "1 of 1 scorecards are not submitted yet" in html
    assert not SelectionRun.objects.exists()


def test_staff_decide_a_tie_at_the_cutoff_on_the_ranking_page(staff):
    setup = evaluated({"a": [(30, 30, 30)] * 3, "b": [(30, 30, 30)] * 3}, quota=1)
    _post(staff, "selection_compute", setup.committee.pk)
    b = setup.result("b")
    html = _post(staff, "selection_tie", b.pk, data={"selected": "1", "comment": ""}).content
    assert "Choose a decision and give its reason." in html.decode()
    _post(staff, "selection_tie", b.pk, data={"selected": "1", "comment": "발표 우수"})
    b.refresh_from_db()
    assert (b.selected, b.staff_decision) == (True, "발표 우수")


def test_the_settings_page_saves_tracks_and_explains_bad_lines(staff):
    setup = evaluated({"a": [(30, 30, 30)]}, quota=2)
    url = reverse("reviews:selection_config", args=[setup.program.pk])
    base = {
        "minimum_on": "base",
        "bonus_cap": "5",
        "places": "2",
        "rounding": "ROUND_HALF_UP",
        "appeal_days": "10",
        "track_source": "region",
    }
    bad = staff.post(url, {**base, "tracks": "41171 | 만안구 | 1"})
    assert bad.status_code == 400
    assert "Line 1: write code, name, quota" in bad.content.decode()
    good = staff.post(
        url,
        {
            **base,
            "tracks": "41171, 만안구, 1\n41173 , 동안구,1",
            "tie_breaks": "criterion:tech\nsubmitted_at",
            "qualifying_minimum": "60",
        },
    )
    assert good.status_code == 302
    config = AggregationConfig.objects.get(program=setup.program)
    assert config.tracks == [
        {"code": "41171", "label": "만안구", "quota": 1},
        {"code": "41173", "label": "동안구", "quota": 1},
    ]
    assert (config.tie_breaks, config.qualifying_minimum, config.appeal_days) == (
        ["criterion:tech", "submitted_at"],
        Decimal(60),
        10,
    )
    page = staff.get(reverse("reviews:selection_program", args=[setup.program.pk]))
    assert "만안구 (41171): 1" in page.content.decode()


def test_the_bonus_page_records_a_bonus_with_its_reason(staff):
    setup = evaluated({"a": [(30, 30, 30)]})
    app = setup.apps["a"]
    listing = staff.get(reverse("reviews:selection_adjustments", args=[setup.program.pk]))
    assert app.receipt_number in listing.content.decode()
    url = reverse("reviews:selection_adjustment", args=[app.pk])
    assert staff.post(url, {"bonus": "2"}).status_code == 400
    assert staff.post(url, {"bonus": "2", "bonus_reason": "벤처기업 인증"}).status_code == 302
    assert app.selection_adjustment.bonus == Decimal(2)


@pytest.mark.parametrize(
    "name", ["selection_index", "selection_program", "selection_ranking", "selection_config"]
)
def test_companies_and_evaluators_are_kept_out(client, member, name):
    setup = evaluated({"a": [(30, 30, 30)]})
    args = {
        "selection_index": [],
        "selection_program": [setup.program.pk],
        "selection_config": [setup.program.pk],
        "selection_ranking": [setup.committee.pk],
    }[name]
    url = reverse(f"reviews:{name}", args=args)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(setup.evaluators[0].user)
    assert client.get(url).status_code == 403


def test_members_cannot_post_to_the_staff_actions(client, member):
    setup = evaluated({"a": [(30, 30, 30)]})
    client.force_login(member)
    response = client.post(reverse("reviews:selection_compute", args=[setup.committee.pk]))
    assert response.status_code == 403
    assert not SelectionRun.objects.exists()


def _page(client, user, application):
    client.force_login(user)
    return client.get(reverse("reviews:result_detail", args=[application.pk]))


def test_the_applicant_reads_their_scores_and_anonymised_comments(client, published_now):
    ours = published_now.apps["ours"]
    response = _page(client, published_now.members["ours"], ours)
    assert response.status_code == 200
    html = response.content.decode()
    result = published_now.result("ours")
    assert "Not selected" in html
    assert "65.00" in html  # (60 + 65 + 70) / 3
    for number in (1, 2, 3):
        assert f"Evaluator {number}" in html
    for sheet in result.sheets:
        assert sheet["comment"] in html
    for evaluator in published_now.evaluators:
        assert evaluator.name not in html
        assert evaluator.affiliation not in html
    assert "경쟁회사" not in html
    assert published_now.apps["theirs"].receipt_number not in html
    assert "기술성" in html


def test_staff_use_the_back_office_not_the_applicants_page(client, published_now, officer):
    assert _page(client, officer, published_now.apps["ours"]).status_code == 403


def test_nothing_is_shown_before_publication(client, officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    response = _page(client, member_of(setup.apps["a"].company), setup.apps["a"])
    assert response.status_code == 200
    assert "not been published yet" in response.content.decode()
    assert "90.00" not in response.content.decode()


def test_the_list_shows_only_the_members_results(client, published_now):
    client.force_login(published_now.members["ours"])
    html = client.get(reverse("reviews:results_mine")).content.decode()
    assert reverse("reviews:result_detail", args=[published_now.apps["ours"].pk]) in html
    assert reverse("reviews:result_detail", args=[published_now.apps["theirs"].pk]) not in html


def test_it_tells_the_applicant_nothing_between_confirmation_and_publication(client, officer):
    setup = evaluated({"in": [(30, 30, 30)] * 2, "out": [(20, 20, 20)] * 2}, quota=1)
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    for name in ("in", "out"):
        application = setup.apps[name]
        client.force_login(member_of(application.company))
        pages = [
            client.get(reverse("applications:mine")).content.decode(),
            client.get(reverse("applications:detail", args=[application.pk])).content.decode(),
        ]
        for html in pages:
            assert "Under evaluation" in html
            assert "Not selected" not in html and "Selected" not in html
        application.refresh_from_db()
        assert application.status == ApplicationStatus.UNDER_EVALUATION
        assert not application.status_history.filter(
            target__in=[ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED]
        ).exists()
    selection_publish(actor=officer, run=run)
    client.force_login(member_of(setup.apps["out"].company))
    html = client.get(reverse("applications:detail", args=[setup.apps["out"].pk])).content.decode()
    assert "Not selected" in html


def test_a_later_stage_leaves_out_who_a_confirmed_earlier_stage_did_not_pass_on(officer):
    setup = evaluated({"a": [(30, 30, 30)] * 3, "b": [(25, 25, 25)] * 3, "c": [(20, 20, 20)] * 3})
    later = committee(setup.program, stage=CommitteeStage.PRESENTATION, name="발표평가위원회")
    configure(officer, setup.program, shortlist_size=2)
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    assert setup.apps["c"].__class__.objects.get(pk=setup.apps["c"].pk).status == (
        ApplicationStatus.UNDER_EVALUATION
    )
    assert {a.pk for a in committee_applications(later)} == {
        setup.apps["a"].pk,
        setup.apps["b"].pk,
    }


def test_confirming_and_publishing_ask_first_saying_what_happens_and_to_whom(staff, officer):
    setup = evaluated({"a": [(30, 30, 30)] * 2, "b": [(20, 20, 20)] * 2}, quota=1)
    run = selection_compute(actor=officer, committee=setup.committee)
    ranking = reverse("reviews:selection_ranking", args=[setup.committee.pk])
    html = staff.get(ranking).content.decode()
    assert 'id="confirm-modal"' in html
    assert "The ranking of 2 applications becomes final" in html
    selection_confirm(actor=officer, run=run)
    html = staff.get(ranking).content.decode()
    assert "2 applicants learn their result now" in html
    assert 'data-jw-open="publish-modal"' in html
