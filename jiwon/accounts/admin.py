from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from jiwon.accounts.models import ApiToken, User
from jiwon.core.admin_mixins import AuditedModelAdmin


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    list_display = ["username", "display_name", "email", "role", "agency", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        ("Jiwon", {"fields": ["role", "agency", "display_name"]}),
    ]
    add_fieldsets = [*BaseUserAdmin.add_fieldsets, ("Jiwon", {"fields": ["role", "agency"]})]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["user", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "hint"]
