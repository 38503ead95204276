from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jiwon.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from jiwon.core.navigation import OVERSIGHT, NavItem, register_nav

        # The API's documentation is for the staff who script against it; everyone else
        # manages their tokens on their profile page.
        register_nav(
            NavItem("api-1.0.0:openapi-view", _("API"), "backoffice.enter", OVERSIGHT, order=90)
        )
