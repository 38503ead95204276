"""What people see on the error paths in production (the tests run with DEBUG off)."""

import pytest
from django.conf import settings

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role

pytestmark = pytest.mark.django_db


def test_it_runs_these_tests_as_production_does():
    assert settings.DEBUG is False


def test_it_shows_the_designed_page_for_an_unknown_address(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>페이지를 찾을 수 없습니다</h1>" in body
    assert 'id="jw-header"' in body  # the site's own layout, not Django's technical page
    assert "Traceback" not in body and "URLconf" not in body


def test_it_explains_a_form_address_opened_with_get(client):
    client.force_login(UserFactory(role=Role.AUDITOR))
    response = client.get("/audit/verify/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    body = response.content.decode()
    assert 'id="jw-header"' in body
    assert "<h1>" in body


def test_it_leaves_the_api_s_own_405_answers_alone(client):
    client.force_login(UserFactory(role=Role.AGENCY_ADMIN))
    response = client.delete("/api/v1/programs")
    assert response.status_code == 405
    assert 'id="jw-header"' not in response.content.decode()


def test_it_sends_browsers_asking_for_favicon_ico_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon-32x32.png")
