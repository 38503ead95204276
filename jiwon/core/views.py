from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from jiwon.core.permissions import has_perm
from jiwon.core.selectors import staff_dashboard


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    if has_perm(request.user, "portal.enter"):
        return redirect("companies:mine")
    return dashboard(request)


@login_required
def dashboard(request):
    context = staff_dashboard() if has_perm(request.user, "backoffice.enter") else {}
    return render(request, "core/dashboard.html", context)


def permission_denied(request, exception=None):
    return render(request, "core/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)
