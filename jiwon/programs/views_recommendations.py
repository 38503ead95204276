"""Company portal: recommended programmes and one programme explained for one company.

Company members see their own companies (several: a selector, `?company=<pk>`); staff who may
read any company (companies.view_all) open the same pages for any company with `?company=`.
Which company a request may see is decided by jiwon.companies.access.company_for alone.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from jiwon.companies.access import can_change_company, company_for, personal_visibility
from jiwon.companies.selectors import companies_visible_to
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require
from jiwon.programs.access import ANYONE, program_for
from jiwon.programs.selectors.recommendations import explanation_for, recommendations_for


def _company(request):
    """The company the request is about and, for a member, the companies they may switch to.
    Staff see no default company: they come from a company's page with ?company=."""
    user = request.user
    choices = [] if has_perm(user, "companies.view_all") else list(companies_visible_to(user))
    requested = request.GET.get("company")
    if requested:
        return company_for(user, requested), choices
    return (choices[0] if choices else None), choices


@require("programs.view_recommendations")
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
        context["found"] = recommendations_for(
            company=company, personal=personal_visibility(request.user, company) == "value"
        )
        context["can_change"] = can_change_company(request.user, company)
    return render(request, "programs/portal_list.html", context)


@require("programs.view_recommendations")
def recommendation_explain(request, program_pk):
    # Only public programmes are explained, to staff as well: drafts do not exist here.
    program = program_for(ANYONE, program_pk)
    company, choices = _company(request)
    if company is None:
        return _list_page(request, None, choices)
    try:
        explained = explanation_for(
            company=company,
            program=program,
            personal=personal_visibility(request.user, company) == "value",
        )
    except ValidationError:
        # A stored rule that no longer parses (e.g. a retired region code): the list leaves
        # the programme out; here we say so instead of failing.
        explained = None
    return render(
        request,
        "programs/portal_explain.html",
        {"company": company, "choices": choices, "explained": explained, "program": program},
    )
