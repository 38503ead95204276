from django.utils.translation import gettext_lazy as _

from jiwon.accounts.roles import Role
from jiwon.core.workflow import Transition, Workflow

MANAGERS = frozenset({Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER})


class ProgramStatus:
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    UNDER_REVIEW = "under_review"
    COMPLETED = "completed"


PUBLIC_STATUSES = (
    ProgramStatus.PUBLISHED,
    ProgramStatus.CLOSED,
    ProgramStatus.UNDER_REVIEW,
    ProgramStatus.COMPLETED,
)

PROGRAM_WORKFLOW = Workflow(
    name="program",
    initial=ProgramStatus.DRAFT,
    states={
        ProgramStatus.DRAFT: _("Draft"),
        ProgramStatus.PUBLISHED: _("Published"),
        ProgramStatus.CLOSED: _("Closed"),
        ProgramStatus.UNDER_REVIEW: _("Under review"),
        ProgramStatus.COMPLETED: _("Completed"),
    },
    transitions=(
        Transition(ProgramStatus.DRAFT, ProgramStatus.PUBLISHED, MANAGERS, _("Publish")),
        Transition(
            ProgramStatus.PUBLISHED,
            ProgramStatus.DRAFT,
            MANAGERS,
            _("Withdraw to draft"),
            comment_required=True,
        ),
        Transition(ProgramStatus.PUBLISHED, ProgramStatus.CLOSED, MANAGERS, _("Close")),
        Transition(ProgramStatus.CLOSED, ProgramStatus.UNDER_REVIEW, MANAGERS, _("Start review")),
        Transition(ProgramStatus.UNDER_REVIEW, ProgramStatus.COMPLETED, MANAGERS, _("Complete")),
    ),
)
