"""Outcomes' section of the company page: the support ledger and the yearly figures, for
staff readers and for the company's own members."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import Company
from jiwon.companies.sections import CompanySection, register_company_section
from jiwon.core.models import RoleUser
from jiwon.outcomes.selectors.figures import company_outcomes_for


def outcomes_section(viewer: RoleUser, company: Company) -> Mapping[str, Any] | None:
    outcomes = company_outcomes_for(user=viewer, company=company)
    return None if outcomes is None else {"outcomes": outcomes}


def register() -> None:
    register_company_section(
        CompanySection(
            key="outcomes",
            order=50,
            title=_("Support received and outcomes"),
            template="outcomes/ledger_company_section.html",
            context=outcomes_section,
        )
    )
