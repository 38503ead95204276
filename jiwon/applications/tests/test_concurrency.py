"""Deadline day: simultaneous final submissions. On PostgreSQL they really run at once (two
threads, two connections); SQLite serialises writers (IMMEDIATE transactions), so there the
second submission simply arrives after the first."""

import threading

import pytest
from django.db import connection

from jiwon.applications.models import Application
from jiwon.applications.services.applications import AlreadySubmitted, application_submit
from jiwon.applications.tests.factories import complete, started
from jiwon.companies.tests.factories import CompanyFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(calls):
    """Run each call in its own thread and connection, released together; returns what each
    returned or raised, in order."""
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # the outcome under test, not an error of the harness
            results[i] = exc
        finally:
            connection.close()

    if connection.vendor != "postgresql":
        return [_outcome(call) for call in calls]
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _outcome(call):
    try:
        return call()
    except Exception as exc:
        return exc


def submit(member, pk):
    return lambda: application_submit(actor=member, application=Application.objects.get(pk=pk))


def test_two_simultaneous_final_submissions_produce_one_receipt(program, company, member):
    application = complete(started(program, member, company), member)
    outcomes = run_at_once([submit(member, application.pk), submit(member, application.pk)])
    accepted = [o for o in outcomes if isinstance(o, Application)]
    refused = [o for o in outcomes if isinstance(o, AlreadySubmitted)]
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    assert refused[0].application.receipt_number == accepted[0].receipt_number
    application.refresh_from_db()
    assert application.receipt_number == accepted[0].receipt_number
    assert application.status_history.filter(target="submitted").count() == 1


def test_simultaneous_submissions_of_different_applications_get_distinct_numbers(program):
    calls = []
    for _ in range(4):
        company = CompanyFactory()
        member = member_of(company)
        calls.append(submit(member, complete(started(program, member, company), member).pk))
    outcomes = run_at_once(calls)
    assert all(isinstance(o, Application) for o in outcomes), outcomes
    numbers = sorted(o.receipt_number for o in outcomes)
    series = program.series.upper()
    assert numbers == [f"AY-2026-{series}-{n:06d}" for n in range(1, 5)]
