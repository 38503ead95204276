from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.accounts.throttle import client_ip, rate_limited_error, signup_address_rule
from jiwon.companies import selectors, services
from jiwon.companies.access import can_change_company, certification_for, company_for
from jiwon.companies.forms import (
    CertificationForm,
    CompanyFilterForm,
    CompanyForm,
    GrowthStageForm,
    RegisterBusinessForm,
    SignupForm,
)
from jiwon.companies.personal import PERSONAL_FIELDS
from jiwon.companies.privacy import company_personal_access
from jiwon.companies.sections import company_sections_for
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.throttle import throttles_take
from jiwon.core.views_helpers import require, show_service_error
from jiwon.privacy.models import AccessAction


def signup(request):
    """Public: a person opens their account together with their company or pre-founder
    record (served at /accounts/signup/, beside the login page)."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        # Every attempt counts, so the form cannot be used to probe the registry at speed.
        until = throttles_take(checks=[(signup_address_rule(), client_ip(request))])
        if until is not None:
            form.add_error(None, rate_limited_error(until))
            return render(request, "companies/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user, company = services.signup(**form.account_values(), company=form.to_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("Welcome to Jiwon! Your account and profile are ready."))
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/signup.html", {"form": form})


@require("companies.view_all")
def company_list(request):
    form = CompanyFilterForm(request.GET or None)
    filters = form.filters()
    qs = selectors.company_search(user=request.user, filters=filters)
    page = paginate(
        qs,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "companies/list.html",
        {
            "form": form,
            "page": page,
            "total": page.total,  # counted once, by paginate
            "query": urlencode(filters.as_query()),
            "can_create": has_perm(request.user, "companies.create"),
            "can_import": has_perm(request.user, "companies.import"),
            "can_export": has_perm(request.user, "companies.export"),
        },
    )


@require("portal.enter")
def my_companies(request):
    companies = list(selectors.companies_visible_to(request.user))
    if len(companies) == 1:
        return redirect("companies:detail", pk=companies[0].pk)
    return render(request, "companies/mine.html", {"companies": companies})


@login_required
def company_detail(request, pk):
    company = company_for(request.user, pk)
    context = selectors.company_detail(company=company)
    company_personal_access(
        actor=request.user,
        request=request,
        company=company,
        action=AccessAction.VIEW,
        fields=["representative_name"],
        purpose=_("Company page"),
    )
    staff_can_change = has_perm(request.user, "companies.change_all")
    context.update(
        {
            "can_change": can_change_company(request.user, company),
            "can_change_stage": has_perm(request.user, "companies.change_growth_stage"),
            "can_change_certifications": staff_can_change,
            "can_view_audit": has_perm(request.user, "audit.view"),
            "stage_form": GrowthStageForm(initial={"stage": company.growth_stage}),
            "certification_form": CertificationForm(),
            "sections": company_sections_for(request, request.user, company),
        }
    )
    return render(request, "companies/detail.html", context)


@require("companies.create")
def company_create(request):
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(actor=request.user, data=form.to_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The company was registered."))
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/form.html", {"form": form, "company": None})


@login_required
def company_edit(request, pk):
    company = company_for(request.user, pk, action="change")
    member_edit = not has_perm(request.user, "companies.change_all")
    form = CompanyForm(
        request.POST or None, initial=CompanyForm.initial_from(company), member_edit=member_edit
    )
    if request.method == "POST" and form.is_valid():
        before = {name: getattr(company, name) for name in PERSONAL_FIELDS}
        try:
            services.company_update(actor=request.user, company=company, data=form.to_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            company_personal_access(
                actor=request.user,
                request=request,
                company=company,
                action=AccessAction.CHANGE,
                fields=[n for n in PERSONAL_FIELDS if getattr(company, n) != before[n]],
                purpose=_("Company profile edited"),
            )
            messages.success(request, _("The profile was saved."))
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/form.html", {"form": form, "company": company})


@login_required
def company_register_business(request, pk):
    company = company_for(request.user, pk, action="change")
    if not company.is_prefounder:
        return redirect("companies:detail", pk=company.pk)
    form = RegisterBusinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_register_business(
                actor=request.user, company=company, **form.cleaned_data
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("Your business is registered. Welcome aboard!"))
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/register_business.html", {"form": form, "company": company})


@require_POST
@require("companies.change_growth_stage")
def company_set_stage(request, pk):
    company = company_for(request.user, pk)
    form = GrowthStageForm(request.POST)
    if form.is_valid():
        services.company_set_growth_stage(actor=request.user, company=company, **form.cleaned_data)
        messages.success(request, _("The growth stage was updated."))
    else:
        messages.error(request, _("Choose a stage and a valid effective date."))
    return redirect("companies:detail", pk=company.pk)


@require_POST
@require("companies.change_all")
def certification_add(request, pk):
    company = company_for(request.user, pk, action="change")
    form = CertificationForm(request.POST)
    if form.is_valid():
        try:
            services.certification_add(actor=request.user, company=company, **form.cleaned_data)
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("The certification was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("companies:detail", pk=company.pk)


@require_POST
@require("companies.change_all")
def certification_remove(request, pk, cert_pk):
    certification = certification_for(request.user, pk, cert_pk, action="change")
    services.certification_remove(actor=request.user, certification=certification)
    messages.success(request, _("The certification was removed."))
    return redirect("companies:detail", pk=pk)
