"""One demo login per role, all with the same published password (demo data only)."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from jiwon.accounts.models import User
from jiwon.companies.models import Company, Membership
from jiwon.core.roles import Role

DEMO_PASSWORD = "jiwon-demo-2026"

# username, role, display name ("" = the representative of the company the user owns)
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("admin", Role.AGENCY_ADMIN, "정하늘"),
    ("officer", Role.PROGRAM_OFFICER, "김지원"),
    ("finance", Role.FINANCE_OFFICER, "이서영"),
    ("evaluator", Role.EVALUATOR, "박준호"),
    ("mentor", Role.MENTOR, "최민아"),
    ("company", Role.COMPANY_MEMBER, ""),
    ("viewer", Role.CITY_VIEWER, "한시은"),
    ("auditor", Role.AUDITOR, "오경민"),
)
COMPANY_USERNAME = "company"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    created: bool


@dataclass(frozen=True)
class UsersResult:
    logins: list[DemoLogin]
    memberships_created: int


def ensure_users(*, company: Company) -> UsersResult:
    """Create the demo users that are missing and make the company user an owner member of
    `company`. Users that already exist are left exactly as they are."""
    usernames = [username for username, _, _ in DEMO_USERS]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    missing = [spec for spec in DEMO_USERS if spec[0] not in users]
    # One hash for all: PBKDF2 is slow on purpose, and every demo user has the same password.
    password = make_password(DEMO_PASSWORD) if missing else ""
    for username, role, display_name in missing:
        users[username] = User.objects.create(
            username=username,
            role=role,
            display_name=display_name or company.representative_name,
            email=f"{username}@example.com",
            password=password,
            is_staff=role == Role.AGENCY_ADMIN,
            is_superuser=role == Role.AGENCY_ADMIN,
        )
    created = {username for username, _, _ in missing}
    logins = [DemoLogin(u, users[u].role, created=u in created) for u in usernames]
    _, membership_created = Membership.objects.get_or_create(
        user=users[COMPANY_USERNAME], company=company, defaults={"kind": Membership.Kind.OWNER}
    )
    return UsersResult(logins=logins, memberships_created=int(membership_created))
