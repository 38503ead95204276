"""Reads of accounts: deactivated accounts and a user's API tokens."""

from django.db.models import F, QuerySet

from jiwon.accounts.models import ApiToken, User
from jiwon.core.models import RoleUser


def deactivated_user(username: str) -> User | None:
    """The deactivated account with exactly this username, if there is one."""
    return User._default_manager.filter(username=username, is_active=False).first()


def api_tokens_of(user: RoleUser) -> QuerySet[ApiToken]:
    """Active tokens first, newest first within each group."""
    return ApiToken.objects.filter(user_id=user.pk).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )
