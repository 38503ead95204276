import hashlib
import re

import pytest
from django.urls import reverse

from jiwon.accounts.models import ApiToken
from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.core.roles import Role

CREATE = reverse("accounts:api_token_create")
RAW = re.compile(r'value="(jw_[A-Za-z0-9_\-]{43})"')


def revoke_url(token):
    return reverse("accounts:api_token_revoke", args=[token.pk])


@pytest.fixture
def user(db):
    return UserFactory(role=Role.COMPANY_MEMBER, display_name="김담당")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_it_shows_a_new_token_once_and_stores_only_its_hash(signed_in, user):
    response = signed_in.post(CREATE, {"name": "회계 연동"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = RAW.search(response.content.decode()).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.name == "회계 연동"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.hint) and len(token.hint) < len(raw)
    stored = " ".join(str(v) for v in ApiToken.objects.values().get().values())
    assert raw not in stored
    entry = AuditEntry.objects.get(action="accounts.api_token_create")
    assert (entry.actor_id, entry.object_id) == (user.pk, str(token.pk))
    assert raw not in str(entry.changes)

    profile = signed_in.get(reverse("accounts:profile")).content.decode()
    assert raw not in profile
    assert "회계 연동" in profile and token.hint in profile


def test_it_asks_for_a_token_name(signed_in, user):
    response = signed_in.post(CREATE, {"name": "  "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_revokes_a_token_once(signed_in, user):
    signed_in.post(CREATE, {"name": "script"})
    token = ApiToken.objects.get()

    response = signed_in.post(revoke_url(token), follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "The token “script” is revoked" in response.content.decode()
    assert (
        AuditEntry.objects.filter(
            action="accounts.api_token_revoke", object_id=str(token.pk)
        ).count()
        == 1
    )

    signed_in.post(revoke_url(token))
    assert AuditEntry.objects.filter(action="accounts.api_token_revoke").count() == 1
    profile = signed_in.get(reverse("accounts:profile")).content.decode()
    assert revoke_url(token) not in profile
    assert "Revoked" in profile


def test_it_does_not_let_a_user_revoke_another_users_token(signed_in, db):
    """Not even staff: a token is personal, and another's is not found rather than refused."""
    other = UserFactory(role=Role.PROGRAM_OFFICER)
    token = ApiToken.objects.create(user=other, name="theirs", token_hash="0" * 64, hint="jw_abcde")

    response = signed_in.post(revoke_url(token))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEntry.objects.exists()


def test_it_changes_tokens_only_by_post(signed_in, user):
    token = ApiToken.objects.create(user=user, name="mine", token_hash="1" * 64, hint="jw_abcde")

    assert signed_in.get(CREATE).status_code == 405
    assert signed_in.get(revoke_url(token)).status_code == 405
    assert ApiToken.objects.count() == 1


def test_it_sends_anonymous_users_to_log_in(client, db):
    response = client.post(CREATE, {"name": "x"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not ApiToken.objects.exists()


def test_it_shows_the_profile_with_the_password_link_and_the_token_form(signed_in, user):
    page = signed_in.get(reverse("accounts:profile")).content.decode()

    assert user.username in page and "김담당" in page and user.email in page
    assert "Company member" in page
    assert f'href="{reverse("accounts:password_change")}"' in page
    assert f'action="{CREATE}"' in page


@pytest.mark.parametrize("language", ["en", "ko"])
def test_it_shows_the_placeholder_of_the_authorization_header(signed_in, language):
    page = signed_in.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    help_text = text[text.index('id="api-token-help"') :].split("</p>", 1)[0]
    assert "“Bearer &lt;token&gt;”" in help_text
    assert "<token>" not in help_text
