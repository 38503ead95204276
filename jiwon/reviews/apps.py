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

        from jiwon.reviews import privacy

        privacy.register()

        from jiwon.core.navigation import EVALUATION, PORTAL, PROGRAMMES, NavItem, register_nav

        # The main menu entries of this app.
        register_nav(
            NavItem(
                "reviews:results_mine", _("Selection results"), "portal.enter", PORTAL, order=50
            )
        )
        register_nav(
            NavItem("reviews:mine", _("My evaluations"), "reviews.score", EVALUATION, order=10)
        )
        register_nav(
            NavItem("reviews:staff_index", _("Evaluation"), "reviews.manage", PROGRAMMES, order=30)
        )
        register_nav(
            NavItem(
                "reviews:selection_index", _("Selection"), "reviews.manage", PROGRAMMES, order=40
            )
        )
