"""The one throttle of the site: logins, password-reset mail, sign-ups, wrong second-factor
codes and the API all count their events here, in `Throttle` rows (jiwon.core.models).

A `Rule` says what one scope counts: at most `limit` events per `window` for one key. Past the
limit either every further event is refused until the window ends (`backoff` None: a plain
rate, as for the API and for reset mail), or each further event waits for a back-off that
doubles with every event, never longer than the window (logins, second-factor codes): a guesser
gets a handful of tries an hour, the real user waits seconds.

Checking and counting are one step: `throttle_take` locks the key's row from reading to writing
(PostgreSQL: SELECT … FOR UPDATE; SQLite: the IMMEDIATE transaction holds the write lock), so
simultaneous requests are counted one after another and none slips past the limit.

Throttling state is not a business record: it is pruned once idle and not audited, because
auditing it would let anonymous clients grow the permanent chain. Nobody need be signed in when
it is written, so these functions take no actor.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from jiwon.core.models import Throttle

# A row untouched this long is deleted by the next event of any key.
IDLE_THROTTLE_KEPT = timedelta(days=1)
# Past the limit the back-off doubles at most this many times (then it is the window).
_MAX_DOUBLINGS = 20


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int
    window: timedelta
    # None: at the limit, refuse until the window ends. Otherwise, the first wait after the
    # limit, doubled with every further event, never longer than the window.
    backoff: timedelta | None = None


def _next_allowed(rule: Rule, row: Throttle, now: datetime) -> datetime | None:
    if row.count < rule.limit:
        return None
    if rule.backoff is None:
        window_end: datetime = row.since + rule.window
        return window_end
    doublings = min(row.count - rule.limit, _MAX_DOUBLINGS)
    return now + min(rule.backoff * (1 << doublings), rule.window)


@transaction.atomic
def throttle_take(*, rule: Rule, key: str, now: datetime | None = None) -> datetime | None:
    """Count one event of `key` under `rule`, or refuse it: None when it is admitted (and
    counted), else when the next one will be. A refused event is not counted."""
    now = now or timezone.now()
    Throttle.objects.filter(last_at__lt=now - IDLE_THROTTLE_KEPT).delete()
    row, _ = Throttle.objects.select_for_update().get_or_create(
        scope=rule.scope, key=key, defaults={"since": now, "last_at": now}
    )
    if row.blocked_until is not None and row.blocked_until > now:
        return row.blocked_until
    # A back-off forgets after a quiet window; a plain limit counts per window from its start.
    quiet = now - (row.last_at if rule.backoff else row.since)
    if row.count and quiet >= rule.window:
        row.count, row.since = 0, now
    row.count += 1
    row.last_at = now
    row.blocked_until = _next_allowed(rule, row, now)
    row.save()
    return None


@transaction.atomic
def throttle_give_back(*, rule: Rule, key: str) -> None:
    """Uncount one event of `key` (an attempt that turned out not to be a failure)."""
    row = Throttle.objects.select_for_update().filter(scope=rule.scope, key=key).first()
    if row is not None and row.count:
        row.count -= 1
        if row.count < rule.limit:
            row.blocked_until = None
        row.save(update_fields=["count", "blocked_until"])


@transaction.atomic
def throttle_clear(*, rule: Rule, key: str) -> None:
    """Forget every event of `key` (the real user proved who they are)."""
    Throttle.objects.filter(scope=rule.scope, key=key).delete()


@transaction.atomic
def throttles_take(*, checks: Sequence[tuple[Rule, str | None]]) -> datetime | None:
    """`throttle_take` for each (rule, key) with a key, all or none: None when every one admits
    the event, else the latest moment one of them names, and then none has counted it."""
    before = transaction.savepoint()
    refused: list[datetime] = []
    for rule, key in checks:
        if key:
            until = throttle_take(rule=rule, key=key)
            if until is not None:
                refused.append(until)
    if refused:
        transaction.savepoint_rollback(before)
        return max(refused)
    transaction.savepoint_commit(before)
    return None


def seconds_until(until: datetime, now: datetime | None = None) -> int:
    """Whole seconds to wait for `until` (at least 1), as `Retry-After` states them."""
    return max(1, math.ceil((until - (now or timezone.now())).total_seconds()))
