"""Conflicts of interest through their pages: the evaluator recuses, the applicant challenges,
staff decide."""

from django.urls import reverse

from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.reviews.models import (
    CommitteeMember,
    Conflict,
    ConflictKind,
    ConflictStatus,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    assign,
    screened_application,
)


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


def test_an_applicant_challenges_and_staff_decide(client, member, company, officer, board):
    application = screened_application(board.program, company)
    evaluator = EvaluatorFactory(name="박평가")

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

    client.force_login(member_of(CompanyFactory()))
    assert client.get(reverse("reviews:challenge", args=[application.pk])).status_code == 404
