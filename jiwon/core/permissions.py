"""The one permission system of Jiwon.

Every check asks one question: may this actor use capability X (on object Y)?

- `CAPABILITIES` is the table: each capability, the roles that hold it and what it allows.
  It is the only place that names roles; domain code names capabilities. `jiwon permissions`
  writes the table into docs/permissions.md (a test keeps the two equal).
- `has_perm(actor, capability)` answers for the role; `has_perm(actor, capability, obj)` also
  asks the object rules registered for the object's model (an app registers them in its
  AppConfig.ready(), e.g. "a company member applies only for their own company"). An object
  rule can only narrow what the role allows, never widen it.
- A system actor (demo loader, scheduled tasks) holds every capability.
- Django's model permissions are not used: roles are the single source of truth.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.core.actor import SystemActor, Viewer
from jiwon.core.models import RoleUser
from jiwon.core.roles import Role

A, PO, FO, EV, ME, CM, CV, AU, BK = (
    Role.AGENCY_ADMIN,
    Role.PROGRAM_OFFICER,
    Role.FINANCE_OFFICER,
    Role.EVALUATOR,
    Role.MENTOR,
    Role.COMPANY_MEMBER,
    Role.CITY_VIEWER,
    Role.AUDITOR,
    Role.BANK_USER,
)
# Every role that signs in to the back office (staff pages, dashboards).
_BACK_OFFICE = frozenset({A, PO, FO, CV, AU})
_MANAGERS = frozenset({A, PO})
_EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class Capability:
    name: str
    roles: frozenset[str]
    description: str | Promise


def _table(*rows: tuple[str, frozenset[str], str | Promise]) -> dict[str, Capability]:
    table: dict[str, Capability] = {}
    for name, roles, description in rows:
        if name in table:
            raise ValueError(f"capability {name!r} is defined twice")
        unknown = set(roles) - set(Role.values)
        if unknown:
            raise ValueError(f"capability {name!r} names unknown roles {sorted(unknown)}")
        table[name] = Capability(name, frozenset(roles), description)
    return table


CAPABILITIES: dict[str, Capability] = _table(
    # Entering the parts of the site.
    ("backoffice.enter", _BACK_OFFICE, _("Enter the back office and its dashboard")),
    ("portal.enter", frozenset({CM}), _("Enter the company portal")),
    ("admin.enter", frozenset({A}), _("Enter the Django admin")),
    ("api.use", _EVERYONE, _("Create personal API tokens and call the API")),
    # Signing in with a second factor (TOTP and recovery codes, jiwon/accounts/two_factor.py).
    ("accounts.two_factor", _EVERYONE - {CM}, _("Turn on two-factor sign-in")),
    (
        "accounts.two_factor_required",
        frozenset({A, FO, AU}),
        _("Must sign in with a second factor (set up at the first sign-in)"),
    ),
    # The company registry.
    ("companies.view_all", _BACK_OFFICE, _("Read every company in the registry")),
    ("companies.create", _MANAGERS, _("Register companies")),
    ("companies.change_all", _MANAGERS, _("Change any company")),
    ("companies.import", _MANAGERS, _("Import companies from Excel")),
    ("companies.export", _BACK_OFFICE, _("Export the registry to Excel")),
    ("companies.manage_members", _MANAGERS, _("Add members to companies")),
    ("companies.change_growth_stage", _MANAGERS, _("Move companies on the growth ladder")),
    # Personal fields of a representative (the birth date, for age rules): see
    # jiwon/companies/README.md for the rule per field.
    (
        "companies.view_personal",
        _MANAGERS | {CM},
        _("Read representatives' personal fields (members: their own company's)"),
    ),
    (
        "companies.see_personal_recorded",
        frozenset({AU}),
        _("See that a representative's personal field is recorded, not its value"),
    ),
    # Support programmes.
    ("programs.view_all", _BACK_OFFICE, _("Read every programme, drafts included")),
    ("programs.manage", _MANAGERS, _("Create, edit, publish and close programmes")),
    ("programs.export", _BACK_OFFICE, _("Export programmes to Excel")),
    (
        "programs.view_recommendations",
        _BACK_OFFICE | {CM},
        _("See the programmes a company qualifies for (members: their own companies)"),
    ),
    # Applications.
    ("applications.apply", frozenset({CM}), _("Apply for the own company and act on it")),
    ("applications.screen", _MANAGERS, _("Screen applications and decide on them")),
    (
        "applications.view_all",
        _BACK_OFFICE,
        _("Read every application with its answers, files and history"),
    ),
    # Evaluation and selection.
    ("reviews.manage", _MANAGERS, _("Run evaluations: pool, committees, selection")),
    ("reviews.score", frozenset({EV}), _("Score the applications assigned to oneself")),
    ("reviews.appeal", frozenset({CM}), _("Appeal against the own company's result")),
    # Outcomes and reports.
    ("outcomes.view_all", _BACK_OFFICE, _("Read the support ledger and outcome records")),
    ("outcomes.manage", frozenset({A, PO, FO}), _("Write the ledger and yearly figures")),
    ("outcomes.manage_surveys", _MANAGERS, _("Run outcome surveys")),
    ("reports.generate", _BACK_OFFICE, _("Generate the annual report")),
    # Shared equipment and workshops.
    ("equipment.book", frozenset({CM}), _("Book shared equipment for the own company")),
    (
        "equipment.request_test",
        frozenset({CM}),
        _("Ask the agency to run a test on shared equipment for the own company"),
    ),
    ("equipment.view_all", _BACK_OFFICE, _("Read every booking, the usage log and utilisation")),
    (
        "equipment.manage",
        _MANAGERS,
        _("Set up shared equipment, approve bookings, record trainings and tests"),
    ),
    # Grants after selection: agreements, tranches, expenses, settlement (jiwon/grants).
    ("grants.view_all", _BACK_OFFICE, _("Read every grant agreement, tranche and settlement")),
    ("grants.manage", _MANAGERS, _("Draw up agreements, review expenses, run settlements")),
    ("grants.approve_program", _MANAGERS, _("Approve tranches and amendments (programme)")),
    ("grants.approve_finance", frozenset({A, FO}), _("Approve and pay tranches, settle grants")),
    ("grants.act", frozenset({CM}), _("Accept the own company's agreements, request, spend")),
    ("grants.export", _BACK_OFFICE, _("Export grant lists and statements to Excel")),
    (
        "grants.review_reports",
        _MANAGERS,
        _("Review interim and final reports and set the programmes' report schedules"),
    ),
    # Startup spaces: sites, units, tenancy contracts, offers, charges, visits (jiwon/spaces).
    ("spaces.view_all", _BACK_OFFICE, _("Read every site, contract, charge and the occupancy")),
    (
        "spaces.manage",
        _MANAGERS,
        _("Set up spaces, sign contracts, make offers, move tenants in and out, record visits"),
    ),
    ("spaces.bill", frozenset({A, FO}), _("Issue charges, record payments, return deposits")),
    ("spaces.act", frozenset({CM}), _("Answer offers and read the own company's tenancy")),
    # Personal data (jiwon/privacy).
    (
        "privacy.review_access",
        frozenset({AU}),
        _("Review the personal-data access log monthly"),
    ),
    (
        "privacy.view_retention",
        frozenset({A, AU}),
        _("See how long each kind of personal record is kept"),
    ),
    ("privacy.own_data", _EVERYONE, _("See and download what Jiwon holds about oneself")),
    # SME development-fund loans with the city's interest subsidy (jiwon/loans).
    ("loans.apply", frozenset({CM}), _("Apply for a fund loan for the own company")),
    ("loans.view_all", _BACK_OFFICE, _("Read every fund round, application, loan and claim")),
    (
        "loans.manage",
        _MANAGERS,
        _("Set up fund rounds, review applications, issue recommendation letters, record loans"),
    ),
    (
        "loans.bank_report",
        frozenset({BK}),
        _("Report executions, balances and subsidy claims for the own bank's loans"),
    ),
    (
        "loans.approve_payment",
        frozenset({A, FO}),
        _("Check subsidy claims against Jiwon's figures and approve and pay them"),
    ),
    ("loans.export", _BACK_OFFICE, _("Export loans and claims to Excel")),
    # The audit log.
    ("audit.view", frozenset({A, AU}), _("Read the audit log")),
    (
        "audit.checkpoint",
        frozenset({A, AU}),
        _("Anchor the audit chain with a keyed checkpoint now"),
    ),
    (
        "audit.export_checkpoints",
        frozenset({A, AU}),
        _("Export the audit chain's checkpoints to keep outside the database"),
    ),
)

M = TypeVar("M", bound=models.Model)
# A rule is asked `rule(user, obj)` with a signed-in user whose role holds the capability (of
# the project's user model, which core cannot name) and an instance of the rule's model.
ObjectRule = Callable[[Any, M], bool]
_OBJECT_RULES: dict[tuple[type[models.Model], str], list[ObjectRule[Any]]] = {}


def register_object_rule(model: type[M], capability: str, rule: ObjectRule[M]) -> ObjectRule[M]:
    """Ask `rule(user, obj)` too when `has_perm(user, capability, obj)` is asked about an
    instance of `model`. Registering the same rule twice has no effect (ready() may run more
    than once)."""
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    rules = _OBJECT_RULES.setdefault((model, capability), [])
    if rule not in rules:
        rules.append(rule)
    return rule


def has_perm(actor: Viewer, capability: str, obj: models.Model | None = None) -> bool:
    """Whether `actor` may use `capability` (on `obj`, when given). Anonymous and inactive
    users hold no capability."""
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    if isinstance(actor, SystemActor):
        return True
    if not isinstance(actor, RoleUser) or not actor.is_active:
        return False
    if actor.role not in CAPABILITIES[capability].roles:
        return False
    if obj is None:
        return True
    rules = _OBJECT_RULES.get((type(obj), capability), ())
    return all(rule(actor, obj) for rule in rules)


def roles_with(capability: str) -> frozenset[str]:
    """The roles that hold `capability` (for facts about people, e.g. whether a history row's
    actor acts for a company, not for permission checks: ask has_perm)."""
    return CAPABILITIES[capability].roles


def capabilities_markdown() -> str:
    """docs/permissions.md: every capability against every role."""
    roles = list(Role)
    header = "| capability | what it allows | " + " | ".join(str(r.label) for r in roles) + " |"
    rule = "|---|---|" + "---|" * len(roles)
    lines = [
        "# Permissions",
        "",
        "Generated from `jiwon/core/permissions.py` by `jiwon permissions > docs/permissions.md`;"
        " a test fails when the two differ. Domain code asks for capabilities, never roles;"
        " object rules (a member acts only for their own company, an evaluator reads only what"
        " is assigned to them) narrow a capability further in each app's `access.py`.",
        "",
        header,
        rule,
    ]
    for cap in CAPABILITIES.values():
        marks = " | ".join("✓" if r in cap.roles else "" for r in roles)
        lines.append(f"| `{cap.name}` | {cap.description} | {marks} |")
    return "\n".join(lines) + "\n"
