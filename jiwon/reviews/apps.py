from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "jiwon.reviews"
    verbose_name = _("Evaluation")

    def ready(self):
        from jiwon.applications.access import register_reader
        from jiwon.core.permissions import register_object_rule
        from jiwon.reviews.access import evaluator_may_read, is_own_assignment, is_result_applicant
        from jiwon.reviews.models import Assignment, SelectionResult

        # Evaluators read the applications assigned to them (and never a conflicted one).
        register_reader(evaluator_may_read)
        # An evaluator scores their own assignments; an applicant appeals their own results.
        register_object_rule(Assignment, "reviews.score", is_own_assignment)
        register_object_rule(SelectionResult, "reviews.appeal", is_result_applicant)
