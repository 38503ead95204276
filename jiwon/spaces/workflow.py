"""The workflows of tenancy contracts and unit offers, as data for the core engine."""

from django.utils.translation import gettext_lazy as _

from jiwon.core.workflow import Transition, Workflow, WorkflowFamily


class ContractStatus:
    SIGNED = "signed"
    OCCUPIED = "occupied"
    ENDED = "ended"
    CANCELLED = "cancelled"
    # Every contract but a cancelled one holds its units over [start, end): the overlap rule
    # and occupancy count them, past ones included (history is what the KPIs read).
    HOLDING = frozenset({SIGNED, OCCUPIED, ENDED})


C = ContractStatus
MANAGE = "spaces.manage"

CONTRACT_V1 = Workflow(
    name="spaces.contract",
    version=1,
    initial=C.SIGNED,
    states={
        C.SIGNED: _("Signed, not moved in"),
        C.OCCUPIED: _("Moved in"),
        C.ENDED: _("Moved out"),
        C.CANCELLED: _("Cancelled"),
    },
    transitions=(
        Transition(C.SIGNED, C.OCCUPIED, MANAGE, _("Move in")),
        Transition(C.SIGNED, C.CANCELLED, MANAGE, _("Cancel"), comment_required=True),
        Transition(C.OCCUPIED, C.ENDED, MANAGE, _("Move out")),
    ),
    terminal=frozenset({C.ENDED, C.CANCELLED}),
)
CONTRACTS = WorkflowFamily(CONTRACT_V1)


class OfferStatus:
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    OPEN = frozenset({OFFERED})


OS = OfferStatus
ACT = "spaces.act"

OFFER_V1 = Workflow(
    name="spaces.offer",
    version=1,
    initial=OS.OFFERED,
    states={
        OS.OFFERED: _("Offered"),
        OS.ACCEPTED: _("Accepted"),
        OS.DECLINED: _("Declined"),
        OS.EXPIRED: _("Expired"),
        OS.WITHDRAWN: _("Withdrawn"),
    },
    transitions=(
        Transition(OS.OFFERED, OS.ACCEPTED, ACT, _("Accept")),
        Transition(OS.OFFERED, OS.DECLINED, ACT, _("Decline")),
        Transition(OS.OFFERED, OS.EXPIRED, MANAGE, _("Expire")),
        Transition(OS.OFFERED, OS.WITHDRAWN, MANAGE, _("Withdraw"), comment_required=True),
    ),
    terminal=frozenset({OS.ACCEPTED, OS.DECLINED, OS.EXPIRED, OS.WITHDRAWN}),
)
OFFERS = WorkflowFamily(OFFER_V1)
