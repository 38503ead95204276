"""SQLite as the embedded default: WAL, a busy timeout, and writers of one process waiting in
line (jiwon/core/sqlite) so that a burst of writes all get through instead of some failing
with "database is locked" (issue 10, item 11)."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from jiwon.core.models import ScheduledJob

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def test_it_opens_sqlite_in_wal_mode_with_a_busy_timeout(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 15_000


@pytest.mark.django_db(transaction=True)
def test_it_lets_a_burst_of_writers_through_within_the_busy_timeout(settings):
    # 40 threads, each holding the write lock for 20 ms: 0.8 s of work in all, with a busy
    # timeout of 1.2 s. Polling SQLite's busy handler, some writers lose every poll and fail
    # (Django's own backend fails this test); waiting in line, each waits its turn.
    writers, hold = 40, 0.02
    connection.settings_dict["OPTIONS"]["timeout"] = 1.2
    connection.close()
    ScheduledJob.objects.create(name="burst")
    start = threading.Barrier(writers)
    failures: list[Exception] = []

    def write() -> None:
        try:
            start.wait()
            with transaction.atomic():
                job = ScheduledJob.objects.get(name="burst")
                time.sleep(hold)
                job.runs += 1
                job.save(update_fields=["runs"])
        except OperationalError as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=write) for _ in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        connection.settings_dict["OPTIONS"]["timeout"] = 15
        connection.close()
    assert failures == []
    assert ScheduledJob.objects.get(name="burst").runs == writers


@pytest.mark.django_db(transaction=True)
def test_it_still_refuses_a_writer_that_waited_too_long():
    connection.settings_dict["OPTIONS"]["timeout"] = 0.2
    connection.close()
    held, done = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with transaction.atomic():
            ScheduledJob.objects.create(name="holder")
            held.set()
            done.wait(5)
        connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        held.wait(5)
        with pytest.raises(OperationalError, match="locked"), transaction.atomic():
            ScheduledJob.objects.create(name="late")
    finally:
        done.set()
        holder.join()
        connection.settings_dict["OPTIONS"]["timeout"] = 15
        connection.close()
    assert list(ScheduledJob.objects.values_list("name", flat=True)) == ["holder"]
