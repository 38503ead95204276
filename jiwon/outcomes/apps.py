from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "jiwon.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        # The eligibility rules' three-year sales average reads the yearly figures.
        from jiwon.outcomes.sales_source import reported_sales
        from jiwon.programs.eligibility.sources import register_sales_source

        register_sales_source(reported_sales)
