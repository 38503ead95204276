from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: Any
    after: Any


class AuditEntry(models.Model):
    """One write made through a service. Entries form a SHA-256 hash chain: each entry's hash
    covers its own content and the previous entry's hash, so editing or deleting any entry
    breaks every later link (see jiwon.audit.chain)."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict)
    # Unique: a second entry chaining onto the same predecessor (a fork, were the append lock
    # ever bypassed) fails to insert instead of silently splitting the chain.
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def object_model(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return None

    def change_rows(self) -> list[ChangeRow]:
        """The recorded changes as rows, in the model's field order where the field is known.
        Values other than [before, after] (entries written by hand) show as the after value."""
        if not isinstance(self.changes, dict):
            return []
        model = self.object_model()
        order = {f.name: i for i, f in enumerate(model._meta.fields)} if model else {}
        rows = []
        for name in sorted(self.changes, key=lambda n: (order.get(n, len(order)), n)):
            value = self.changes[name]
            before, after = value if isinstance(value, list) and len(value) == 2 else (None, value)
            rows.append(ChangeRow(name, self._field_label(model, name), before, after))
        return rows

    @staticmethod
    def _field_label(model: type[models.Model] | None, name: str) -> str:
        if model is None:
            return name
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        # Reverse relations have no verbose_name.
        return capfirst(getattr(field, "verbose_name", name))


class AuditCheckpoint(models.Model):
    """The chain's head at a moment, under an HMAC whose key lives outside the database (see
    jiwon.audit.checkpoints). Not itself an audit entry: recording it in the chain would move
    the head it anchors."""

    made_at = models.DateTimeField(_("made at"), db_index=True)
    made_by = models.CharField(_("made by"), max_length=150)
    # No foreign key: the point is to notice when the entry is gone.
    entry_id = models.PositiveBigIntegerField(_("head entry"))
    entry_hash = models.CharField(_("head hash"), max_length=64)
    entry_count = models.PositiveBigIntegerField(_("entries up to the head"))
    key_id = models.CharField(_("key"), max_length=16)
    mac = models.CharField(_("signature (HMAC-SHA256)"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-entry_id", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry_count__gte=1), name="audit_checkpoint_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} #{self.entry_id}"
