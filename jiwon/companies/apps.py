from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "jiwon.companies"
    verbose_name = _("Companies")

    def ready(self) -> None:
        from jiwon.companies import profile_section

        profile_section.register()

        from jiwon.companies import privacy

        privacy.register()

        from jiwon.companies.access import own_or_staff
        from jiwon.companies.models import Company
        from jiwon.core.permissions import register_object_rule

        register_object_rule(Company, "companies.view_personal", own_or_staff)

        from jiwon.core.navigation import COMPANIES, PORTAL, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(NavItem("companies:mine", _("My company"), "portal.enter", PORTAL, order=10))
        register_nav(
            NavItem("companies:list", _("Companies"), "companies.view_all", COMPANIES, order=10)
        )
