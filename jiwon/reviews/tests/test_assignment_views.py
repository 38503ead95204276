"""Assignment on the committee's page: the feasibility check, the solver and changes by hand."""

from django.urls import reverse

from jiwon.audit.models import AuditEntry
from jiwon.reviews.models import (
    CommitteeMember,
    Conflict,
    ConflictKind,
    ConflictStatus,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    screened_application,
)


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
