from datetime import datetime

import pytest

from jiwon.equipment.rules import SEOUL
from jiwon.equipment.tests.factories import ResourceFactory

# Friday 2026-11-20, 10:00 in Seoul: every equipment test runs at this moment (the clock does
# not tick), so "next Monday" is 2026-11-23 whatever day the suite is run.
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL)


def at(day: str, clock: str) -> datetime:
    """A moment in Seoul: at("2026-11-23", "09:00")."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _friday_morning(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def unit(db):
    return ResourceFactory()
