"""`jiwon worker`: django-tasks' database worker (`db_worker`, same options) that survives a
transient database error.

The stock worker lets any database error out of its loop and exits: "database is locked" on
SQLite while an import writes, or PostgreSQL restarting, left the queue without a worker. This
one logs the error, drops its connections, waits (1 s, doubling to 30 s) and goes on; a task
that was running when the error struck is recorded as failed by the worker as usual. Only when
the database stays unusable for `JIWON_WORKER_DB_OUTAGE_SECONDS` does it give up, so that a
supervisor restarts it and /readyz reports the missing worker meanwhile.
"""

import logging
import time
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("jiwon.worker")

FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 30.0


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError):
        connections.close_all()
        return False
    return True


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        pause = FIRST_PAUSE_SECONDS
        failing_since: float | None = None
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as exc:
                if failing_since is None:
                    failing_since = time.monotonic()
                if time.monotonic() - failing_since >= settings.JIWON_WORKER_DB_OUTAGE_SECONDS:
                    logger.error("database unusable for too long, the worker stops: %s", exc)
                    raise
                logger.warning("database error, the worker goes on in %.0f s: %s", pause, exc)
                connections.close_all()
                time.sleep(pause)
                if _database_answers():
                    pause, failing_since = FIRST_PAUSE_SECONDS, None
                else:
                    pause = min(pause * 2, LONGEST_PAUSE_SECONDS)


class Command(db_worker.Command):
    help = "Run the background task worker (survives transient database errors)."

    def handle(self, **options: Any) -> None:
        # The stock command builds its Worker by this module-level name.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker  # type: ignore[misc]
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
