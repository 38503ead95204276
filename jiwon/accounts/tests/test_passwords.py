import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.services import login_attempt_begin
from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.core.models import Throttle

OLD = "correct-horse-9"
NEW = "purple-lantern-48"


def later(time_machine, delta):
    time_machine.move_to(timezone.now() + delta, tick=True)


@pytest.fixture
def user(db):
    return UserFactory(username="alice", email="alice@example.com", display_name="김앨리스")


def can_log_in(username, password) -> bool:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def test_it_changes_the_password(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert can_log_in("alice", NEW)
    assert not can_log_in("alice", OLD)
    # The session that changed the password stays signed in.
    assert client.get(reverse("accounts:profile")).status_code == 200
    entry = AuditEntry.objects.get(action="accounts.user_password_set")
    assert (entry.actor_id, entry.object_id) == (user.pk, str(user.pk))
    assert NEW not in str(entry.changes)


def test_it_keeps_the_password_when_the_old_one_is_wrong(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert can_log_in("alice", OLD)
    assert not AuditEntry.objects.filter(action="accounts.user_password_set").exists()


def test_it_sends_anonymous_users_from_password_change_to_login(client, db):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_resets_a_forgotten_password_through_the_emailed_link(client, user):
    response = client.post(reverse("accounts:password_reset"), {"email": "ALICE@example.com"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert "Reset your Jiwon password" in message.subject
    assert "\n" not in message.subject
    assert "Your username is alice." in message.body
    link = re.search(r"https?://testserver(/accounts/password/reset/\S+/)", message.body)
    assert link, message.body

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert 'name="new_password1"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    assert can_log_in("alice", NEW)
    assert AuditEntry.objects.filter(action="accounts.user_password_set", actor=user).count() == 1
    # The link works only once.
    reused = client.get(link.group(1), follow=True)
    assert "This link is invalid or was already used." in reused.content.decode()


def test_it_lifts_the_username_throttle_when_a_reset_is_completed(client, user):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login_attempt_begin(username="alice", ip_address="10.0.0.1")
    assert login_attempt_begin(username="alice", ip_address="10.0.0.2") is not None
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
    link = re.search(r"testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]

    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})

    assert not Throttle.objects.filter(scope="login.account", key="alice").exists()
    assert can_log_in("alice", NEW)


def test_it_sends_no_email_for_an_unknown_address_and_does_not_say_so(client, user):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_it_links_the_reset_page_to_signup_for_anonymous_users(client, db):
    page = client.get(reverse("accounts:password_reset")).content.decode()

    assert f'href="{reverse("signup")}"' in page


def test_it_sends_at_most_a_few_reset_mails_an_hour_to_one_address(client, user, time_machine):
    url = reverse("accounts:password_reset")
    for n in range(12):
        response = client.post(url, {"email": "Alice@example.com"}, REMOTE_ADDR=f"10.0.0.{n}")
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT
    assert response.status_code == 200
    assert "Too many requests. Try again in" in response.content.decode()

    later(time_machine, timedelta(hours=1, seconds=1))
    client.post(url, {"email": "alice@example.com"})
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT + 1


def test_it_limits_reset_requests_from_one_address_whatever_the_email(client, user, settings):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 4
    url = reverse("accounts:password_reset")
    for n in range(4):
        assert client.post(url, {"email": f"nobody{n}@example.com"}).status_code == 302
    response = client.post(url, {"email": "alice@example.com"})
    assert "Too many requests" in response.content.decode()
    assert not mail.outbox
