import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role

# Tests never read the real clock: every test runs at this instant (in Korea), with the clock
# ticking from it, whatever day the suite is run. JIWON_TEST_NOW moves it (ISO 8601, e.g.
# 2028-12-02T10:00:00+09:00): tests/test_clock.py runs a slice of the suite two years ahead to
# prove that no test depends on the day it is run. A test that needs another moment travels
# there itself (the `time_machine` fixture, or time_machine.travel(..., tick=False)).
KST = ZoneInfo("Asia/Seoul")
TEST_NOW = datetime.fromisoformat(os.environ.get("JIWON_TEST_NOW", "2026-11-20T10:00:00+09:00"))
if TEST_NOW.tzinfo is None:
    raise ValueError("JIWON_TEST_NOW needs a UTC offset, e.g. 2028-12-02T10:00:00+09:00")


_traveller = time_machine.travel(TEST_NOW, tick=True)


def pytest_configure(config):
    # From before collection, so that module-level values and module-scoped fixtures (the demo
    # loaded once per module) see the frozen clock too.
    _traveller.start()


def pytest_unconfigure(config):
    _traveller.stop()


@pytest.fixture
def today():
    """The day the test runs on, in Korea (the frozen clock's day)."""
    return TEST_NOW.astimezone(KST).date()


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
