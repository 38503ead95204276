"""The scheduled job of the audit app: a keyed checkpoint of the chain's head."""

from datetime import datetime

from jiwon.audit.services import checkpoint_create
from jiwon.core.actor import SystemActor

SCHEDULER = SystemActor("scheduler")


def make_checkpoint(now: datetime) -> str:
    """Idempotent: with nothing appended since the last checkpoint it writes none. A broken
    chain raises CheckpointRefused, which the scheduler records as the job's failure."""
    checkpoint = checkpoint_create(actor=SCHEDULER)
    if checkpoint is None:
        return "nothing new since the last checkpoint"
    return f"checkpoint at entry #{checkpoint.entry_id} ({checkpoint.entry_count} entries)"
