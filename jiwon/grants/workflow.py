"""The workflows of grants, as data for the platform engine (jiwon/core/workflow.py).

An agreement (협약) goes draft → sent → accepted → active → settlement → closed; staff may
recall a sent agreement, suspend an active one (and resume it) and terminate one that is not
closed, each of the last two with a reason. A tranche (교부) is requested by the company, approved
by a programme officer and then by a finance officer (two different people: the service checks),
then paid; either approver may reject it with a reason. An expense (집행) is reviewed: accepted,
sent back for more evidence (the company resubmits) or rejected with a reason. A report
(중간보고 / 최종보고) is due, submitted by the company, and accepted or returned for changes with
a reason (the company resubmits it).
"""

from django.utils.translation import gettext_lazy as _

from jiwon.core.workflow import Transition, Workflow, WorkflowFamily

MANAGE = "grants.manage"
ACT = "grants.act"
APPROVE_PROGRAM = "grants.approve_program"
APPROVE_FINANCE = "grants.approve_finance"


class AgreementStatus:
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    SETTLEMENT = "settlement"
    CLOSED = "closed"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


A = AgreementStatus
_TERMINATE = _("Terminate")

AGREEMENT_V1 = Workflow(
    name="grant_agreement",
    version=1,
    initial=A.DRAFT,
    states={
        A.DRAFT: _("Draft"),
        A.SENT: _("Sent for acceptance"),
        A.ACCEPTED: _("Accepted by the company"),
        A.ACTIVE: _("Under way"),
        A.SETTLEMENT: _("In settlement"),
        A.CLOSED: _("Closed"),
        A.SUSPENDED: _("Suspended"),
        A.TERMINATED: _("Terminated"),
    },
    transitions=(
        Transition(A.DRAFT, A.SENT, MANAGE, _("Send to the company")),
        Transition(A.SENT, A.DRAFT, MANAGE, _("Recall"), comment_required=True),
        Transition(A.SENT, A.ACCEPTED, ACT, _("Accept the agreement")),
        Transition(A.ACCEPTED, A.ACTIVE, MANAGE, _("Countersign")),
        Transition(A.ACTIVE, A.SETTLEMENT, ACT, _("Submit the final report")),
        Transition(A.ACTIVE, A.SETTLEMENT, MANAGE, _("Start the settlement")),
        Transition(A.SETTLEMENT, A.CLOSED, APPROVE_FINANCE, _("Close the settlement")),
        Transition(A.ACTIVE, A.SUSPENDED, MANAGE, _("Suspend"), comment_required=True),
        Transition(A.SUSPENDED, A.ACTIVE, MANAGE, _("Resume"), comment_required=True),
        *(
            Transition(source, A.TERMINATED, MANAGE, _TERMINATE, comment_required=True)
            for source in (A.DRAFT, A.SENT, A.ACCEPTED, A.ACTIVE, A.SUSPENDED, A.SETTLEMENT)
        ),
    ),
    terminal=frozenset({A.CLOSED, A.TERMINATED}),
)
AGREEMENT_WORKFLOWS = WorkflowFamily(AGREEMENT_V1)


class TrancheStatus:
    REQUESTED = "requested"
    PROGRAM_APPROVED = "program_approved"
    FINANCE_APPROVED = "finance_approved"
    PAID = "paid"
    REJECTED = "rejected"


T = TrancheStatus
TRANCHE_V1 = Workflow(
    name="grant_tranche",
    version=1,
    initial=T.REQUESTED,
    states={
        T.REQUESTED: _("Requested"),
        T.PROGRAM_APPROVED: _("Approved by the programme officer"),
        T.FINANCE_APPROVED: _("Approved by the finance officer"),
        T.PAID: _("Paid"),
        T.REJECTED: _("Rejected"),
    },
    transitions=(
        Transition(T.REQUESTED, T.PROGRAM_APPROVED, APPROVE_PROGRAM, _("Approve (programme)")),
        Transition(T.PROGRAM_APPROVED, T.FINANCE_APPROVED, APPROVE_FINANCE, _("Approve (finance)")),
        Transition(T.FINANCE_APPROVED, T.PAID, APPROVE_FINANCE, _("Mark paid")),
        Transition(T.REQUESTED, T.REJECTED, APPROVE_PROGRAM, _("Reject"), comment_required=True),
        Transition(
            T.PROGRAM_APPROVED, T.REJECTED, APPROVE_FINANCE, _("Reject"), comment_required=True
        ),
    ),
    terminal=frozenset({T.PAID, T.REJECTED}),
)
TRANCHE_WORKFLOWS = WorkflowFamily(TRANCHE_V1)


class ExpenseStatus:
    SUBMITTED = "submitted"
    MORE_INFO = "more_info"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


E = ExpenseStatus
EXPENSE_V1 = Workflow(
    name="grant_expense",
    version=1,
    initial=E.SUBMITTED,
    states={
        E.SUBMITTED: _("Awaiting review"),
        E.MORE_INFO: _("More evidence asked"),
        E.ACCEPTED: _("Accepted"),
        E.REJECTED: _("Rejected"),
    },
    transitions=(
        Transition(E.SUBMITTED, E.ACCEPTED, MANAGE, _("Accept")),
        Transition(E.SUBMITTED, E.MORE_INFO, MANAGE, _("Ask for more"), comment_required=True),
        Transition(E.SUBMITTED, E.REJECTED, MANAGE, _("Reject"), comment_required=True),
        Transition(E.MORE_INFO, E.SUBMITTED, ACT, _("Resubmit")),
    ),
    terminal=frozenset({E.ACCEPTED, E.REJECTED}),
)
EXPENSE_WORKFLOWS = WorkflowFamily(EXPENSE_V1)


REVIEW = "grants.review_reports"


class ReportStatus:
    DUE = "due"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


R = ReportStatus
# A report is owed while it is due or returned for changes; overdue is owed past its due day.
OWED = (R.DUE, R.RETURNED)
REPORT_V1 = Workflow(
    name="grant_report",
    version=1,
    initial=R.DUE,
    states={
        R.DUE: _("To submit"),
        R.SUBMITTED: _("Submitted, awaiting review"),
        R.RETURNED: _("Returned for changes"),
        R.ACCEPTED: _("Report accepted"),
    },
    transitions=(
        Transition(R.DUE, R.SUBMITTED, ACT, _("Submit the report")),
        Transition(R.SUBMITTED, R.ACCEPTED, REVIEW, _("Accept the report")),
        Transition(R.SUBMITTED, R.RETURNED, REVIEW, _("Return for changes"), comment_required=True),
        Transition(R.RETURNED, R.SUBMITTED, ACT, _("Resubmit the report")),
    ),
    terminal=frozenset({R.ACCEPTED}),
)
REPORT_WORKFLOWS = WorkflowFamily(REPORT_V1)
