"""The Django admin site of Jiwon: it follows the project's roles, so an is_staff flag alone
does not open it (settings install it through `jiwon.core.apps.JiwonAdminConfig`)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from jiwon.core.permissions import has_perm


class JiwonAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and has_perm(user, "admin.enter")

    def login(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        """One login for the whole site: the admin's sends people to the site's, with its
        throttle and second factor, and back (a POST here checks no password at all)."""
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name),
            settings.LOGIN_URL,
        )
