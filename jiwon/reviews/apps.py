from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "jiwon.reviews"
    verbose_name = _("Evaluation")

    def ready(self):
        # Evaluators read the applications assigned to them (and never a conflicted one).
        from jiwon.applications.access import register_reader
        from jiwon.reviews.access import evaluator_may_read

        register_reader(evaluator_may_read)
