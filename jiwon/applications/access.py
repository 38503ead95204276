"""Object-level access to applications: the helpers every view and API endpoint uses.

Who reads an application (its answers and its files):
- the applicant: a user who holds applications.apply and belongs to the applicant company;
- staff who read every application (applications.view_all);
- anyone a registered reader check admits. The reviews app registers one in its
  AppConfig.ready() so that evaluators assigned to an application, and not in conflict with
  it, read it too:

      from jiwon.applications.access import register_reader
      register_reader(evaluator_may_read)   # (user, application) -> bool

  A check must return False for everyone it does not positively admit; the first True wins.
  A check is never asked about users the rules above already admit, nor about anonymous or
  inactive users.

Who acts on it: the applicant ("change": edit the draft, upload, submit, withdraw, answer a
supplement request), through applications.apply with the object rule `is_applicant`
(registered in ApplicationsConfig.ready()); screeners ("screen"), through applications.screen.
An application the user may not read does not exist for them (404); one they read but may not
act on is forbidden (403).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiwon.applications.models import Application, ApplicationFile
from jiwon.companies.models import Company
from jiwon.core.actor import actor_user
from jiwon.core.permissions import has_perm

ACTIONS = ("view", "change", "screen")
FILE_ACTIONS = ("view", "change")

ReaderCheck = Callable[[Any, Application], bool]
_READERS: list[ReaderCheck] = []


def register_reader(check: ReaderCheck) -> ReaderCheck:
    """Add `check` to the readers asked by can_read_application (usable as a decorator).
    Registering the same function twice has no effect (ready() may run more than once)."""
    if check not in _READERS:
        _READERS.append(check)
    return check


def may_apply(user: Any, company: Company) -> bool:
    """`user` may apply for `company`: they hold applications.apply and belong to it. This is
    the object rule of applications.apply on companies (and, through is_applicant, on
    applications); it asks for the capability without the object, so it never asks itself."""
    if not has_perm(user, "applications.apply"):
        return False
    member = actor_user(user)
    return member is not None and company.memberships.filter(user_id=member.pk).exists()


def is_applicant(user: Any, application: Application) -> bool:
    """`user` applies for the company that made `application`."""
    return may_apply(user, application.company)


def can_read_application(user: Any, application: Application) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if has_perm(user, "applications.view_all") or is_applicant(user, application):
        return True
    return any(check(user, application) for check in _READERS)


def can_change_application(user: Any, application: Application) -> bool:
    return has_perm(user, "applications.apply", application)


def can_screen_application(user: Any, application: Application) -> bool:
    return has_perm(user, "applications.screen", application)


_ALLOWED = {"change": can_change_application, "screen": can_screen_application}


def application_for(user: Any, pk: Any, action: str = "view") -> Application:
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


def application_file_for(user: Any, pk: Any, file_pk: Any, action: str = "view") -> ApplicationFile:
    """The file `file_pk` of application `pk` if `user` may `action` ("view": download,
    "change": remove) it. Whoever reads the application reads its files; the rest is
    application_for's answer for the application (404 or 403). A file of another application,
    or none, is 404."""
    if action not in FILE_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    application = application_for(user, pk, action)
    try:
        file = application.files.get(pk=file_pk)
    except (ApplicationFile.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("file not found") from exc
    file.application = application
    return file
