"""Scoring through its pages: evaluators see and score only their own assignments; staff edit
the rubric."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.roles import Role
from jiwon.reviews.models import (
    Assignment,
    Committee,
    CommitteeStatus,
    Rubric,
    ScorecardStatus,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    assign,
    screened_application,
)


def test_evaluators_see_only_their_own_assignments(client, board):
    mine = EvaluatorFactory()
    theirs = EvaluatorFactory()
    own = assign(board, screened_application(board.program, CompanyFactory(name_ko="내회사")), mine)
    assign(board, screened_application(board.program, CompanyFactory(name_ko="남의회사")), theirs)
    client.force_login(mine.user)
    response = client.get(reverse("reviews:mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "내회사" in page
    assert "남의회사" not in page
    assert reverse("reviews:assignment", args=[own.pk]) in page
    api = client.get("/api/v1/evaluation/assignments").json()
    assert [a["company"] for a in api] == ["내회사"]


def test_it_lists_an_assignment_as_ended_without_a_way_in_once_the_grace_has_passed(
    client, board, settings, time_machine
):
    settings.JIWON_EVALUATOR_ACCESS_GRACE_DAYS = 3
    evaluator = EvaluatorFactory()
    application = screened_application(board.program, CompanyFactory(name_ko="내회사"))
    assignment = assign(board, application, evaluator)
    Committee.objects.filter(pk=board.pk).update(
        status=CommitteeStatus.CLOSED, closed_at=timezone.now()
    )
    link = reverse("reviews:assignment", args=[assignment.pk])
    recuse = reverse("reviews:recuse", args=[assignment.pk])

    def seen_at(delta):
        time_machine.move_to(timezone.now() + delta, tick=True)
        client.force_login(evaluator.user)  # days later: a new sign-in
        page = client.get(reverse("reviews:mine")).content.decode()
        api = client.get("/api/v1/evaluation/assignments").json()
        return page, api, client.get(link).status_code

    page, api, opened = seen_at(timedelta(days=3, seconds=-60))
    assert link in page and recuse in page
    assert "Evaluation ended" not in page
    assert api[0]["reading_open"] is True and opened == 200

    page, api, opened = seen_at(timedelta(seconds=120))
    assert "내회사" in page
    assert f'id="ended-{assignment.pk}"' in page and "Evaluation ended" in page
    assert link not in page and recuse not in page
    assert api[0]["reading_open"] is False and opened == 404


def test_an_evaluator_cannot_open_another_evaluators_assignment(client, board):
    other = assign(board, screened_application(board.program), EvaluatorFactory())
    client.force_login(EvaluatorFactory().user)
    assert client.get(reverse("reviews:assignment", args=[other.pk])).status_code == 404
    response = client.post(reverse("reviews:recuse", args=[other.pk]), {"reason": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.PROGRAM_OFFICER, Role.COMPANY_MEMBER, Role.MENTOR])
def test_only_evaluators_have_my_evaluations(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("reviews:mine")).status_code == 403


def test_an_evaluator_saves_a_draft_then_submits_through_the_form(client, board):
    evaluator = EvaluatorFactory()
    assignment = assign(board, screened_application(board.program), evaluator)
    client.force_login(evaluator.user)
    url = reverse("reviews:assignment", args=[assignment.pk])
    draft = {"score_tech": "30", "score_market": "", "score_team": "", "save": ""}
    assert client.post(url, draft).status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).scorecard.status == ScorecardStatus.DRAFT
    refused = client.post(
        url,
        {"score_tech": "45", "score_market": "20", "score_team": "20", "submit": ""},
    )
    assert refused.status_code == 400
    assert "Enter a score from 0 to 40, with at most 2 decimals." in refused.content.decode()
    assert "Write a comment before you submit." in refused.content.decode()
    done = client.post(
        url,
        {
            "score_tech": "35",
            "score_market": "20",
            "score_team": "25.5",
            "comment": "시장 분석이 탄탄함",
            "submit": "",
        },
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="score-form"' not in page
    assert "시장 분석이 탄탄함" in page


def test_the_rubric_editor_saves_criteria(client, officer, program):
    client.force_login(officer)
    url = reverse("reviews:rubric", args=[program.pk, "presentation"])
    assert client.get(url).status_code == 200
    data = {
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-code": "pitch",
        "criteria-0-name_ko": "발표력",
        "criteria-0-weight": "1",
        "criteria-0-max_score": "50",
        "criteria-1-code": "plan",
        "criteria-1-name_ko": "사업계획",
        "criteria-1-weight": "1",
        "criteria-1-max_score": "50",
        "criteria-2-weight": "1",
    }
    assert client.post(url, data).status_code == 302
    saved = Rubric.objects.get(program=program, stage="presentation")
    assert list(saved.criteria.values_list("code", flat=True)) == ["pitch", "plan"]
    bad = client.post(url, {**data, "criteria-1-max_score": "0"})
    assert bad.status_code == 400
    assert "Criterion 2: the maximum is a number above 0" in bad.content.decode()


def test_a_saved_draft_comment_comes_back_in_the_form_and_submits(client, board):
    """Issue 9 item 3: the draft's comment reloads, so submitting does not ask for it again and
    saving again does not blank it."""
    evaluator = EvaluatorFactory()
    assignment = assign(board, screened_application(board.program), evaluator)
    client.force_login(evaluator.user)
    url = reverse("reviews:assignment", args=[assignment.pk])
    draft = {"score_tech": "30", "score_market": "20", "score_team": "25", "comment": "초안 의견"}
    assert client.post(url, {**draft, "save": ""}).status_code == 302
    form = client.get(url).context["form"]
    assert form["comment"].value() == "초안 의견"
    assert form["score_tech"].value() == "30"
    resubmitted = {name: form[name].value() for name in draft}
    assert client.post(url, {**resubmitted, "submit": ""}).status_code == 302
    scorecard = Assignment.objects.get(pk=assignment.pk).scorecard
    assert scorecard.status == ScorecardStatus.SUBMITTED
    assert scorecard.comment == "초안 의견"
