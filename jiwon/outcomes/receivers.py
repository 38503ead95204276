"""What outcomes records when the apps below it tell it something (connected in
OutcomesConfig.ready()).

A published selection gives each selected company one support-ledger row, keyed by the
result (source "selection", the result's id): the ledger keeps one row per source, so a
publication retried after a failure never writes a second. A programme whose support the
domain above records (`Program.selection_writes_ledger` off: a tenancy call, whose contracts
write the rows) gets none here, so that a company has one row per support, not two.
"""

from typing import Any

from django.utils.translation import gettext as _

from jiwon.core.actor import Actor
from jiwon.outcomes.services.ledger import ledger_record_for_source
from jiwon.reviews.signals import Publication

SELECTION_SOURCE = "selection"


def selection_to_ledger(
    sender: object, *, actor: Actor, publication: Publication, **kwargs: Any
) -> int:
    """One ledger row per company the publication selects; returns how many were recorded
    (a row staff cancelled stays cancelled and is not counted)."""
    program = publication.program
    if not program.selection_writes_ledger:
        return 0
    recorded = 0
    for result in publication.selected:
        row = ledger_record_for_source(
            actor=actor,
            source_type=SELECTION_SOURCE,
            source_id=result.pk,
            company=result.application.company,
            program=program,
            kind=publication.support_kind,
            amount_won=publication.amount_won,
            supported_on=publication.published_on,
            description=_("Selected in %(programme)s") % {"programme": program},
        )
        recorded += row is not None
    return recorded
