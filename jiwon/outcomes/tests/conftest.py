import pytest

from jiwon.outcomes.selectors import contributions, drill
from jiwon.outcomes.tests.factories import build_2021_records


@pytest.fixture
def records_2021(db):
    """The records of a small 2021 (see build_2021_records): {name: company or programme}."""
    return build_2021_records()


@pytest.fixture
def registry(monkeypatch):
    """The registry of contributed report figures (and their drill-downs), emptied for the test
    and restored after it."""
    monkeypatch.setattr(contributions, "_FIGURES", {})
    monkeypatch.setattr(drill, "_REGISTERED", {})
    return contributions
