"""One demo login per role, all with the same published password (demo data only)."""

from base64 import b32encode
from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from jiwon.accounts.models import User
from jiwon.accounts.services import AccountInput, users_bulk_create
from jiwon.companies.models import Company, Membership
from jiwon.companies.services import membership_add
from jiwon.core.permissions import has_perm
from jiwon.core.roles import Role
from jiwon.demo.actor import DEMO

DEMO_PASSWORD = "jiwon-demo-2026"
# The authenticator key of the demo logins whose role requires a second factor, published like
# the password: `jiwon demo` prints it, `jiwon demo_code <username>` prints the current code.
DEMO_TOTP_KEY = "6a69776f6e2d64656d6f2d746f74702d6b65792e"  # hex, 20 bytes


def demo_totp_secret() -> str:
    """The demo key as authenticator apps take it (base32)."""
    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


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
    # Works for a partner bank of the fund loans (its bank is set by jiwon/demo/loans.py).
    ("bank", Role.BANK_USER, "윤재혁"),
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
    created = users_bulk_create(
        actor=DEMO,
        accounts=[
            AccountInput(
                username=username,
                role=Role(role),
                display_name=display_name or company.representative_name,
                email=f"{username}@example.com",
            )
            for username, role, display_name in missing
        ],
        password=DEMO_PASSWORD,
        staff=[username for username, role, _ in missing if role == Role.AGENCY_ADMIN],
    )
    users.update({u.username: u for u in created})
    for user in created:
        if has_perm(user, "accounts.two_factor_required"):
            # Enrolled already, so that a reviewer signs in with the printed key or code
            # instead of setting up a phone for every role they try.
            TOTPDevice.objects.create(
                user=user, name="authenticator", key=DEMO_TOTP_KEY, confirmed=True
            )
    logins = [
        DemoLogin(u, users[u].role, created=u in {c.username for c in created}) for u in usernames
    ]
    had_membership = Membership.objects.filter(
        user=users[COMPANY_USERNAME], company=company
    ).exists()
    membership_add(
        actor=DEMO, company=company, user=users[COMPANY_USERNAME], kind=Membership.Kind.OWNER
    )
    return UsersResult(logins=logins, memberships_created=int(not had_membership))
