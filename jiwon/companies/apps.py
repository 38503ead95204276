from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "jiwon.companies"
    verbose_name = _("Companies")

    def ready(self) -> None:
        from jiwon.companies import profile_section

        profile_section.register()
