"""The access helpers: who gets which programme (and attachment), and 404 or 403 when not."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.programs.access import ANYONE, attachment_for, program_for
from jiwon.programs.models import ProgramAttachment
from jiwon.programs.tests.factories import ProgramFactory
from jiwon.programs.workflow import ProgramStatus


def attached(program, name="공고문.pdf") -> ProgramAttachment:
    return ProgramAttachment.objects.create(
        program=program, file=f"programs/{name}", name=name, size=1, sha256="0" * 64
    )


@pytest.fixture
def published(db):
    return ProgramFactory(status=ProgramStatus.PUBLISHED)


@pytest.fixture
def draft(db):
    return ProgramFactory(status=ProgramStatus.DRAFT)


@pytest.fixture
def auditor(db):
    return UserFactory(role=Role.AUDITOR)  # reads every programme, changes none


def test_it_gives_anyone_a_public_programme(published):
    assert program_for(ANYONE, published.pk) == published


def test_it_hides_a_draft_from_anyone_and_from_members(draft, member):
    for user in (ANYONE, member):
        with pytest.raises(Http404):
            program_for(user, draft.pk)


def test_it_gives_drafts_to_staff_who_read_every_programme(draft, auditor):
    assert program_for(auditor, draft.pk) == draft


def test_it_refuses_a_change_to_a_reader_with_403(published, auditor):
    with pytest.raises(PermissionDenied):
        program_for(auditor, published.pk, action="change")


def test_it_lets_a_manager_change_a_draft(draft, officer):
    assert program_for(officer, draft.pk, action="change") == draft


@pytest.mark.parametrize("pk", [900_001, "x", None])
def test_it_answers_404_for_a_programme_that_does_not_exist(db, pk):
    with pytest.raises(Http404):
        program_for(ANYONE, pk)


def test_it_refuses_an_unknown_action(published):
    with pytest.raises(ValueError, match="unknown action"):
        program_for(ANYONE, published.pk, action="delete")


def test_it_gives_the_attachment_of_a_public_programme_to_anyone(published):
    attachment = attached(published)

    found = attachment_for(ANYONE, published.pk, attachment.pk)

    assert found == attachment and found.program == published


def test_it_hides_the_attachment_of_a_draft(draft, auditor):
    attachment = attached(draft)

    with pytest.raises(Http404):
        attachment_for(ANYONE, draft.pk, attachment.pk)
    assert attachment_for(auditor, draft.pk, attachment.pk) == attachment


def test_it_answers_404_for_an_attachment_of_another_programme(published):
    other = attached(ProgramFactory())

    with pytest.raises(Http404):
        attachment_for(ANYONE, published.pk, other.pk)


def test_it_refuses_to_let_a_reader_remove_an_attachment(published, auditor, officer):
    attachment = attached(published)

    with pytest.raises(PermissionDenied):
        attachment_for(auditor, published.pk, attachment.pk, action="change")
    assert attachment_for(officer, published.pk, attachment.pk, action="change") == attachment
