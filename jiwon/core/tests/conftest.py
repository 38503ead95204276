import pytest

from jiwon.core import permissions


@pytest.fixture
def object_rules(monkeypatch):
    """An empty object-rule registry for the test: the rules it registers are gone afterwards,
    and the rules the apps registered do not interfere."""
    rules: dict = {}
    monkeypatch.setattr(permissions, "_OBJECT_RULES", rules)
    return rules
