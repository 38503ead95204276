import pytest

from jiwon.applications.tests.factories import open_program


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def program(db):
    return open_program()
