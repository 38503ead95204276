from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

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
