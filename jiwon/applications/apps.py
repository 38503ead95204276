from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "jiwon.applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from jiwon.applications.access import is_applicant, may_apply
        from jiwon.applications.models import Application
        from jiwon.companies.models import Company
        from jiwon.core.permissions import register_object_rule

        # A company member applies only for their own company, and acts only on its
        # applications.
        register_object_rule(Company, "applications.apply", may_apply)
        register_object_rule(Application, "applications.apply", is_applicant)

        from jiwon.core.navigation import PORTAL, PROGRAMMES, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(
            NavItem("applications:mine", _("My applications"), "portal.enter", PORTAL, order=40)
        )
        register_nav(
            NavItem(
                "applications:staff_index",
                _("Applications"),
                "programs.view_all",
                PROGRAMMES,
                order=20,
            )
        )
