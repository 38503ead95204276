"""Writes to accounts: self-registration, passwords, API tokens and login throttling."""

from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.accounts.models import ApiToken, LoginFailure, User
from jiwon.audit.services import audit_record
from jiwon.companies.models import Company
from jiwon.companies.services import CompanyInput, company_create
from jiwon.core.roles import Role

# Enough of the raw value to tell tokens apart in a list, far too little to guess the rest.
TOKEN_HINT_LENGTH = 8


def _throttle_key(username: str) -> str:
    return username.strip().lower()


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_is_throttled(*, username: str, ip_address: str | None) -> datetime | None:
    """When further login attempts for `username` or from `ip_address` are allowed again, or
    None if they are allowed now. Attempts are refused while the window holds at least
    LOGIN_FAILURE_LIMIT failures for the username (any case) or for the address."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(at__gte=now - _window())
    limit = settings.LOGIN_FAILURE_LIMIT
    scopes = [recent.filter(username=_throttle_key(username))]
    if ip_address:
        scopes.append(recent.filter(ip_address=ip_address))
    until = None
    for failures in scopes:
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) == limit:
            # Allowed again once the oldest of the last `limit` failures leaves the window.
            free_at = times[-1] + _window()
            until = free_at if until is None else max(until, free_at)
    return until


# Failed logins are throttling state, not business records: they are pruned after the window
# and not audited, because auditing them would let anonymous clients grow the permanent chain.
@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> LoginFailure:
    LoginFailure.objects.filter(at__lt=timezone.now() - _window()).delete()
    return LoginFailure.objects.create(username=_throttle_key(username), ip_address=ip_address)


@transaction.atomic
def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=_throttle_key(username)).delete()


@transaction.atomic
def user_register(
    *, username: str, email: str, display_name: str, password: str, company: CompanyInput
) -> tuple[User, Company]:
    """Create a company-member account and, in the same transaction, the company or
    pre-founder record it owns. On any error nothing is created."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with that username already exists.")})
    if company.brn and Company.objects.filter(brn=company.brn).exists():
        raise ValidationError(
            {
                "brn": _(
                    "This business is already registered in Jiwon. Ask its owner or "
                    "%(agency)s to add you as a member."
                )
                % {"agency": settings.JIWON_AGENCY_NAME}
            }
        )
    user = User(username=username, email=email, display_name=display_name, role=Role.COMPANY_MEMBER)
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
        raise ValidationError({"username": _("A user with that username already exists.")}) from exc
    audit_record(
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
    try:
        with transaction.atomic():
            record = company_create(actor=user, data=company, owner=user)
    except IntegrityError as exc:
        # Another sign-up took the same number between our check and the insert.
        raise ValidationError({"brn": _("This business is already registered in Jiwon.")}) from exc
    return user, record


@transaction.atomic
def user_password_set(*, actor, user: User, password: str, via: Literal["change", "reset"]) -> User:
    """Set `user`'s password (already validated by the form). A completed reset also lifts the
    username's login throttle: whoever finished it controls the account's email."""
    user.set_password(password)
    user.save(update_fields=["password"])
    if via == "reset":
        login_failures_clear(username=user.get_username())
    audit_record(actor=actor, action="accounts.user_password_set", obj=user, changes={"via": via})
    return user


@transaction.atomic
def api_token_create(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
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
    audit_record(
        actor=actor,
        action="accounts.api_token_create",
        obj=token,
        changes={"name": [None, token.name], "hint": [None, token.hint]},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke `token`. Revoking a revoked token changes nothing and records nothing."""
    now = timezone.now()
    # A conditional update so two simultaneous revokes record one entry between them.
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.revoked_at = now
        audit_record(
            actor=actor,
            action="accounts.api_token_revoke",
            obj=token,
            changes={"revoked_at": [None, now.isoformat()]},
        )
    else:
        token.refresh_from_db(fields=["revoked_at"])
    return token
