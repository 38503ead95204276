from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase

from jiwon.core.forms import add_service_errors
from jiwon.core.permissions import has_perm

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponseBase]


def require(capability: str) -> Callable[[View[P]], View[P]]:
    """View decorator: anonymous users go to the login page; users without the capability
    get 403."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request.user, capability):
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def show_service_error(
    request: HttpRequest, exc: ValidationError, *, form: forms.BaseForm | None = None
) -> None:
    """The one way a view shows a service's refusal. A page that shows the form again gets the
    errors on the form (beside their fields, the rest in the error summary); an action button
    that redirects gets one error message per problem on the page it lands on."""
    if form is not None:
        add_service_errors(form, exc)
        return
    for message in exc.messages:
        messages.error(request, message)
