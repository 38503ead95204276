from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "jiwon.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from jiwon.core.scheduling import register_job
        from jiwon.ops.health import enqueue_worker_heartbeat

        register_job(
            name="ops.worker_heartbeat",
            every=timedelta(seconds=60),
            run=enqueue_worker_heartbeat,
            description="Queue the task whose run shows /readyz that a task worker is alive.",
        )
