"""An evaluator reads an application only when assigned to it and not conflicted: everything
else answers 404 on the evaluation page, the file download and the API alike."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications.models import ApplicationFile
from jiwon.core.roles import Role
from jiwon.programs.tests.factories import ProgramFactory
from jiwon.reviews.models import Conflict, ConflictKind, ConflictStatus
from jiwon.reviews.services.conflicts import conflict_challenge, conflict_decide
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    assign,
    committee,
    rubric,
    screened_application,
)

PDF = b"%PDF-1.7\n plan"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setup(db, company):
    program = ProgramFactory()
    rubric(program)
    application = screened_application(program, company)
    stored = ApplicationFile(
        application=application,
        field_key="business_plan",
        original_name="사업계획서.pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    stored.file.save("plan.pdf", ContentFile(PDF), save=False)
    stored.save()
    evaluator = EvaluatorFactory()
    board = committee(program, members=[evaluator])
    assignment = assign(board, application, evaluator)
    return {
        "application": application,
        "file": stored,
        "evaluator": evaluator,
        "assignment": assignment,
    }


def urls(setup):
    application = setup["application"]
    return {
        "page": reverse("reviews:assignment", args=[setup["assignment"].pk]),
        "file": reverse("applications:file", args=[application.pk, setup["file"].pk]),
        "api": f"/api/v1/evaluation/applications/{application.pk}",
    }


def statuses(client, user, setup):
    client.force_login(user)
    return {name: client.get(url).status_code for name, url in urls(setup).items()}


def test_the_assigned_evaluator_reads_the_application_its_files_and_the_api(client, setup):
    assert statuses(client, setup["evaluator"].user, setup) == {
        "page": 200,
        "file": 200,
        "api": 200,
    }
    response = client.get(urls(setup)["file"])
    assert b"".join(response.streaming_content) == PDF
    api = client.get(urls(setup)["api"]).json()
    assert api["files"][0]["sha256"] == setup["file"].sha256


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (ConflictKind.EXCLUSION, ConflictStatus.AUTOMATIC),
        (ConflictKind.RECUSAL, ConflictStatus.DECLARED),
        (ConflictKind.CHALLENGE, ConflictStatus.UPHELD),
    ],
)
def test_a_conflicted_evaluator_gets_404_everywhere_even_with_the_assignment_left(
    client, setup, kind, status
):
    # The services remove the assignment when a conflict blocks; this one is left in place to
    # show that access does not rely on that.
    Conflict.objects.create(
        application=setup["application"],
        evaluator=setup["evaluator"],
        kind=kind,
        status=status,
        reason="test",
    )
    assert statuses(client, setup["evaluator"].user, setup) == {
        "page": 404,
        "file": 404,
        "api": 404,
    }


def test_an_upheld_challenge_takes_the_application_away_from_the_evaluator(
    client, setup, member, officer
):
    conflict = conflict_challenge(
        actor=member,
        application=setup["application"],
        evaluator=setup["evaluator"],
        reason="경쟁사",
    )
    assert statuses(client, setup["evaluator"].user, setup)["file"] == 200
    conflict_decide(actor=officer, conflict=conflict, uphold=True, reason="확인됨")
    assert set(statuses(client, setup["evaluator"].user, setup).values()) == {404}


def test_a_dismissed_challenge_leaves_the_evaluator_reading(client, setup, member, officer):
    conflict = conflict_challenge(
        actor=member,
        application=setup["application"],
        evaluator=setup["evaluator"],
        reason="경쟁사",
    )
    conflict_decide(actor=officer, conflict=conflict, uphold=False, reason="근거 없음")
    assert set(statuses(client, setup["evaluator"].user, setup).values()) == {200}


def test_an_unassigned_evaluator_gets_404_everywhere(client, setup):
    other = EvaluatorFactory()
    assert set(statuses(client, other.user, setup).values()) == {404}


def test_an_evaluator_account_without_a_pool_profile_gets_404(client, setup):
    assert set(statuses(client, UserFactory(role=Role.EVALUATOR), setup).values()) == {404}


def test_an_inactive_evaluator_no_longer_reads_their_assignment(client, setup):
    setup["evaluator"].active = False
    setup["evaluator"].save()
    assert set(statuses(client, setup["evaluator"].user, setup).values()) == {404}


def test_an_assignment_to_another_application_does_not_open_this_one(client, setup):
    program = setup["application"].program
    other_application = screened_application(program)
    assignment = setup["assignment"]
    client.force_login(setup["evaluator"].user)
    assert client.get(f"/api/v1/evaluation/applications/{other_application.pk}").status_code == 404
    api = urls(setup)["api"]
    assignment.delete()
    assert client.get(api).status_code == 404
