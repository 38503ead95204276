from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "jiwon.applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from jiwon.applications.access import is_applicant
        from jiwon.applications.models import Application
        from jiwon.core.permissions import register_object_rule

        # A company member acts only on the applications of their own company.
        register_object_rule(Application, "applications.apply", is_applicant)
