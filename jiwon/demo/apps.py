from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Anyang demo data set (`jiwon demo`): development data in its own app at the top of
    the layers, filling every other app through its public services."""

    name = "jiwon.demo"
    verbose_name = _("Demo data")
