"""The dashboard every signed-in user lands on: the staff dashboard for the back office, an
empty page for the other roles (company members land on their company's portal instead)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiwon.core.permissions import has_perm
from jiwon.outcomes.selectors.dashboard import staff_dashboard


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = staff_dashboard() if has_perm(request.user, "backoffice.enter") else {}
    return render(request, "outcomes/dashboard.html", context)
