"""What /healthz and /readyz answer.

/healthz (liveness) says only that the process answers: it touches nothing, so a load balancer
never restarts app servers because the database is slow. /readyz (readiness) says whether this
server can do its work: the database answers, every migration is applied, and — when tasks go
through the database queue — a task worker ran the heartbeat task recently (the scheduler
queues it every minute, so a recent beat proves the scheduler, the queue and a worker).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jiwon.ops.models import Heartbeat
from jiwon.ops.tasks import WORKER, worker_heartbeat

logger = logging.getLogger(__name__)

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def enqueue_worker_heartbeat(now: datetime) -> str:
    """The scheduled job: queue the heartbeat task (run at once by the immediate backend)."""
    worker_heartbeat.enqueue()
    return "queued"


def uses_task_queue() -> bool:
    return bool(settings.TASKS["default"]["BACKEND"] == DATABASE_QUEUE)


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("readyz: database unreachable: %s", exc)
        return Check("database", False, "unreachable")
    return Check("database", True, connection.vendor)


def _migrations() -> Check:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return Check("migrations", False, f"{len(pending)} not applied")
    return Check("migrations", True, "applied")


def _worker(now: datetime) -> Check:
    if not uses_task_queue():
        return Check("worker", True, "tasks run in the request (no queue)")
    beat = Heartbeat.objects.filter(name=WORKER).first()
    if beat is None:
        return Check("worker", False, "never seen")
    age = now - beat.seen_at
    if age > timedelta(seconds=settings.JIWON_WORKER_HEARTBEAT_MAX_AGE):
        return Check("worker", False, f"last seen {int(age.total_seconds())} s ago")
    return Check("worker", True, f"last seen {int(age.total_seconds())} s ago")


def readiness(*, now: datetime | None = None) -> list[Check]:
    database = _database()
    if not database.ok:
        # Nothing else can be asked of a database that does not answer.
        return [
            database,
            Check("migrations", False, "database unreachable"),
            Check("worker", False, "database unreachable"),
        ]
    try:
        return [database, _migrations(), _worker(now or timezone.now())]
    except DatabaseError as exc:
        logger.warning("readyz: database failed during the checks: %s", exc)
        return [database, Check("migrations", False, "database error")]
