from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from jiwon.audit.models import AuditEntry
from jiwon.core.admin_mixins import ModelAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ModelAdmin):
    """Read-only: the chain may only grow through audit_record()."""

    list_display = ["at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
