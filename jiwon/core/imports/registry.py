"""What can be imported: each app registers its imports here (see the package's docstring)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.core.actor import Actor
from jiwon.core.excel.workbooks import ImportResult
from jiwon.core.models import ImportRun
from jiwon.core.progress import Progress

# What the run's `message` holds while it runs, as its status page shows it.
STEPS = {
    "queued": _("Waiting for a worker"),
    "started": _("Started"),
    "reading": _("Reading the file"),
    "checking": _("Checking every row"),
    "writing": _("Writing the records (all or nothing)"),
    "done": _("Done"),
}


def step_label(message: str) -> str:
    return str(STEPS.get(message, message))


@dataclass(frozen=True)
class ImportKind:
    kind: str
    label: str | Promise
    capability: str
    # Import one file, all rows or none, reporting progress(percent, step key of STEPS).
    run: Callable[[ImportRun, Actor, IO[bytes], Progress], ImportResult]
    # The upload page, and where the records can be seen once imported.
    upload_url: Callable[[ImportRun], str]
    done_url: Callable[[ImportRun], str]


_KINDS: dict[str, ImportKind] = {}


def register_import(kind: ImportKind) -> None:
    """Make `kind` importable; registering it again (ready() may run twice) replaces it."""
    _KINDS[kind.kind] = kind


def import_kind(kind: str) -> ImportKind:
    return _KINDS[kind]


def import_kinds() -> dict[str, ImportKind]:
    return dict(_KINDS)
