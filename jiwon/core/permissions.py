"""The one permission system of Jiwon.

Capabilities are named strings mapped to the roles that hold them. Views, API endpoints and
services ask `has_perm(user, capability)`; object-level rules (a company member sees only their
own companies) live beside the object kind in its app's `access.py` and use these capabilities.
Django's model permissions are not used: roles are the single source of truth.
"""

from jiwon.accounts.roles import Role

A, PO, FO, EV, ME, CM, CV, AU = (
    Role.AGENCY_ADMIN,
    Role.PROGRAM_OFFICER,
    Role.FINANCE_OFFICER,
    Role.EVALUATOR,
    Role.MENTOR,
    Role.COMPANY_MEMBER,
    Role.CITY_VIEWER,
    Role.AUDITOR,
)

CAPABILITIES: dict[str, frozenset[str]] = {
    # Read any company in the registry (others read only companies they belong to).
    "companies.view_all": frozenset({A, PO, FO, CV, AU}),
    "companies.create": frozenset({A, PO}),
    "companies.change_all": frozenset({A, PO}),
    "companies.import": frozenset({A, PO}),
    "companies.export": frozenset({A, PO, FO, CV, AU}),
    "companies.manage_members": frozenset({A, PO}),
    "companies.change_growth_stage": frozenset({A, PO}),
    "programs.view_all": frozenset({A, PO, FO, CV, AU}),
    "programs.manage": frozenset({A, PO}),
    "programs.export": frozenset({A, PO, FO, CV, AU}),
    "outcomes.view_all": frozenset({A, PO, FO, CV, AU}),
    "outcomes.manage": frozenset({A, PO, FO}),
    "outcomes.manage_surveys": frozenset({A, PO}),
    "reports.generate": frozenset({A, PO, FO, CV, AU}),
    "audit.view": frozenset({A, AU}),
    "backoffice.enter": frozenset({A, PO, FO, CV, AU}),
    "portal.enter": frozenset({CM}),
    "admin.enter": frozenset({A}),
    "applications.screen": frozenset({A, PO}),
    "reviews.manage": frozenset({A, PO}),
    "reviews.score": frozenset({EV}),
    "api.use": frozenset({A, PO, FO, EV, ME, CM, CV, AU}),
}


def has_perm(user, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in CAPABILITIES[capability]


def roles_with(capability: str) -> frozenset[str]:
    return CAPABILITIES[capability]
