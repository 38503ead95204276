"""Background tasks of ops (django-tasks). The worker imports this module by path."""

from django.utils import timezone
from django_tasks import task

from jiwon.ops.models import Heartbeat

WORKER = "worker"


@task()
def worker_heartbeat() -> None:
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"seen_at": timezone.now()})
