from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "jiwon.outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        # A published selection writes the selected companies' support-ledger rows.
        from jiwon.outcomes.receivers import selection_to_ledger
        from jiwon.reviews.signals import results_published

        results_published.connect(selection_to_ledger, dispatch_uid="outcomes.selection_to_ledger")
