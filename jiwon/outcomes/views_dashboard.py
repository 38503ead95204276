from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jiwon.core.permissions import has_perm
from jiwon.outcomes.selectors.dashboard import staff_dashboard


@login_required
def dashboard(request):
    context = staff_dashboard() if has_perm(request.user, "backoffice.enter") else {}
    return render(request, "outcomes/dashboard.html", context)
