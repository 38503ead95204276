"""The one way anyone signs in: Django's model backend behind the login throttle.

Every login form (the site's, and the admin's, which sends people to the site's) ends in
`django.contrib.auth.authenticate`, so throttling here leaves no path around it. The attempt
is counted before the password is checked, in one locked step (`services.login_attempt_begin`):
a hundred simultaneous guesses are counted one after another, and only those under the limit
reach the password hasher."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jiwon.accounts import selectors, services
from jiwon.accounts.throttle import client_ip

# What the login form shows beside a refusal: set on the request by the backend.
THROTTLED_UNTIL = "jiwon_login_throttled_until"
DEACTIVATED = "jiwon_login_deactivated"


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        ip = client_ip(request)
        until = services.login_attempt_begin(username=username, ip_address=ip)
        if until is not None:
            if request is not None:
                setattr(request, THROTTLED_UNTIL, until)
            # Stops authenticate() here: no other backend gets to check the password.
            raise PermissionDenied("login throttled")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            services.login_attempt_succeeded(username=username, ip_address=ip)
            return user
        dormant = selectors.deactivated_user(username)
        if dormant is not None and dormant.check_password(password):
            # The right password of a deactivated account is no guess: say what is the
            # matter instead, and do not count it.
            services.login_attempt_succeeded(username=username, ip_address=ip)
            if request is not None:
                setattr(request, DEACTIVATED, True)
        return None
