from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from jiwon.core.forms import add_service_errors
from jiwon.core.permissions import has_perm


def require(capability: str):
    """View decorator: anonymous users go to the login page; users without the capability
    get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request.user, capability):
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def show_service_error(
    request: HttpRequest, exc: ValidationError, *, form: forms.Form | None = None
) -> None:
    """The one way a view shows a service's refusal. A page that shows the form again gets the
    errors on the form (beside their fields, the rest in the error summary); an action button
    that redirects gets one error message per problem on the page it lands on."""
    if form is not None:
        add_service_errors(form, exc)
        return
    for message in exc.messages:
        messages.error(request, message)
