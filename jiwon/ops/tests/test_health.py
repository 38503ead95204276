"""/healthz answers while the process lives; /readyz says whether the server can work: the
database answers, migrations are applied, and a task worker ran the heartbeat task lately."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from jiwon.core.scheduling import run_due_jobs
from jiwon.ops.models import Heartbeat

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_answers_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_tasks_run_in_the_request(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["migrations"] == {"ok": True, "detail": "applied"}


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_database_is_down(client):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", refuse):
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "detail": "unreachable"}
    assert not checks["migrations"]["ok"]
    assert not checks["worker"]["ok"]


@pytest.mark.django_db
def test_readyz_is_unavailable_while_a_migration_is_not_applied(client):
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[("ops.0002_pending", False)],
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "detail": "1 not applied"}


@pytest.mark.django_db
def test_readyz_needs_a_worker_that_was_never_seen_when_tasks_are_queued(client, settings):
    settings.TASKS = QUEUE
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "detail": "never seen"}


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_worker_heartbeat_is_stale(client, settings):
    settings.TASKS = QUEUE
    settings.JIWON_WORKER_HEARTBEAT_MAX_AGE = 180
    Heartbeat.objects.create(name="worker", seen_at=timezone.now() - timedelta(seconds=181))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["detail"].startswith("last seen 18")


@pytest.mark.django_db
def test_readyz_is_ready_when_the_worker_beat_recently(client, settings):
    settings.TASKS = QUEUE
    Heartbeat.objects.create(name="worker", seen_at=timezone.now() - timedelta(seconds=30))
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["worker"]["ok"]


@pytest.mark.django_db
def test_the_scheduler_queues_the_heartbeat_that_the_worker_writes():
    # The immediate backend runs the task at once, as a worker would run it from the queue.
    run_due_jobs(only="ops.worker_heartbeat")
    beat = Heartbeat.objects.get(name="worker")
    assert abs(beat.seen_at - timezone.now()) < timedelta(seconds=5)


@pytest.mark.django_db
def test_readyz_is_never_cached(client):
    response = client.get("/readyz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    json.loads(response.content)
