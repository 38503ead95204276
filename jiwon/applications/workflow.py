"""The application status workflow as data (see jiwon.core.workflow). Each application pins
the version it was started on, so a later change never re-routes applications already under
way: add a version to APPLICATION_WORKFLOWS and keep the old one here."""

from django.utils.translation import gettext_lazy as _

from jiwon.core.workflow import Transition, Workflow, WorkflowFamily

# The capabilities the moves need. The applicant's own moves (APPLY) go through the object
# rule registered in jiwon.applications.apps: only members of the applicant company make them.
APPLY = "applications.apply"
SCREEN = "applications.screen"


class ApplicationStatus:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCREENING = "screening"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SCREENED_PASS = "screened_pass"
    REJECTED = "rejected"
    UNDER_EVALUATION = "under_evaluation"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"


S = ApplicationStatus

# An application in one of these states no longer blocks a new one from the same company.
ENDED_STATUSES = (S.WITHDRAWN, S.REJECTED)
# Answers and files can change only here; from submission on they are locked.
EDITABLE_STATUSES = (S.DRAFT,)
# Statuses in which the company may still withdraw (and only before the deadline).
WITHDRAWABLE_STATUSES = (S.DRAFT, S.SUBMITTED, S.SCREENING, S.SUPPLEMENT_REQUESTED)

APPLICATION_WORKFLOW_V1 = Workflow(
    name="application",
    version=1,
    initial=S.DRAFT,
    states={
        S.DRAFT: _("Draft"),
        S.SUBMITTED: _("Submitted"),
        S.SCREENING: _("Screening"),
        S.SUPPLEMENT_REQUESTED: _("Supplement requested"),
        S.SCREENED_PASS: _("Passed screening"),
        S.REJECTED: _("Rejected"),
        S.UNDER_EVALUATION: _("Under evaluation"),
        S.SELECTED: _("Selected"),
        S.NOT_SELECTED: _("Not selected"),
        S.WITHDRAWN: _("Withdrawn"),
    },
    transitions=(
        Transition(S.DRAFT, S.SUBMITTED, APPLY, _("Submit")),
        Transition(S.SUBMITTED, S.SCREENING, SCREEN, _("Start screening")),
        Transition(
            S.SUBMITTED,
            S.SUPPLEMENT_REQUESTED,
            SCREEN,
            _("Request a supplement"),
            comment_required=True,
        ),
        Transition(
            S.SCREENING,
            S.SUPPLEMENT_REQUESTED,
            SCREEN,
            _("Request a supplement"),
            comment_required=True,
        ),
        Transition(S.SUPPLEMENT_REQUESTED, S.SUBMITTED, APPLY, _("Send the supplement")),
        Transition(S.SUBMITTED, S.SCREENED_PASS, SCREEN, _("Pass screening")),
        Transition(S.SCREENING, S.SCREENED_PASS, SCREEN, _("Pass screening")),
        Transition(S.SUBMITTED, S.REJECTED, SCREEN, _("Reject"), comment_required=True),
        Transition(S.SCREENING, S.REJECTED, SCREEN, _("Reject"), comment_required=True),
        Transition(S.SUPPLEMENT_REQUESTED, S.REJECTED, SCREEN, _("Reject"), comment_required=True),
        Transition(S.SCREENED_PASS, S.UNDER_EVALUATION, SCREEN, _("Start evaluation")),
        Transition(S.UNDER_EVALUATION, S.SELECTED, SCREEN, _("Select")),
        Transition(S.UNDER_EVALUATION, S.NOT_SELECTED, SCREEN, _("Do not select")),
        Transition(S.DRAFT, S.WITHDRAWN, APPLY, _("Withdraw")),
        Transition(S.SUBMITTED, S.WITHDRAWN, APPLY, _("Withdraw")),
        Transition(S.SCREENING, S.WITHDRAWN, APPLY, _("Withdraw")),
        Transition(S.SUPPLEMENT_REQUESTED, S.WITHDRAWN, APPLY, _("Withdraw")),
    ),
    terminal=frozenset({S.REJECTED, S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN}),
)

APPLICATION_WORKFLOWS = WorkflowFamily(APPLICATION_WORKFLOW_V1)
