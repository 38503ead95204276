"""`jiwon worker` rides out transient database errors instead of leaving the queue without a
worker (issue 10, item 11: the stock worker died on "database is locked" during an import)."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.management.commands import db_worker

from jiwon.ops.models import Heartbeat
from jiwon.ops.tasks import worker_heartbeat

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RUN_QUEUE_ONCE = ["--batch", "--no-startup-delay", "--no-reload", "-v", "0"]


def _failing_first(times: int, message: str):
    """db_worker's transaction helper, failing `times` times with `message` first."""
    real = db_worker.exclusive_transaction
    failures = {"left": times}

    @contextmanager
    def flaky(using=None):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError(message)
        with real(using):
            yield

    return flaky


@pytest.fixture
def queued_heartbeat(settings):
    settings.TASKS = QUEUE
    worker_heartbeat.enqueue()
    assert not Heartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "message", ["database is locked", "server closed the connection unexpectedly"]
)
def test_it_runs_the_queued_task_after_a_transient_database_error(queued_heartbeat, message):
    with (
        mock.patch.object(db_worker, "exclusive_transaction", _failing_first(2, message)),
        mock.patch("jiwon.ops.management.commands.worker.time.sleep") as sleep,
    ):
        call_command("worker", *RUN_QUEUE_ONCE)
    assert Heartbeat.objects.filter(name="worker").exists()
    # It paused before each new attempt; the database answered each time, so no longer.
    assert [c.args[0] for c in sleep.call_args_list] == [1.0, 1.0]


@pytest.mark.django_db(transaction=True)
def test_it_waits_longer_while_the_database_stays_away(queued_heartbeat):
    answers = iter([False, False, True])
    with (
        mock.patch.object(db_worker, "exclusive_transaction", _failing_first(3, "is locked")),
        mock.patch("jiwon.ops.management.commands.worker.time.sleep") as sleep,
        mock.patch(
            "jiwon.ops.management.commands.worker._database_answers",
            side_effect=lambda: next(answers),
        ),
    ):
        call_command("worker", *RUN_QUEUE_ONCE)
    assert [c.args[0] for c in sleep.call_args_list] == [1.0, 2.0, 4.0]
    assert Heartbeat.objects.filter(name="worker").exists()


@pytest.mark.django_db(transaction=True)
def test_it_gives_up_when_the_database_stays_unusable_too_long(queued_heartbeat, settings):
    settings.JIWON_WORKER_DB_OUTAGE_SECONDS = 0
    with (
        mock.patch.object(db_worker, "exclusive_transaction", _failing_first(1, "is locked")),
        pytest.raises(OperationalError),
    ):
        call_command("worker", *RUN_QUEUE_ONCE)
    assert not Heartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_still_stops_on_an_error_that_is_not_the_database(queued_heartbeat):
    def broken(using=None):
        raise RuntimeError("a bug")

    with mock.patch.object(db_worker, "exclusive_transaction", broken), pytest.raises(RuntimeError):
        call_command("worker", *RUN_QUEUE_ONCE)
