import pytest
from django.http import Http404

from jiwon.accounts.access import api_token_for
from jiwon.accounts.models import ApiToken
from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role


def token_of(user, name="script") -> ApiToken:
    raw = ApiToken.new_raw_value()
    return ApiToken.objects.create(
        user=user, name=name, token_hash=ApiToken.hash_of(raw), hint=raw[:8]
    )


def test_it_gives_a_user_their_own_token(db):
    user = UserFactory()
    token = token_of(user)

    assert api_token_for(user, token.pk) == token
    assert api_token_for(user, str(token.pk)) == token


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.AUDITOR, Role.COMPANY_MEMBER])
def test_it_hides_another_users_token_as_not_found_whatever_the_role(db, role):
    token = token_of(UserFactory())

    with pytest.raises(Http404):
        api_token_for(UserFactory(role=role), token.pk)


@pytest.mark.parametrize("pk", [987_654, "not-a-number"])
def test_it_answers_not_found_for_a_token_that_does_not_exist(db, pk):
    with pytest.raises(Http404):
        api_token_for(UserFactory(), pk)
