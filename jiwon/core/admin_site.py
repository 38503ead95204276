"""The Django admin site of Jiwon: it follows the project's roles, so an is_staff flag alone
does not open it (settings install it through `jiwon.core.apps.JiwonAdminConfig`)."""

from django.contrib import admin
from django.http import HttpRequest

from jiwon.core.permissions import has_perm


class JiwonAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and has_perm(user, "admin.enter")
