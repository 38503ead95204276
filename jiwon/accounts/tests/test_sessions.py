"""Sessions end when idle and after an absolute lifetime; signed-in pages and downloads are not
stored by caches; every page carries a strict Content-Security-Policy (issue 10 item 7)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory

PROFILE = reverse("accounts:profile")


def later(time_machine, seconds):
    time_machine.move_to(timezone.now() + timedelta(seconds=seconds), tick=True)


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory())
    assert client.get(PROFILE).status_code == 200
    return client


def test_it_signs_out_a_session_left_idle(signed_in, time_machine):
    later(time_machine, settings.SESSION_IDLE_SECONDS - 60)
    assert signed_in.get(PROFILE).status_code == 200
    later(time_machine, settings.SESSION_IDLE_SECONDS + 1)

    response = signed_in.get(PROFILE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    page = signed_in.get(response.url).content.decode()
    assert "You were signed out after a while without activity" in page


def test_it_ends_a_busy_session_after_its_absolute_lifetime(signed_in, time_machine):
    step = settings.SESSION_IDLE_SECONDS - 60
    for _ in range(settings.SESSION_COOKIE_AGE // step):
        later(time_machine, step)
        assert signed_in.get(PROFILE).status_code == 200
    later(time_machine, step)
    assert signed_in.get(PROFILE).status_code == 302


def test_it_reads_the_lifetimes_from_the_environment():
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_it_keeps_signed_in_pages_out_of_caches(signed_in, client):
    assert "no-store" in signed_in.get(PROFILE)["Cache-Control"]


def test_it_lets_caches_keep_public_pages(client, db):
    response = client.get(reverse("notices:list"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_it_sends_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("notices:list"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_it_has_no_inline_event_handler_in_the_page_frame(client, db):
    page = client.get(reverse("notices:list")).content.decode()
    assert "onchange=" not in page and "onclick=" not in page
