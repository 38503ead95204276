"""The evaluation pages: evaluators see and score only their own assignments; staff manage the
pool, committees, rubrics and assignment; applicants challenge evaluators."""

import pytest
from django.urls import reverse
from django.utils import translation

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory, valid_brn
from jiwon.core.roles import Role
from jiwon.programs.tests.factories import ProgramFactory
from jiwon.reviews.models import (
    Assignment,
    Committee,
    Conflict,
    ConflictKind,
    ConflictStatus,
    Evaluator,
    Rubric,
    ScorecardStatus,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    assign,
    committee,
    rubric,
    screened_application,
)


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English (the msgids), whatever the catalogue holds."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def program(db):
    return ProgramFactory()


@pytest.fixture
def board(program):
    rubric(program)
    return committee(program)


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


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.COMPANY_MEMBER, Role.AUDITOR])
def test_staff_pages_are_for_reviews_managers(client, board, role):
    client.force_login(UserFactory(role=role))
    for url in (
        reverse("reviews:staff_index"),
        reverse("reviews:evaluators"),
        reverse("reviews:committee", args=[board.pk]),
        reverse("reviews:program", args=[board.program.pk]),
    ):
        assert client.get(url).status_code == 403, url


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


def test_an_evaluator_recuses_from_the_list(client, board):
    evaluator = EvaluatorFactory()
    assignment = assign(board, screened_application(board.program), evaluator)
    client.force_login(evaluator.user)
    response = client.post(
        reverse("reviews:recuse", args=[assignment.pk]), {"reason": "지인이 대표"}
    )
    assert response.status_code == 302
    assert Conflict.objects.get().kind == ConflictKind.RECUSAL
    assert client.get(reverse("reviews:assignment", args=[assignment.pk])).status_code == 404


def test_staff_add_an_evaluator_with_a_relationship_that_excludes(client, officer, board):
    company = CompanyFactory(brn=valid_brn(77))
    application = screened_application(board.program, company)
    client.force_login(officer)
    response = client.post(
        reverse("reviews:evaluator_create"),
        {
            "username": "expert1",
            "email": "expert1@example.com",
            "name": "김전문",
            "affiliation": "한국공대",
            "expertise_ksic": "26, C, 2612",
            "expertise_keywords": "반도체, IoT",
            "capacity": "8",
            "active": "on",
        },
    )
    assert response.status_code == 302
    evaluator = Evaluator.objects.get(user__username="expert1")
    assert evaluator.user.role == Role.EVALUATOR
    assert evaluator.expertise_ksic == ["26", "C", "2612"]
    response = client.post(
        reverse("reviews:relationship_add", args=[evaluator.pk]),
        {"kind": "former_employer", "brn": company.brn},
    )
    assert response.status_code == 302
    assert Conflict.objects.get(evaluator=evaluator, application=application).blocks


def test_a_bad_ksic_code_is_explained(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("reviews:evaluator_create"),
        {"username": "e2", "name": "이름", "expertise_ksic": "99x", "capacity": "5"},
    )
    assert response.status_code == 400
    assert "“99x” is not a KSIC code" in response.content.decode()


def test_staff_create_a_committee_and_add_members(client, officer, program):
    evaluator = EvaluatorFactory()
    client.force_login(officer)
    response = client.post(
        reverse("reviews:program", args=[program.pk]),
        {
            "stage": "document",
            "name": "서면평가",
            "per_application": "3",
            "min_for_trimmed": "5",
            "status": "forming",
        },
    )
    made = Committee.objects.get(program=program)
    assert response.status_code == 302
    response = client.post(
        reverse("reviews:member_add", args=[made.pk]), {"evaluator": evaluator.pk}
    )
    assert response.status_code == 302
    assert list(made.members.all()) == [evaluator]
    again = client.post(
        reverse("reviews:program", args=[program.pk]),
        {
            "stage": "document",
            "name": "둘째",
            "per_application": "3",
            "min_for_trimmed": "2",
            "status": "forming",
        },
    )
    assert again.status_code == 400
    assert Committee.objects.filter(program=program).count() == 1


def test_check_feasibility_shows_the_engines_message(client, officer, board):
    for _ in range(2):
        screened_application(board.program)
    client.force_login(officer)
    response = client.post(reverse("reviews:feasibility", args=[board.pk]))
    assert response.status_code == 200
    assert (
        "Only 0 of the 6 assignments for Document review can be made: 6 missing."
        in response.content.decode()
    )


def test_assign_and_adjust_from_the_committee_page(client, officer, board):
    application = screened_application(board.program)
    evaluators = [EvaluatorFactory() for _ in range(4)]
    from jiwon.reviews.models import CommitteeMember

    for evaluator in evaluators:
        CommitteeMember.objects.create(committee=board, evaluator=evaluator)
    client.force_login(officer)
    assert client.post(reverse("reviews:assign", args=[board.pk])).status_code == 302
    assert board.assignments.count() == 3
    page = client.get(reverse("reviews:committee", args=[board.pk])).content.decode()
    assert 'id="assignments"' in page
    removed = board.assignments.first()
    client.post(reverse("reviews:assignment_remove", args=[removed.pk]))
    assert board.assignments.count() == 2
    spare = next(e for e in evaluators if not board.assignments.filter(evaluator=e).exists())
    Conflict.objects.create(
        application=application,
        evaluator=spare,
        kind=ConflictKind.RECUSAL,
        status=ConflictStatus.DECLARED,
        reason="회피",
    )
    refused = client.post(
        reverse("reviews:assignment_add", args=[board.pk]),
        {"application": application.pk, "evaluator": spare.pk},
    )
    assert refused.status_code == 400
    assert "has a conflict of interest" in refused.content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"reviews.committee_assign", "reviews.assignment_remove"} <= actions


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


def test_an_applicant_challenges_and_staff_decide(client, member, company, officer, board):
    application = screened_application(board.program, company)
    evaluator = EvaluatorFactory(name="박평가")
    from jiwon.reviews.models import CommitteeMember

    CommitteeMember.objects.create(committee=board, evaluator=evaluator)
    client.force_login(member)
    url = reverse("reviews:challenge", args=[application.pk])
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert url in detail
    page = client.get(url).content.decode()
    assert "박평가" in page
    assert client.post(url, {"evaluator": evaluator.pk, "reason": "경쟁사 자문"}).status_code == 302
    conflict = Conflict.objects.get(kind=ConflictKind.CHALLENGE)
    client.force_login(officer)
    response = client.post(
        reverse("reviews:conflict_decide", args=[conflict.pk]),
        {"decision": "uphold", "decision_reason": "자문 계약 확인"},
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.UPHELD


def test_another_company_cannot_challenge_on_an_application(client, board):
    application = screened_application(board.program)
    from jiwon.companies.tests.factories import member_of

    client.force_login(member_of(CompanyFactory()))
    assert client.get(reverse("reviews:challenge", args=[application.pk])).status_code == 404
