"""Companies' section of the profile page ("My account"): the companies the user belongs to."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from jiwon.accounts.sections import ProfileSection, register_profile_section
from jiwon.companies.selectors import memberships_of
from jiwon.core.models import RoleUser


def my_companies_section(viewer: RoleUser) -> Mapping[str, Any]:
    return {"memberships": memberships_of(viewer)}


def register() -> None:
    register_profile_section(
        ProfileSection(
            key="companies",
            order=10,
            title=_("My companies"),
            template="companies/_profile_companies.html",
            context=my_companies_section,
        )
    )
