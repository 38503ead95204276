from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jiwon.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from jiwon.accounts.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="jiwon.accounts.session_started")

        from jiwon.core.navigation import OVERSIGHT, NavItem, register_nav

        # The API's documentation is for the staff who script against it; everyone else
        # manages their tokens on their profile page.
        register_nav(
            NavItem("api-1.0.0:openapi-view", _("API"), "backoffice.enter", OVERSIGHT, order=90)
        )
