from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "jiwon.outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from jiwon.outcomes import company_section

        company_section.register()
