"""The pool through its pages: staff manage evaluators, their relationships and committees;
nobody else reaches the staff pages."""

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, valid_brn
from jiwon.core.roles import Role
from jiwon.reviews.models import (
    Committee,
    Conflict,
    Evaluator,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    screened_application,
)


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
