import pytest
from django.utils import translation

from jiwon.core.roles import Role
from jiwon.companies.tests.factories import CompanyFactory, UserFactory, member_of


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    """Tests read messages in English unless they ask for Korean (Accept-Language: ko or
    translation.override("ko")); the browser tests send a Korean browser's headers and so see
    the product's real default. Korean completeness is checked by tests/test_translations.py."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.PROGRAM_OFFICER)


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.AGENCY_ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def member(company):
    return member_of(company)


@pytest.fixture
def user_with_role(db):
    def make(role):
        return UserFactory(role=role)

    return make
