from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "jiwon.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        # A published selection writes the selected companies' support-ledger rows.
        from jiwon.outcomes.receivers import selection_to_ledger
        from jiwon.reviews.signals import results_published

        results_published.connect(selection_to_ledger, dispatch_uid="outcomes.selection_to_ledger")

        # The eligibility rules' three-year sales average reads the yearly figures.
        from jiwon.outcomes.sales_source import reported_sales
        from jiwon.programs.eligibility.sources import register_sales_source

        register_sales_source(reported_sales)

        # The outcomes section of the company page.
        from jiwon.outcomes import company_section

        company_section.register()

        from jiwon.core.navigation import PORTAL, RESULTS, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(
            NavItem("outcomes:survey_portal", _("Outcome survey"), "portal.enter", PORTAL, order=20)
        )
        register_nav(NavItem("outcomes:ledger", _("Outcomes"), "outcomes.view_all", RESULTS))
