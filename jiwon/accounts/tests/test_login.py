from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.models import LoginFailure
from jiwon.accounts.services import login_failure_record
from jiwon.accounts.tests.factories import UserFactory

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


def age_failures(seconds: int) -> None:
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=seconds))


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


def test_it_logs_in_with_the_right_password_after_four_failures(client, user):
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT - 1)

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_it_refuses_the_right_password_after_five_failures(client, user):
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT)

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 200
    assert not logged_in(client)
    assert "Too many failed attempts. Try again in 15 minutes." in response.content.decode()


def test_it_counts_failures_for_a_username_in_any_case(client, user):
    for name in ["Alice", "ALICE", "alice", "aLiCe", "ALICE"]:
        attempt(client, name, "wrong-password")

    response = attempt(client, "alice", PASSWORD)

    assert not logged_in(client)
    assert "Too many failed attempts" in response.content.decode()


def test_it_lets_the_user_in_again_once_the_window_has_passed(client, user):
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT)
    # Refused attempts are not failures: they must not stretch the lock.
    attempt(client, "alice", PASSWORD)
    attempt(client, "alice", "wrong-password")
    assert LoginFailure.objects.count() == settings.LOGIN_FAILURE_LIMIT

    age_failures(settings.LOGIN_FAILURE_WINDOW_SECONDS - 30)
    response = attempt(client, "alice", PASSWORD)
    assert not logged_in(client)
    assert "Try again in 1 minute." in response.content.decode()

    age_failures(settings.LOGIN_FAILURE_WINDOW_SECONDS + 1)
    attempt(client, "alice", PASSWORD)
    assert logged_in(client)


def test_it_refuses_every_username_from_an_address_with_five_failures(client, user):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, f"guess{n}", "wrong-password", ip="10.0.0.1")

    response = attempt(client, "alice", PASSWORD, ip="10.0.0.1")
    assert not logged_in(client)
    assert "Too many failed attempts" in response.content.decode()

    attempt(client, "alice", PASSWORD, ip="10.0.0.2")
    assert logged_in(client)


def test_it_clears_a_usernames_failures_when_the_user_logs_in(client, user):
    fail(client, "ALICE", settings.LOGIN_FAILURE_LIMIT - 1)
    login_failure_record(username="bob", ip_address="10.9.9.9")

    attempt(client, "alice", PASSWORD)

    assert logged_in(client)
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["bob"]


def test_it_prunes_failures_older_than_the_window(db):
    login_failure_record(username="old", ip_address="10.0.0.1")
    age_failures(settings.LOGIN_FAILURE_WINDOW_SECONDS + 1)

    login_failure_record(username="new", ip_address="10.0.0.1")

    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["new"]


def test_it_tells_an_inactive_user_who_knows_the_password(client, user):
    user.is_active = False
    user.save()

    response = attempt(client, "alice", PASSWORD)

    assert not logged_in(client)
    assert "This account is deactivated." in response.content.decode()
    assert not LoginFailure.objects.exists()


def test_it_treats_a_wrong_password_for_an_inactive_user_as_a_failure(client, user):
    user.is_active = False
    user.save()

    response = attempt(client, "alice", "wrong-password")

    assert "deactivated" not in response.content.decode()
    assert "Please enter a correct username and password." in response.content.decode()
    assert LoginFailure.objects.filter(username="alice").count() == 1


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
    from jiwon.accounts.forms import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="10.0.0.1")
    settings.JIWON_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"
    settings.JIWON_TRUSTED_PROXIES = 1
    assert client_ip(request) == "10.0.0.7"
    settings.JIWON_TRUSTED_PROXIES = 2
    assert client_ip(request) == "6.6.6.6"
