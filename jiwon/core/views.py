from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from jiwon.core.navigation import start_page
from jiwon.core.permissions import has_perm


def home(request: HttpRequest) -> HttpResponse:
    """The front door: a welcome for visitors, the company portal for company members, a
    role's start page where it has one (the bank desk) and the dashboard for everyone else."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    if has_perm(request.user, "portal.enter"):
        return redirect("companies:mine")
    if not has_perm(request.user, "backoffice.enter"):
        start = start_page(request)
        if start is not None:
            return redirect(start)
    return redirect("dashboard:index")


def favicon(request: HttpRequest) -> HttpResponse:
    # The static URL is looked up per request: in production it is the hashed name from the
    # manifest, which does not exist yet when the URLs are imported.
    return redirect(static("vendor/krds/img/component/favicon/favicon-32x32.png"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)
