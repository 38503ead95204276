"""Fixtures shared by the evaluation tests; the builders behind them are in factories.py."""

import pytest
from django.utils import timezone

from jiwon.reviews.tests.factories import (
    PUBLISHED,
    ClosedProgramFactory,
    committee,
    published_ranking,
    rubric,
)


@pytest.fixture
def published(officer):
    """Two companies ranked and published on PUBLISHED, with a member of each."""
    return published_ranking(officer, PUBLISHED)


@pytest.fixture
def published_now(officer):
    """The same, published a moment ago, for pages used at the test's own time."""
    return published_ranking(officer, timezone.now())


@pytest.fixture
def program(db):
    return ClosedProgramFactory()


@pytest.fixture
def board(program):
    """The programme's document-review committee, with its rubric and no members yet."""
    rubric(program)
    return committee(program)
