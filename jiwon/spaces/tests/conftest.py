import pytest

from jiwon.spaces.tests.factories import FloorFactory, UnitFactory


@pytest.fixture
def floor(db):
    return FloorFactory()


@pytest.fixture
def unit(floor):
    return UnitFactory(floor=floor)
