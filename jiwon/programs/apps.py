from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "jiwon.programs"
    verbose_name = _("Support programmes")

    def ready(self) -> None:
        from jiwon.core.navigation import NOTICES, PORTAL, PROGRAMMES, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(NavItem("notices:list", _("Notices"), None, NOTICES, order=10, public=True))
        register_nav(
            NavItem(
                "recommendations:list",
                _("Recommended programmes"),
                "portal.enter",
                PORTAL,
                order=30,
            )
        )
        register_nav(
            NavItem("programs:list", _("Programmes"), "programs.view_all", PROGRAMMES, order=10)
        )
