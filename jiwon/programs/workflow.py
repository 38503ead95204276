"""The programme status workflow as data (see jiwon.core.workflow)."""

from django.utils.translation import gettext_lazy as _

from jiwon.core.workflow import Transition, Workflow, WorkflowFamily


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

_MANAGE = "programs.manage"
PROGRAM_WORKFLOWS = WorkflowFamily(
    Workflow(
        name="program",
        version=1,
        initial=ProgramStatus.DRAFT,
        states={
            ProgramStatus.DRAFT: _("Draft"),
            ProgramStatus.PUBLISHED: _("Published"),
            ProgramStatus.CLOSED: _("Closed"),
            ProgramStatus.UNDER_REVIEW: _("Under review"),
            ProgramStatus.COMPLETED: _("Completed"),
        },
        transitions=(
            Transition(ProgramStatus.DRAFT, ProgramStatus.PUBLISHED, _MANAGE, _("Publish")),
            Transition(
                ProgramStatus.PUBLISHED,
                ProgramStatus.DRAFT,
                _MANAGE,
                _("Withdraw to draft"),
                comment_required=True,
            ),
            Transition(ProgramStatus.PUBLISHED, ProgramStatus.CLOSED, _MANAGE, _("Close")),
            Transition(
                ProgramStatus.CLOSED, ProgramStatus.UNDER_REVIEW, _MANAGE, _("Start review")
            ),
            Transition(ProgramStatus.UNDER_REVIEW, ProgramStatus.COMPLETED, _MANAGE, _("Complete")),
        ),
        terminal=frozenset({ProgramStatus.COMPLETED}),
    )
)
