import pytest

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.grants.tests.factories import active_agreement


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def finance(db):
    return UserFactory(role=Role.FINANCE_OFFICER)


@pytest.fixture
def auditor(db):
    return UserFactory(role=Role.AUDITOR)


@pytest.fixture
def active(company, member):
    return active_agreement(company, member)
