"""Reads for the account pages."""

from django.db.models import F, QuerySet

from jiwon.accounts.models import ApiToken
from jiwon.companies.models import Membership


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("company")
        .order_by("company__name_ko", "company_id")
    )


def api_tokens_of(user) -> QuerySet[ApiToken]:
    """Active tokens first, newest first within each group."""
    return ApiToken.objects.filter(user_id=user.pk).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )
