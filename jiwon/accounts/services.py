"""Writes to accounts: registration, passwords, API tokens and the login throttle.

Accounts sits below the audit app, so its writes reach the audit chain through the audit port
(`jiwon.core.auditing.record`), named `accounts.<service>` like every other entry."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.accounts.models import ApiToken, LoginFailure, User
from jiwon.accounts.selectors import failure_window, throttle_key
from jiwon.core.actor import Actor
from jiwon.core.auditing import record
from jiwon.core.roles import Role

# Enough of the raw value to tell tokens apart in a list, far too little to guess the rest.
TOKEN_HINT_LENGTH = 8


# Failed logins are throttling state, not business records: they are pruned after the window
# and not audited, because auditing them would let anonymous clients grow the permanent chain.
# Nobody is signed in when they are written, so these two take no actor.
@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> LoginFailure:
    LoginFailure.objects.filter(at__lt=timezone.now() - failure_window()).delete()
    return LoginFailure.objects.create(username=throttle_key(username), ip_address=ip_address)


@transaction.atomic
def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=throttle_key(username)).delete()


def _username_taken() -> ValidationError:
    return ValidationError({"username": _("A user with that username already exists.")})


@transaction.atomic
def user_register(
    *, username: str, email: str, display_name: str, password: str, role: Role
) -> User:
    """A person registers themselves: nobody is signed in yet, so the new account is the actor
    of its own creation (and of whatever the caller writes next in the same transaction).
    Checks the username (in any case) and the password against the password validators."""
    if User.objects.filter(username__iexact=username).exists():
        raise _username_taken()
    user = User(username=username, email=email, display_name=display_name, role=role)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        # Another registration took the same username between the check and the insert.
        raise _username_taken() from exc
    record(
        actor=user,
        action="accounts.user_register",
        obj=user,
        changes={
            "username": [None, user.username],
            "email": [None, user.email],
            "display_name": [None, user.display_name],
            "role": [None, user.role],
        },
    )
    return user


@transaction.atomic
def user_password_set(
    *, actor: Actor, user: User, password: str, via: Literal["change", "reset"]
) -> User:
    """Set `user`'s password (already validated by the form). A completed reset also lifts the
    username's login throttle: whoever finished it controls the account's email."""
    user.set_password(password)
    user.save(update_fields=["password"])
    if via == "reset":
        login_failures_clear(username=user.get_username())
    record(actor=actor, action="accounts.user_password_set", obj=user, changes={"via": via})
    return user


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its raw value, which is never stored and cannot be shown
    again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the tool that uses it.")})
    raw = ApiToken.new_raw_value()
    token = ApiToken(
        user=user, name=name, token_hash=ApiToken.hash_of(raw), hint=raw[:TOKEN_HINT_LENGTH]
    )
    token.full_clean()
    token.save()
    record(
        actor=actor,
        action="accounts.api_token_create",
        obj=token,
        changes={"name": [None, token.name], "hint": [None, token.hint]},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke `token`. Revoking a revoked token changes nothing and records nothing."""
    now = timezone.now()
    # A conditional update so two simultaneous revokes record one entry between them.
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.revoked_at = now
        record(
            actor=actor,
            action="accounts.api_token_revoke",
            obj=token,
            changes={"revoked_at": [None, now.isoformat()]},
        )
    else:
        token.refresh_from_db(fields=["revoked_at"])
    return token


@dataclass(frozen=True, kw_only=True)
class AccountInput:
    username: str
    email: str
    display_name: str
    role: Role


@transaction.atomic
def users_bulk_create(
    *,
    actor: Actor,
    accounts: Sequence[AccountInput],
    password: str | None,
    staff: Sequence[str] = (),
) -> list[User]:
    """Open many accounts at once (seed data, a pool of external evaluators) with one shared
    password, hashed once, or none (`None`: nobody can sign in until a password is set). The
    usernames in `staff` also get the admin site (staff and superuser). One audit entry for
    the batch. A username taken in any case fails the whole batch."""
    if not accounts:
        return []
    wanted = [a.username for a in accounts]
    lowered = {u.lower() for u in wanted}
    existing = User.objects.annotate(lowered=Lower("username")).filter(lowered__in=lowered)
    if len(lowered) < len(wanted) or existing.exists():
        raise _username_taken()
    hashed = make_password(password)
    users = []
    for a in accounts:
        user = User(
            username=a.username,
            email=a.email,
            display_name=a.display_name,
            role=a.role,
            password=hashed,
            is_staff=a.username in staff,
            is_superuser=a.username in staff,
        )
        user.full_clean(exclude=["password"], validate_unique=False)
        users.append(user)
    User.objects.bulk_create(users)
    record(
        actor=actor,
        action="accounts.users_bulk_create",
        obj=users[0],
        changes={"users": [None, len(users)], "usernames": [None, wanted]},
    )
    return users
