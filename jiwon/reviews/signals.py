"""What the evaluation tells the apps above it. Reviews cannot import them (they stand on it);
they connect their receivers in their own AppConfig.ready().

`results_published` is sent by `selection_publish` inside its transaction, after the ranking
is shown to the applicants and the selected companies are promoted, with `actor` (who
published) and `publication` (a `Publication`). A receiver writes in the same transaction:
an exception it raises undoes the whole publication, so a retry starts clean. A receiver
returns how many rows it recorded; the publication's audit entry keeps the sum
(`ledger_rows`: today the support ledger is the one receiver).
"""

from dataclasses import dataclass
from datetime import date

from django.dispatch import Signal

from jiwon.programs.models import Program
from jiwon.reviews.models import SelectionResult, SelectionRun

results_published = Signal()


@dataclass(frozen=True)
class Publication:
    """A published ranking and the support its selection gives. `selected` lists the results
    of the companies it selects, by rank, with `application.company` loaded; it is empty for
    an earlier stage, which selects nobody."""

    run: SelectionRun
    program: Program
    selected: tuple[SelectionResult, ...]
    support_kind: str
    amount_won: int | None
    published_on: date
