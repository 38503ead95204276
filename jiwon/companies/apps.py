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
        from jiwon.companies.personal import VIEW_PERSONAL
        from jiwon.core.permissions import register_object_rule

        # The guard of the personal fields declared in personal.py (their logging is there).
        register_object_rule(Company, VIEW_PERSONAL, own_or_staff)

        from django.urls import reverse

        from jiwon.companies.excel.importer import companies_import_task
        from jiwon.core.imports.registry import ImportKind, register_import

        register_import(
            ImportKind(
                kind="companies",
                label=_("Import companies from Excel"),
                capability="companies.import",
                run=companies_import_task,
                upload_url=lambda run: reverse("companies:import"),
                done_url=lambda run: reverse("companies:list"),
            )
        )

        from jiwon.core.navigation import COMPANIES, PORTAL, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(NavItem("companies:mine", _("My company"), "portal.enter", PORTAL, order=10))
        register_nav(
            NavItem("companies:list", _("Companies"), "companies.view_all", COMPANIES, order=10)
        )
