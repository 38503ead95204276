"""Sections of the profile page ("My account") that the apps above accounts contribute.

Accounts knows people, not what they belong to, so it cannot list a user's companies (or,
later, anything else of theirs) itself. An upper app registers a section in its
AppConfig.ready():

    register_profile_section(ProfileSection(
        key="companies", order=10, title=_("My companies"),
        template="companies/_profile_companies.html", context=my_companies_section,
    ))

The profile renders every registered section in `order` (then `key`), each under its title as
an `<h2>` in `<section id="profile-<key>">`, its body from `template`. `context(viewer)` gives
the template's context (the template also receives `viewer` and `section`), or None when the
section has nothing to show this viewer: it is then left out, title included. Registering the
same key again replaces the section (ready() may run more than once).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from jiwon.core.models import RoleUser

KEY = re.compile(r"^[a-z][a-z0-9-]*$")

ProfileContext = Callable[[RoleUser], Mapping[str, Any] | None]


@dataclass(frozen=True)
class ProfileSection:
    key: str
    order: int
    title: str | Promise
    template: str
    context: ProfileContext

    def __post_init__(self) -> None:
        if not KEY.match(self.key):
            raise ValueError(f"profile section key {self.key!r}: lowercase letters, digits, -")


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str | Promise
    body: SafeString

    @property
    def html_id(self) -> str:
        return f"profile-{self.key}"


_SECTIONS: dict[str, ProfileSection] = {}


def register_profile_section(section: ProfileSection) -> ProfileSection:
    _SECTIONS[section.key] = section
    return section


def profile_sections() -> list[ProfileSection]:
    """Every registered section, in page order."""
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def profile_sections_for(request: HttpRequest, viewer: RoleUser) -> list[ShownSection]:
    """The sections `viewer` sees on their profile, rendered."""
    shown = []
    for section in profile_sections():
        context = section.context(viewer)
        if context is None:
            continue
        body = render_to_string(
            section.template, {**context, "viewer": viewer, "section": section}, request=request
        )
        # A rendered template is already escaped where it needs to be.
        shown.append(ShownSection(section.key, section.title, mark_safe(body)))
    return shown
