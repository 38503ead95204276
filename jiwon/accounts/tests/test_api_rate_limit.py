"""/api/v1 limits calls per token: beyond JIWON_API_RATE_LIMIT it answers 429 with
Retry-After, in the caller's language, while other tokens go on being served."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from jiwon.accounts.models import ApiToken
from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.models import Throttle
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db


def token_for(user) -> str:
    raw = ApiToken.new_raw_value()
    ApiToken.objects.create(
        user=user, name="script", token_hash=ApiToken.hash_of(raw), hint=raw[:7]
    )
    return raw


def me(token=None, lang="en"):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return Client().get("/api/v1/me", **headers)


@pytest.fixture
def three_a_minute(settings):
    settings.JIWON_API_RATE_LIMIT = "3/min"


def test_it_answers_429_with_retry_after_past_the_limit_of_a_token(three_a_minute):
    token = token_for(UserFactory(role=Role.PROGRAM_OFFICER))
    assert [me(token).status_code for _ in range(3)] == [200, 200, 200]
    refused = me(token)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Retry-After" in refused.json()["detail"]
    assert "Retry-After" in me(token, lang="ko").json()["detail"]
    assert me(token, lang="ko").json()["detail"] != refused.json()["detail"]


def test_it_counts_each_token_on_its_own(three_a_minute):
    user = UserFactory(role=Role.PROGRAM_OFFICER)
    first, second = token_for(user), token_for(user)
    for _ in range(3):
        me(first)
    assert me(first).status_code == 429
    assert me(second).status_code == 200


def test_it_serves_the_token_again_once_the_window_has_passed(three_a_minute, time_machine):
    token = token_for(UserFactory(role=Role.AUDITOR))
    for _ in range(3):
        me(token)
    assert me(token).status_code == 429
    time_machine.move_to(timezone.now() + timezone.timedelta(seconds=61))
    assert me(token).status_code == 200


def test_it_limits_anonymous_callers_of_the_notice_board_by_address(three_a_minute):
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [client.get("/api/v1/programs").status_code for _ in range(3)] == [200] * 3
    assert client.get("/api/v1/programs").status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/v1/programs").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_it_counts_simultaneous_calls_of_one_token_exactly(settings):
    """Check and count are one locked step (jiwon/core/throttle.py): 20 calls sent at once
    (threads, each with its own database connection) with a limit of 5 get exactly 5 answers
    and 15 refusals, on SQLite and PostgreSQL alike."""
    settings.JIWON_API_RATE_LIMIT = "5/min"
    token = token_for(UserFactory(role=Role.PROGRAM_OFFICER))
    calls = 20
    barrier = threading.Barrier(calls)
    answers: list[tuple[int, str | None]] = []

    def call():
        try:
            barrier.wait()
            response = me(token)
            answers.append((response.status_code, response.get("Retry-After")))
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _wait in answers)
    assert statuses == [200] * 5 + [429] * 15
    assert all(1 <= int(wait) <= 60 for status, wait in answers if status == 429)
    assert Throttle.objects.get(scope="api", key=f"token-{ApiToken.hash_of(token)}").count == 5
