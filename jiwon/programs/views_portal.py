"""Company portal: recommended programmes and one programme explained for one company.

Company members see their own companies (several: a selector, `?company=<pk>`); staff who may
read any company (companies.view_all) open the same pages for any company with `?company=`.
Which company a request may see is decided by jiwon.companies.access.company_for alone.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render

from jiwon.companies.access import can_change_company, company_for
from jiwon.companies.selectors import companies_visible_to
from jiwon.core.permissions import has_perm
from jiwon.programs.models import Program
from jiwon.programs.selectors.recommendations import explanation_for, recommendations_for
from jiwon.programs.workflow import PUBLIC_STATUSES


def _portal_or_staff(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (has_perm(user, "portal.enter") or has_perm(user, "companies.view_all")):
            raise PermissionDenied("portal.enter")
        return view(request, *args, **kwargs)

    return wrapped


def _company(request):
    """The company the request is about and, for a member, the companies they may switch to.
    Staff see no default company: they come from a company's page with ?company=."""
    user = request.user
    choices = [] if has_perm(user, "companies.view_all") else list(companies_visible_to(user))
    requested = request.GET.get("company")
    if requested:
        return company_for(user, requested), choices
    return (choices[0] if choices else None), choices


@_portal_or_staff
def recommendation_list(request):
    company, choices = _company(request)
    return _list_page(request, company, choices)


def _list_page(request, company, choices):
    context = {
        "company": company,
        "choices": choices,
        "staff_reader": has_perm(request.user, "companies.view_all"),
    }
    if company is not None:
        context["found"] = recommendations_for(company=company)
        context["can_change"] = can_change_company(request.user, company)
    return render(request, "programs/portal_list.html", context)


@_portal_or_staff
def recommendation_explain(request, program_pk):
    program = get_object_or_404(
        Program.objects.select_related("agency"), pk=program_pk, status__in=PUBLIC_STATUSES
    )
    company, choices = _company(request)
    if company is None:
        return _list_page(request, None, choices)
    try:
        explained = explanation_for(company=company, program=program)
    except ValidationError:
        # A stored rule that no longer parses (e.g. a retired region code): the list leaves
        # the programme out; here we say so instead of failing.
        explained = None
    return render(
        request,
        "programs/portal_explain.html",
        {"company": company, "choices": choices, "explained": explained, "program": program},
    )
