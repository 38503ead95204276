"""Writes to accounts: registration, passwords, API tokens and the throttles.

Accounts sits below the audit app, so its writes reach the audit chain through the audit port
(`jiwon.core.auditing.record`), named `accounts.<service>` like every other entry."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiwon.accounts.models import ApiToken, User
from jiwon.accounts.throttle import (
    login_account_rule,
    login_address_rule,
    login_throttled_error,
    throttle_key,
    two_factor_rule,
)
from jiwon.accounts.two_factor import (
    RECOVERY_CODES,
    RECOVERY_NAME,
    TOTP_NAME,
    clean_token,
    has_second_factor,
)
from jiwon.core.actor import Actor
from jiwon.core.auditing import record
from jiwon.core.permissions import has_perm
from jiwon.core.roles import Role
from jiwon.core.throttle import (
    throttle_clear,
    throttle_give_back,
    throttle_take,
    throttles_take,
)

# Enough of the raw value to tell tokens apart in a list, far too little to guess the rest.
TOKEN_HINT_LENGTH = 8


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
    account's login throttle: whoever finished it controls the account's email, so this is the
    real user's way in while someone else keeps guessing."""
    user.set_password(password)
    user.save(update_fields=["password"])
    if via == "reset":
        throttle_clear(rule=login_account_rule(), key=throttle_key(user.get_username()))
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


def login_attempt_begin(*, username: str, ip_address: str | None) -> datetime | None:
    """Count a login attempt against the account and the address before its password is
    checked: None when it may go on, else when the next attempt will be allowed."""
    return throttles_take(
        checks=[(login_account_rule(), throttle_key(username)), (login_address_rule(), ip_address)]
    )


@transaction.atomic
def login_attempt_succeeded(*, username: str, ip_address: str | None) -> None:
    """The password was right: the account's count starts again, and the address gets back the
    attempt (not its earlier failures, or a guesser could wash them away with an own account)."""
    throttle_clear(rule=login_account_rule(), key=throttle_key(username))
    if ip_address:
        throttle_give_back(rule=login_address_rule(), key=ip_address)


@transaction.atomic
def two_factor_setup_start(*, actor: Actor, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` (any earlier unconfirmed one is dropped):
    its key is shown once as a QR code, and it counts only after `two_factor_enable`."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _recovery_codes_new(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def two_factor_enable(*, actor: Actor, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm `device` with a code from the app and give `user` ten recovery codes (returned,
    shown once; only django-otp's copy is kept). Another authenticator is replaced.

    Each attempt counts against the account (`throttle.two_factor_rule`) before the code is
    checked, in its own transaction, so a wrong code stays counted although the confirmation
    is rolled back: past the limit even a right code waits for the back-off. A confirmed
    device clears the count."""
    rule, key = two_factor_rule(), str(user.pk)
    until = throttle_take(rule=rule, key=key)
    if until is not None:
        raise ValidationError({"token": login_throttled_error(until)})
    codes = _two_factor_confirm(actor=actor, user=user, device=device, token=token)
    throttle_clear(rule=rule, key=key)
    return codes


@transaction.atomic
def _two_factor_confirm(*, actor: Actor, user: User, device: TOTPDevice, token: str) -> list[str]:
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(clean_token(token)):
        raise ValidationError(
            {"token": _("This code is not right. Enter the six digits the app shows now.")}
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_new(user)
    record(
        actor=actor,
        action="accounts.two_factor_enable",
        obj=user,
        changes={"two_factor": [False, True]},
    )
    return codes


@transaction.atomic
def two_factor_recovery_codes_renew(*, actor: Actor, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not has_second_factor(user):
        raise ValidationError(_("Turn on two-factor sign-in first."))
    codes = _recovery_codes_new(user)
    record(
        actor=actor,
        action="accounts.two_factor_recovery_codes_renew",
        obj=user,
        changes={"recovery_codes": [None, len(codes)]},
    )
    return codes


@transaction.atomic
def two_factor_disable(*, actor: Actor, user: User) -> None:
    """Remove `user`'s authenticator and recovery codes; refused for a role that requires a
    second factor."""
    if has_perm(user, "accounts.two_factor_required"):
        raise ValidationError(_("Your role requires two-factor sign-in; it cannot be turned off."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(
        actor=actor,
        action="accounts.two_factor_disable",
        obj=user,
        changes={"two_factor": [True, False]},
    )
