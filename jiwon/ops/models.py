from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last moment a process proved it was alive: the task worker writes `worker` when it
    runs the heartbeat task the scheduler queues every minute (so a recent beat means that the
    scheduler, the queue and a worker all work). /readyz reads it."""

    name = models.CharField(_("process"), max_length=40, unique=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"
