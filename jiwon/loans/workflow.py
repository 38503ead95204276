"""The workflows of fund loans, as data for the platform engine (jiwon/core/workflow.py).

An application (융자 신청) is submitted by the company and reviewed by staff: a recommendation
letter is issued (추천), or it is rejected with a reason; the company may withdraw it while it
waits. A recommendation letter (추천서) is issued to one bank and reserves its amount of the
fund's loan volume while it stands; the bank executes the loan (or staff record it), or
declines it with a reason; an unused letter expires after its last valid day (a scheduled job)
or is cancelled by staff. A loan runs until a stop event ends it (full repayment, default,
closure, relocation out of the city, maturity). A subsidy claim (이차보전금 청구) is checked by the
finance officer line by line against Jiwon's figures, approved and paid, or returned.
"""

from django.utils.translation import gettext_lazy as _

from jiwon.core.workflow import Transition, Workflow, WorkflowFamily

APPLY = "loans.apply"
MANAGE = "loans.manage"
BANK = "loans.bank_report"
PAY = "loans.approve_payment"


class ApplicationStatus:
    SUBMITTED = "submitted"
    RECOMMENDED = "recommended"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


AS = ApplicationStatus
APPLICATION_V1 = Workflow(
    name="loan_application",
    version=1,
    initial=AS.SUBMITTED,
    states={
        AS.SUBMITTED: _("Under review"),
        AS.RECOMMENDED: _("Recommended to the bank"),
        AS.REJECTED: _("Not recommended"),
        AS.WITHDRAWN: _("Withdrawn"),
    },
    transitions=(
        Transition(AS.SUBMITTED, AS.RECOMMENDED, MANAGE, _("Issue the recommendation letter")),
        Transition(AS.SUBMITTED, AS.REJECTED, MANAGE, _("Do not recommend"), comment_required=True),
        Transition(AS.SUBMITTED, AS.WITHDRAWN, APPLY, _("Withdraw")),
    ),
    terminal=frozenset({AS.RECOMMENDED, AS.REJECTED, AS.WITHDRAWN}),
)
APPLICATION_WORKFLOWS = WorkflowFamily(APPLICATION_V1)


class LetterStatus:
    ISSUED = "issued"
    EXECUTED = "executed"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


LS = LetterStatus
LETTER_V1 = Workflow(
    name="loan_recommendation",
    version=1,
    initial=LS.ISSUED,
    states={
        LS.ISSUED: _("Issued (volume reserved)"),
        LS.EXECUTED: _("Loan made"),
        LS.DECLINED: _("Declined by the bank"),
        LS.EXPIRED: _("Expired"),
        LS.CANCELLED: _("Cancelled"),
    },
    transitions=(
        Transition(LS.ISSUED, LS.EXECUTED, BANK, _("Report the loan made")),
        Transition(LS.ISSUED, LS.EXECUTED, MANAGE, _("Record the loan made")),
        Transition(LS.ISSUED, LS.DECLINED, BANK, _("Decline"), comment_required=True),
        Transition(LS.ISSUED, LS.DECLINED, MANAGE, _("Record the bank's refusal"), True),
        Transition(LS.ISSUED, LS.EXPIRED, MANAGE, _("Expire")),
        Transition(LS.ISSUED, LS.CANCELLED, MANAGE, _("Cancel"), comment_required=True),
    ),
    terminal=frozenset({LS.EXECUTED, LS.DECLINED, LS.EXPIRED, LS.CANCELLED}),
)
LETTER_WORKFLOWS = WorkflowFamily(LETTER_V1)


class LoanStatus:
    ACTIVE = "active"
    ENDED = "ended"


LN = LoanStatus
LOAN_V1 = Workflow(
    name="fund_loan",
    version=1,
    initial=LN.ACTIVE,
    states={LN.ACTIVE: _("Running"), LN.ENDED: _("Ended")},
    transitions=(
        Transition(LN.ACTIVE, LN.ENDED, BANK, _("End the loan")),
        Transition(LN.ACTIVE, LN.ENDED, MANAGE, _("End the loan")),
    ),
    terminal=frozenset({LN.ENDED}),
)
LOAN_WORKFLOWS = WorkflowFamily(LOAN_V1)


class ClaimStatus:
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PAID = "paid"
    RETURNED = "returned"


CS = ClaimStatus
CLAIM_V1 = Workflow(
    name="subsidy_claim",
    version=1,
    initial=CS.SUBMITTED,
    states={
        CS.SUBMITTED: _("Awaiting the finance check"),
        CS.APPROVED: _("Approved for payment"),
        CS.PAID: _("Paid"),
        CS.RETURNED: _("Returned to the bank"),
    },
    transitions=(
        Transition(CS.SUBMITTED, CS.APPROVED, PAY, _("Approve the payment")),
        Transition(CS.SUBMITTED, CS.RETURNED, PAY, _("Return"), comment_required=True),
        Transition(CS.APPROVED, CS.PAID, PAY, _("Mark paid")),
    ),
    terminal=frozenset({CS.PAID, CS.RETURNED}),
)
CLAIM_WORKFLOWS = WorkflowFamily(CLAIM_V1)
