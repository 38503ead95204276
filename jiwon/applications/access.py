"""Object-level access to applications: the one helper every view and API endpoint uses.

Who reads an application (its answers and its files):
- members of the applicant company;
- staff who read every programme (programs.view_all);
- anyone a registered reader check admits. The reviews app registers one in its
  AppConfig.ready() so that evaluators assigned to an application, and not in conflict with
  it, read it too:

      from jiwon.applications.access import register_reader
      register_reader(evaluator_may_read)   # (user, application) -> bool

  A check must return False for everyone it does not positively admit; the first True wins.
  A check is never asked about users the rules above already admit or refuse by action.

Who acts on it: company members (portal.enter) edit, submit, withdraw and answer supplement
requests ("change"); screeners (applications.screen) decide ("screen").
An application the user may not read does not exist for them (404, not 403).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.applications.models import Application
from jiwon.core.permissions import has_perm

ACTIONS = ("view", "change", "screen")

ReaderCheck = Callable[[object, Application], bool]
_READERS: list[ReaderCheck] = []


def register_reader(check: ReaderCheck) -> ReaderCheck:
    """Add `check` to the readers asked by can_read_application (usable as a decorator).
    Registering the same function twice has no effect (ready() may run more than once)."""
    if check not in _READERS:
        _READERS.append(check)
    return check


def is_company_member(user, company) -> bool:
    """`user` acts for `company` in the portal: a company member who belongs to it."""
    return (
        getattr(user, "is_authenticated", False)
        and has_perm(user, "portal.enter")
        and company.memberships.filter(user_id=user.pk).exists()
    )


def is_applicant(user, application: Application) -> bool:
    return is_company_member(user, application.company)


def can_read_application(user, application: Application) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if has_perm(user, "programs.view_all") or is_applicant(user, application):
        return True
    return any(check(user, application) for check in _READERS)


def can_read_application_files(user, application: Application) -> bool:
    """Whoever reads the application reads its files; the file view asks this alone."""
    return can_read_application(user, application)


def can_change_application(user, application: Application) -> bool:
    return is_applicant(user, application)


def can_screen_application(user, application: Application) -> bool:
    return has_perm(user, "applications.screen")


_ALLOWED = {"change": can_change_application, "screen": can_screen_application}


def application_for(user, pk, action: str = "view") -> Application:
    """The application with `pk` if `user` may `action` ("view", "change" or "screen") it.
    Raises Http404 when it does not exist or the user may not read it, and PermissionDenied
    when they may read it but not `action` it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    try:
        application = Application.objects.select_related(
            "program", "program__agency", "company", "form"
        ).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("application not found") from exc
    if not can_read_application(user, application):
        raise Http404("application not found")
    if action in _ALLOWED and not _ALLOWED[action](user, application):
        raise PermissionDenied(f"may not {action} this application")
    return application
