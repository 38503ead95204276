"""Who reaches what in evaluation. An evaluator reads an application only when assigned to it
and not conflicted: everything else answers 404 on the evaluation page, the file download and
the API alike. Each access helper answers 404 where the user may not know the object exists
and 403 where they may but not do this."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications.models import ApplicationFile
from jiwon.companies.tests.factories import member_of
from jiwon.core.roles import Role
from jiwon.programs.models import Program
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews import access
from jiwon.reviews.models import (
    Committee,
    CommitteeMember,
    Conflict,
    ConflictKind,
    ConflictStatus,
    RelationshipKind,
    RunStatus,
    SelectionRun,
)
from jiwon.reviews.services.appeals import appeal_lodge
from jiwon.reviews.services.conflicts import conflict_challenge, conflict_decide
from jiwon.reviews.services.selection import selection_compute, selection_confirm
from jiwon.reviews.tests.factories import (
    ClosedProgramFactory,
    EvaluatorFactory,
    assign,
    committee,
    evaluated,
    published_ranking,
    relationship,
    rubric,
    screened_application,
)

PDF = b"%PDF-1.7\n plan"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setup(db, company):
    program = ClosedProgramFactory()
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


# The access helpers of the staff pages, the evaluator's and the applicant's ---------------------


def _conflict():
    application = screened_application(ClosedProgramFactory())
    return Conflict.objects.create(
        application=application,
        evaluator=EvaluatorFactory(),
        kind=ConflictKind.CHALLENGE,
        status=ConflictStatus.PENDING,
        reason="경쟁사",
    )


def _run(officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    return selection_compute(actor=officer, committee=setup.committee)


def _appeal(officer):
    setup = published_ranking(officer, timezone.now())
    return appeal_lodge(actor=setup.members["ours"], result=setup.result("ours"), text="이의")


STAFF_OBJECTS = {
    access.evaluator_for: lambda officer: EvaluatorFactory(),
    access.relationship_for: lambda officer: relationship(
        EvaluatorFactory(), RelationshipKind.OTHER, organisation_name="한빛연구소"
    ),
    access.committee_for: lambda officer: committee(ClosedProgramFactory()),
    access.member_for: lambda officer: CommitteeMember.objects.create(
        committee=committee(ClosedProgramFactory()), evaluator=EvaluatorFactory()
    ),
    access.conflict_for: lambda officer: _conflict(),
    access.run_for: _run,
    access.appeal_for: _appeal,
}
STAFF_HELPERS = pytest.mark.parametrize(
    "helper", list(STAFF_OBJECTS), ids=[h.__name__ for h in STAFF_OBJECTS]
)


@STAFF_HELPERS
def test_it_gives_staff_the_object_and_404_for_an_unknown_id(helper, officer):
    made = STAFF_OBJECTS[helper](officer)
    assert helper(officer, made.pk) == made
    with pytest.raises(Http404):
        helper(officer, made.pk + 1000)
    with pytest.raises(Http404):
        helper(officer, "not a number")


@STAFF_HELPERS
@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.COMPANY_MEMBER, Role.AUDITOR])
def test_it_refuses_everyone_else_with_403_whether_or_not_the_id_exists(helper, officer, role):
    made = STAFF_OBJECTS[helper](officer)
    outsider = UserFactory(role=role)
    for pk in (made.pk, made.pk + 1000):
        with pytest.raises(PermissionDenied):
            helper(outsider, pk)


def test_it_gives_an_evaluator_only_their_own_unblocked_assignment(setup):
    own = setup["assignment"]
    user = setup["evaluator"].user
    assert access.assignment_for(user, own.pk) == own
    for stranger in (EvaluatorFactory().user, UserFactory(role=Role.PROGRAM_OFFICER)):
        with pytest.raises(Http404):
            access.assignment_for(stranger, own.pk)
    Conflict.objects.create(
        application=setup["application"],
        evaluator=setup["evaluator"],
        kind=ConflictKind.RECUSAL,
        status=ConflictStatus.DECLARED,
        reason="회피",
    )
    with pytest.raises(Http404):
        access.assignment_for(user, own.pk)


def test_it_lets_only_staff_manage_an_assignment(setup, officer):
    own = setup["assignment"]
    assert access.assignment_for(officer, own.pk, action="manage") == own
    with pytest.raises(PermissionDenied):
        access.assignment_for(setup["evaluator"].user, own.pk, action="manage")
    with pytest.raises(Http404):
        access.assignment_for(officer, own.pk + 1000, action="manage")


def test_it_gives_the_applicant_their_published_result_to_appeal(published_now, officer):
    result = published_now.result("ours")
    assert access.result_for(published_now.members["ours"], result.pk, action="appeal") == result
    with pytest.raises(Http404):
        access.result_for(published_now.members["theirs"], result.pk, action="appeal")
    with pytest.raises(Http404):
        access.result_for(UserFactory(role=Role.EVALUATOR), result.pk, action="appeal")
    with pytest.raises(PermissionDenied):
        access.result_for(officer, result.pk, action="appeal")


def test_it_hides_a_result_before_publication(officer):
    setup = evaluated({"a": [(30, 30, 30)]})
    run = selection_compute(actor=officer, committee=setup.committee)
    selection_confirm(actor=officer, run=run)
    member = member_of(setup.apps["a"].company)
    with pytest.raises(Http404):
        access.result_for(member, setup.result("a").pk, action="appeal")


def test_it_lets_only_staff_decide_on_a_result(published_now, officer):
    result = published_now.result("ours")
    assert access.result_for(officer, result.pk, action="decide") == result
    with pytest.raises(PermissionDenied):
        access.result_for(published_now.members["ours"], result.pk, action="decide")
    with pytest.raises(Http404):
        access.result_for(officer, result.pk + 1000, action="decide")


def _close(board, officer):
    from jiwon.reviews.services.pool import CommitteeInput, committee_update

    committee_update(
        actor=officer,
        committee=board,
        data=CommitteeInput(
            name=board.name,
            per_application=board.per_application,
            min_for_trimmed=board.min_for_trimmed,
            status="closed",
        ),
    )


def _later(time_machine, days, seconds=0):
    time_machine.move_to(timezone.now() + timedelta(days=days, seconds=seconds), tick=True)


def test_an_evaluator_reads_the_files_until_the_grace_after_the_committee_closed(
    client, setup, officer, settings, time_machine
):
    settings.JIWON_EVALUATOR_ACCESS_GRACE_DAYS = 3
    _close(setup["assignment"].committee, officer)
    assert set(statuses(client, setup["evaluator"].user, setup).values()) == {200}

    _later(time_machine, 3, seconds=-60)
    assert statuses(client, setup["evaluator"].user, setup)["file"] == 200
    _later(time_machine, 0, seconds=120)
    assert set(statuses(client, setup["evaluator"].user, setup).values()) == {404}


def test_an_evaluator_loses_the_files_when_the_ranking_is_confirmed_without_grace(
    client, setup, officer, settings
):
    settings.JIWON_EVALUATOR_ACCESS_GRACE_DAYS = 0
    board = setup["assignment"].committee
    SelectionRun.objects.create(
        program=board.program,
        committee=board,
        status=RunStatus.CONFIRMED,
        computed_at=timezone.now() - timedelta(seconds=2),
        confirmed_at=timezone.now() - timedelta(seconds=1),
    )
    assert statuses(client, setup["evaluator"].user, setup)["file"] == 404


def test_an_evaluator_loses_the_files_of_a_completed_programme(client, setup, settings):
    settings.JIWON_EVALUATOR_ACCESS_GRACE_DAYS = 0
    program = setup["application"].program
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.COMPLETED)
    assert statuses(client, setup["evaluator"].user, setup)["file"] == 404


def test_a_committee_closed_before_closing_times_were_kept_gives_no_more_access(client, setup):
    board = setup["assignment"].committee
    Committee.objects.filter(pk=board.pk).update(status="closed", closed_at=None)
    assert statuses(client, setup["evaluator"].user, setup)["file"] == 404
