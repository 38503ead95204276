import pytest

from jiwon.applications.services.applications import application_submit
from jiwon.applications.tests.factories import complete, open_program, started


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def program(db):
    return open_program()


@pytest.fixture
def draft(program, member, company):
    """A draft of `company` (with `member`) to the open `program`, nothing answered yet."""
    return started(program, member, company)


@pytest.fixture
def submitted(draft, member):
    """A complete application, submitted: it has its receipt number and awaits screening."""
    return application_submit(actor=member, application=complete(draft, member))


@pytest.fixture
def client_member(client, member):
    client.force_login(member)
    return client
