"""Sections of the company page that the apps above companies contribute.

The registry cannot import the apps that hang records off a company (outcomes, and the
domains that follow selection: grants, loans, tenancies, equipment bookings), so each of them
registers its section of the company page in its AppConfig.ready():

    register_company_section(CompanySection(
        key="outcomes", order=50, title=_("Support received and outcomes"),
        template="outcomes/ledger_company_section.html", context=outcomes_section,
    ))

- `key`: a slug, unique across apps; the section is `<section id="company-<key>">`, so links
  and tests can point at it. Registering the same key again replaces the section (ready() may
  run more than once).
- `order`: where it stands among the contributed sections, lowest first (ties by key). They
  come after the company's own profile, certifications and growth ladder, before its members.
  Leave gaps: outcomes is 50.
- `title`: the section's `<h2>`, rendered by the page, so the template holds only the body.
- `template`: rendered with the context below plus `company`, `viewer` and `section`.
- `context(viewer, company)`: the template's context, or None when `viewer` may not see the
  section (it is then left out entirely, title included). The company page has already
  checked that `viewer` may see the company (`access.company_for`); the function decides only
  about its own records, with `has_perm` and the app's own rules, and runs on every view of
  the page, so it should read little.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from jiwon.companies.models import Company
from jiwon.core.models import RoleUser

KEY = re.compile(r"^[a-z][a-z0-9-]*$")

SectionContext = Callable[[RoleUser, Company], Mapping[str, Any] | None]


@dataclass(frozen=True)
class CompanySection:
    key: str
    order: int
    title: str | Promise
    template: str
    context: SectionContext

    def __post_init__(self) -> None:
        if not KEY.match(self.key):
            raise ValueError(f"company section key {self.key!r}: lowercase letters, digits, -")


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str | Promise
    body: SafeString

    @property
    def html_id(self) -> str:
        return f"company-{self.key}"


_SECTIONS: dict[str, CompanySection] = {}


def register_company_section(section: CompanySection) -> CompanySection:
    _SECTIONS[section.key] = section
    return section


def company_sections() -> list[CompanySection]:
    """Every registered section, in page order."""
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def company_sections_for(
    request: HttpRequest, viewer: RoleUser, company: Company
) -> list[ShownSection]:
    """The sections `viewer` sees on `company`'s page, rendered."""
    shown = []
    for section in company_sections():
        context = section.context(viewer, company)
        if context is None:
            continue
        body = render_to_string(
            section.template,
            {**context, "company": company, "viewer": viewer, "section": section},
            request=request,
        )
        # A rendered template is already escaped where it needs to be.
        shown.append(ShownSection(section.key, section.title, mark_safe(body)))
    return shown
