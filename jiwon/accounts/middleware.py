"""What every signed-in request passes: the session's lifetime and no caching.

- A session ends after JIWON_SESSION_IDLE_SECONDS without a request and, whatever happens,
  JIWON_SESSION_MAX_AGE_SECONDS after it began. Django's own expiry moves with every save of
  the session, so it cannot give an absolute lifetime: the start is kept in the session.
- Pages for a signed-in user and every file download carry `Cache-Control: no-store`, so that
  neither a shared proxy nor the browser's back button shows them to the next person at the
  machine.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

STARTED = "jiwon_session_started"
SEEN = "jiwon_session_seen"
# The last-seen time is written at most this often, not on every request.
SEEN_RESOLUTION = 60


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            session = request.session
            # Set at sign-in (session_started); a session from before that gets them now.
            started = session.get(STARTED) or session.setdefault(STARTED, now)
            seen = session.get(SEEN, now)
            idle = now - seen > settings.SESSION_IDLE_SECONDS
            if idle or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after a while without activity; sign in again.")
                    if idle
                    else _("Your session has ended; sign in again."),
                )
            elif SEEN not in session or now - seen >= SEEN_RESOLUTION:
                session[SEEN] = now
        return self.get_response(request)


def session_started(sender, request, user, **kwargs) -> None:
    """user_logged_in: the session's clock starts at sign-in (saved with the new session)."""
    if hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[STARTED] = now
        request.session[SEEN] = now


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        download = response.has_header("Content-Disposition") or getattr(
            response, "streaming", False
        )
        if request.user.is_authenticated or download:
            patch_cache_control(response, no_store=True, private=True)
        return response
