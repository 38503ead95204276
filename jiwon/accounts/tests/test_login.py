import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.models import Throttle

PASSWORD = "correct-horse-9"
LOGIN = reverse("accounts:login")


def attempt(client, username, password, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="127.0.0.1"):
    for _ in range(times):
        response = attempt(client, username, "wrong-password", ip)
        assert response.status_code == 200


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def account_count(username="alice") -> int:
    row = Throttle.objects.filter(scope="login.account", key=username).first()
    return row.count if row else 0


def later(time_machine, delta):
    time_machine.move_to(timezone.now() + delta, tick=True)


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


def test_it_logs_in_with_the_right_password_after_four_failures(client, user):
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT - 1)

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_it_refuses_the_right_password_right_after_five_failures(client, user):
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT)

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 200
    assert not logged_in(client)
    assert "Too many failed attempts. Try again in 1 minute." in response.content.decode()


def test_it_counts_failures_for_a_username_in_any_case(client, user):
    for name in ["Alice", "ALICE", "alice", "aLiCe", "ALICE"]:
        attempt(client, name, "wrong-password")

    response = attempt(client, "alice", PASSWORD)

    assert not logged_in(client)
    assert "Too many failed attempts" in response.content.decode()


def test_it_backs_off_doubling_the_wait_instead_of_locking(client, user, time_machine):
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT)
    base = settings.LOGIN_BACKOFF_SECONDS
    # Refused attempts are not failures: they do not stretch the wait.
    attempt(client, "alice", "wrong-password")
    assert account_count() == settings.LOGIN_FAILURE_LIMIT

    later(time_machine, timedelta(seconds=base + 1))
    fail(client, "alice", 1)  # admitted and wrong: the next wait is twice as long
    later(time_machine, timedelta(seconds=base + 1))
    assert "Too many failed attempts" in attempt(client, "alice", PASSWORD).content.decode()

    later(time_machine, timedelta(seconds=base))
    attempt(client, "alice", PASSWORD)
    assert logged_in(client)
    assert account_count() == 0


def test_it_caps_the_back_off_at_the_window(client, user, time_machine):
    for _ in range(12):
        fail(client, "alice", 1)
        later(time_machine, timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS - 1))
    response = attempt(client, "alice", PASSWORD)
    assert logged_in(client), response.content.decode()


def test_it_throttles_an_account_from_every_address(client, user):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "alice", "wrong-password", ip=f"10.0.0.{n + 1}")

    attempt(client, "alice", PASSWORD, ip="10.9.9.9")
    assert not logged_in(client)


def test_it_lets_other_accounts_in_from_an_address_that_failed_on_one(client, user):
    UserFactory(username="bob")
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT, ip="10.0.0.1")

    attempt(client, "bob", PASSWORD, ip="10.0.0.1")
    assert logged_in(client)


def test_it_throttles_an_address_that_guesses_at_many_accounts(client, user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):
        attempt(client, f"guess{n}", "wrong-password", ip="10.0.0.1")

    response = attempt(client, "alice", PASSWORD, ip="10.0.0.1")
    assert not logged_in(client)
    assert "Too many failed attempts" in response.content.decode()
    attempt(client, "alice", PASSWORD, ip="10.0.0.2")
    assert logged_in(client)


def test_it_keeps_an_addresss_earlier_failures_when_one_of_its_users_logs_in(client, user):
    fail(client, "mallory", 3, ip="10.0.0.1")
    attempt(client, "alice", PASSWORD, ip="10.0.0.1")
    assert logged_in(client)
    assert Throttle.objects.get(scope="login.address", key="10.0.0.1").count == 3
    assert account_count("mallory") == 3


def test_it_throttles_authenticate_itself_so_no_login_path_is_unthrottled(rf, user):
    request = rf.post("/", REMOTE_ADDR="10.0.0.1")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert authenticate(request, username="alice", password="wrong") is None
    assert authenticate(request, username="alice", password=PASSWORD) is None
    assert account_count() == settings.LOGIN_FAILURE_LIMIT


def test_it_sends_the_admin_login_to_the_one_throttled_login(client, user):
    for _ in range(12):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "alice", "password": "wrong-password"}
        )
        assert response.status_code == 302
        assert response.url == f"{LOGIN}?next=/admin/"
    response = client.post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert not logged_in(client)


def test_it_prunes_throttles_idle_for_a_day(client, user, time_machine):
    fail(client, "old", 1, ip="10.0.0.1")
    later(time_machine, timedelta(days=1, seconds=1))
    fail(client, "new", 1, ip="10.0.0.2")
    assert set(Throttle.objects.values_list("key", flat=True)) == {"new", "10.0.0.2"}


@pytest.mark.django_db(transaction=True)
def test_it_checks_at_most_the_limit_of_simultaneous_wrong_passwords(monkeypatch):
    """Check and count are one step: 30 wrong passwords sent at once (threads, each with its own
    database connection, on SQLite and PostgreSQL alike) reach the password hasher only
    LOGIN_FAILURE_LIMIT times."""
    UserFactory(username="alice")
    checked = []
    real = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        checked.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    attempts = 30
    barrier = threading.Barrier(attempts)
    results = []

    def run(n):
        from django.test import RequestFactory

        try:
            barrier.wait()
            request = RequestFactory().post("/", REMOTE_ADDR=f"10.1.0.{n}")
            results.append(authenticate(request, username="alice", password="wrong"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert results == [None] * attempts
    assert len(checked) == settings.LOGIN_FAILURE_LIMIT
    assert account_count() == settings.LOGIN_FAILURE_LIMIT


def test_it_tells_an_inactive_user_who_knows_the_password(client, user):
    user.is_active = False
    user.save()

    response = attempt(client, "alice", PASSWORD)

    assert not logged_in(client)
    assert "This account is deactivated." in response.content.decode()
    assert account_count() == 0


def test_it_treats_a_wrong_password_for_an_inactive_user_as_a_failure(client, user):
    user.is_active = False
    user.save()

    response = attempt(client, "alice", "wrong-password")

    assert "deactivated" not in response.content.decode()
    assert "Please enter a correct username and password." in response.content.decode()
    assert account_count() == 1


def test_it_logs_out_only_on_post(client, user):
    client.force_login(user)
    logout = reverse("accounts:logout")

    assert client.get(logout).status_code == 405
    assert logged_in(client)

    assert client.post(logout).status_code == 302
    assert not logged_in(client)


def test_it_links_the_login_page_to_signup_and_password_reset(client, db):
    page = client.get(LOGIN).content.decode()

    assert f'href="{reverse("signup")}"' in page
    assert f'href="{reverse("accounts:password_reset")}"' in page


def test_it_reads_the_client_address_from_the_trusted_proxy_only(rf, settings):
    from jiwon.accounts.throttle import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="10.0.0.1")
    settings.JIWON_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"
    settings.JIWON_TRUSTED_PROXIES = 1
    assert client_ip(request) == "10.0.0.7"
    settings.JIWON_TRUSTED_PROXIES = 2
    assert client_ip(request) == "6.6.6.6"
