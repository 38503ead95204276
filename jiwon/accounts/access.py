"""Object-level access to accounts' own objects."""

from django.http import Http404

from jiwon.accounts.models import ApiToken
from jiwon.core.models import RoleUser


def api_token_for(user: RoleUser, pk: int | str) -> ApiToken:
    """`user`'s own API token `pk`. A token is personal: nobody else, staff included, may know
    it exists, so another user's token is 404 like a missing one."""
    try:
        return ApiToken.objects.get(pk=pk, user_id=user.pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("API token not found") from exc
