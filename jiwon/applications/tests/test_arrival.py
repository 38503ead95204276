"""Deadline day: a submission is judged on when it reached the server (stamped by
jiwon.core.arrival before any waiting), not on when it was processed; and receipt numbers
stay unique and gap-free without a queue on the programme row."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiwon.applications import views
from jiwon.applications.models import Application
from jiwon.applications.services import applications as services
from jiwon.applications.tests.factories import complete, open_program, started
from jiwon.applications.tests.test_concurrency import run_at_once, submit
from jiwon.applications.workflow import ApplicationStatus as S
from jiwon.companies.tests.factories import CompanyFactory, member_of


@pytest.fixture
def closing(db):
    """A programme that closes 10 seconds from now."""
    return open_program(closes_at=timezone.now() + timedelta(seconds=10))


def slow_submission(monkeypatch, delay):
    """The submit service, reached only `delay` after the request arrived (a busy server:
    locks, workers)."""
    real = services.application_submit

    def slow(**kwargs):
        with time_machine.travel(timezone.now() + delay, tick=False):
            return real(**kwargs)

    monkeypatch.setattr(views, "application_submit", slow)


def test_a_submission_that_arrived_before_the_deadline_is_accepted_though_processed_after(
    client_member, closing, member, company, monkeypatch
):
    application = complete(started(closing, member, company), member)
    slow_submission(monkeypatch, timedelta(seconds=30))
    response = client_member.post(reverse("applications:review", args=[application.pk]))
    assert response["Location"] == reverse("applications:receipt", args=[application.pk])
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.submitted_at < closing.closes_at


def test_a_submission_that_arrived_after_the_deadline_is_refused(
    client_member, closing, member, company
):
    application = complete(started(closing, member, company), member)
    with time_machine.travel(closing.closes_at, tick=False):
        page = client_member.post(reverse("applications:review", args=[application.pk]))
    assert "Applications closed at" in page.content.decode()
    application.refresh_from_db()
    assert application.status == S.DRAFT and application.receipt_number is None


def test_a_failed_submission_gives_its_number_back(program, member, company):
    first = complete(started(program, member, company), member)
    services.application_submit(actor=member, application=first)
    other = CompanyFactory()
    other_member = member_of(other)
    incomplete = started(program, other_member, other)
    with pytest.raises(ValidationError):
        services.application_submit(actor=other_member, application=incomplete)
    services.application_submit(actor=other_member, application=complete(incomplete, other_member))
    numbers = sorted(program.applications.values_list("receipt_sequence", flat=True))
    assert numbers == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_unique_gap_free_receipts():
    """On PostgreSQL (own database, DATABASE_URL) the twelve really run at once; a thirteenth,
    incomplete, is refused in the middle of them and leaves no gap."""
    program = open_program()
    calls = []
    for number in range(13):
        company = CompanyFactory()
        member = member_of(company)
        application = started(program, member, company)
        if number != 6:
            complete(application, member)
        calls.append(submit(member, application.pk))
    outcomes = run_at_once(calls)
    accepted = [o for o in outcomes if isinstance(o, Application)]
    assert len(accepted) == 12 and isinstance(outcomes[6], ValidationError), outcomes
    sequences = sorted(o.receipt_sequence for o in accepted)
    assert sequences == list(range(1, 13))
    assert len({o.receipt_number for o in accepted}) == 12
    assert program.receipt_counter.last == 12
