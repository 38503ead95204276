"""The applicant's side of selection (company members, after publication only): their own
result with scores per criterion, the evaluators' comments under pseudonyms, rank and
reasons, and the appeal (이의신청) within the programme's appeal period.

An application of another company does not exist here (404); a result that is not published
is not shown. Nothing on these pages names another applicant or an evaluator."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications.access import application_for
from jiwon.companies.models import Company
from jiwon.core.forms import add_service_errors
from jiwon.core.views_helpers import require
from jiwon.reviews.forms_selection import AppealForm
from jiwon.reviews.selectors import selection as sel
from jiwon.reviews.services.appeals import appeal_lodge, appeal_window_problem


@require("portal.enter")
def my_results(request):
    companies = Company.objects.filter(memberships__user=request.user)
    results = sel.applicant_results(companies)
    for result in results:
        result.shown_total = sel.shown(result.total, result.run.config.get("places", 2))
    return render(request, "reviews/results_mine.html", {"results": results})


def _sections(application, forms):
    now = timezone.now()
    config = sel.aggregation_config_of(application.program)
    sections = []
    for result in sel.published_results(application):
        run = result.run
        places = run.config.get("places", 2)
        appeal = getattr(result, "appeal", None)
        problem = appeal_window_problem(result, now)
        deadline = sel.appeal_deadline(run, config)
        sections.append(
            {
                "result": result,
                "run": run,
                "stage": run.committee.get_stage_display(),
                "total": sel.shown(result.total, places),
                "base": sel.shown(result.base, places),
                "bonus": sel.shown(result.bonus, places),
                "of": sel.ranked_count(run),
                "criteria": sel.criterion_rows(result),
                "sheets": sel.anonymised_sheets(result, places),
                "appeal": appeal,
                "appeal_until": deadline - timedelta(seconds=1),
                "can_appeal": appeal is None and not problem,
                "form": forms.get(result.pk) or AppealForm(),
            }
        )
    return sections


def _detail(request, application, forms=None, status=200):
    return render(
        request,
        "reviews/results_detail.html",
        {
            "application": application,
            "program": application.program,
            "sections": _sections(application, forms or {}),
        },
        status=status,
    )


@require("portal.enter")
def result_detail(request, application_pk):
    return _detail(request, application_for(request.user, application_pk, "change"))


@require("portal.enter")
@require_POST
def lodge_appeal(request, application_pk, result_pk):
    application = application_for(request.user, application_pk, "change")
    result = next((r for r in sel.published_results(application) if r.pk == result_pk), None)
    if result is None:
        raise Http404("result not found")
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal_lodge(actor=request.user, result=result, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your appeal was lodged. You will find the decision on this page.")
            )
            return redirect("reviews:result_detail", application.pk)
    return _detail(request, application, forms={result.pk: form}, status=400)
