from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from jiwon.core.admin_mixins import ModelAdmin
from jiwon.privacy.models import PersonalDataAccess, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(ModelAdmin):
    """The agency sets how many months each kind is kept; the kinds come from the code."""

    list_display = ["kind", "keep_months", "legal_basis", "updated_at"]
    fields = ["kind", "keep_months", "legal_basis"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ModelAdmin):
    """Read-only: the access log is written by the views and removed only by retention."""

    list_display = ["at", "actor_label", "action", "subject_kind", "subject_label", "purpose"]
    list_filter = ["action", "subject_kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
