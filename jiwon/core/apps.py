from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _restore_reference_data(sender: AppConfig, using: str, **kwargs: Any) -> None:
    """Data migration 0002 loads the reference lists; a database flush (which Django follows
    with post_migrate, e.g. after each transactional test) empties them, so put them back."""
    from jiwon.core.models import KsicCode
    from jiwon.core.reference import ensure_reference_data

    if KsicCode._meta.db_table in connections[using].introspection.table_names():
        ensure_reference_data(using=using)


class CoreConfig(AppConfig):
    name = "jiwon.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        post_migrate.connect(_restore_reference_data, sender=self)

        from jiwon.core.navigation import HOME, NavItem, register_nav

        register_nav(NavItem("core:home", _("Home"), None, HOME, exact=True))


class JiwonAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin on Jiwon's own site (jiwon.core.admin_site), installed in its
    place in INSTALLED_APPS. Not the default config of jiwon.core: that is CoreConfig."""

    default = False
    default_site = "jiwon.core.admin_site.JiwonAdminSite"
