from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "jiwon.privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from jiwon.core.navigation import OVERSIGHT, NavItem, register_nav

        register_nav(
            NavItem(
                "privacy:review",
                _("Personal-data access log"),
                "privacy.review_access",
                OVERSIGHT,
                order=20,
            )
        )
