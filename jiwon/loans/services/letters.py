"""Recommendation letters after issue: the bank declines one, staff cancel one, and the
scheduled job expires those past their last valid day. Each releases the reservation (the
volume figures count only standing letters) and records the day it did."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.actor import SYSTEM, Actor
from jiwon.core.workflow import workflow_move
from jiwon.loans.models import Recommendation
from jiwon.loans.workflow import LetterStatus as LS


def letter_decline(*, actor: Actor, letter: Recommendation, reason: str) -> Recommendation:
    """The bank will not lend on this letter (or staff record that it would not)."""
    return workflow_move(
        actor=actor,
        obj=letter,
        to=LS.DECLINED,
        action="loans.letter_decline",
        comment=reason[:2000],
        updates={"released_on": timezone.localdate()},
    )


def letter_cancel(*, actor: Actor, letter: Recommendation, reason: str) -> Recommendation:
    return workflow_move(
        actor=actor,
        obj=letter,
        to=LS.CANCELLED,
        action="loans.letter_cancel",
        comment=reason[:2000],
        updates={"released_on": timezone.localdate()},
    )


def letters_expire(now: datetime) -> int:
    """The scheduled job: a letter still standing after its last valid day expires, and its
    reservation is released as of the day after that day."""
    today = timezone.localdate(now)
    expired = 0
    for letter in Recommendation.objects.filter(status=LS.ISSUED, valid_until__lt=today):
        workflow_move(
            actor=SYSTEM,
            obj=letter,
            to=LS.EXPIRED,
            action="loans.letters_expire",
            comment=_("Not used by its last valid day, %(day)s.") % {"day": letter.valid_until},
            updates={"released_on": letter.valid_until + timedelta(days=1)},
        )
        expired += 1
    return expired
