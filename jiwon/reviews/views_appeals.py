"""Appeals (이의신청) on pages: the applicant lodges one from their result page, within the
programme's appeal period; staff (reviews.manage) list a programme's appeals, start the
review and uphold or dismiss each with a written decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications.access import application_for
from jiwon.core.views_helpers import require, show_service_error
from jiwon.programs.access import program_for
from jiwon.reviews.access import appeal_for, result_for
from jiwon.reviews.forms_appeals import AppealDecisionForm, AppealForm
from jiwon.reviews.selectors.appeals import program_appeals
from jiwon.reviews.selectors.selection import shown
from jiwon.reviews.services.appeals import appeal_decide, appeal_lodge, appeal_review_start
from jiwon.reviews.views_selection import result_page


@require("portal.enter")
@require_POST
def lodge_appeal(request, application_pk, result_pk):
    application = application_for(request.user, application_pk, "change")
    result = result_for(request.user, result_pk, action="appeal")
    if result.application_id != application.pk:
        raise Http404("result not found")
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal_lodge(actor=request.user, result=result, text=form.cleaned_data["text"])
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(
                request, _("Your appeal was lodged. You will find the decision on this page.")
            )
            return redirect("reviews:result_detail", application.pk)
    return result_page(request, application, forms={result.pk: form}, status=400)


@require("reviews.manage")
def appeals(request, program_pk):
    program = program_for(request.user, program_pk)
    return render(
        request,
        "reviews/appeals_list.html",
        {"program": program, "appeals": program_appeals(program)},
    )


def _appeal_page(request, appeal, form=None, status=200):
    result = appeal.result
    places = result.run.config.get("places", 2)
    return render(
        request,
        "reviews/appeals_detail.html",
        {
            "appeal": appeal,
            "result": result,
            "program": appeal.application.program,
            "shown_total": shown(result.total, places),
            "transitions": appeal.transitions_for(request.user),
            "form": form or AppealDecisionForm(),
        },
        status=status,
    )


@require("reviews.manage")
def appeal_detail(request, pk):
    appeal = appeal_for(request.user, pk)
    if request.method != "POST":
        return _appeal_page(request, appeal)
    if "start_review" in request.POST:
        try:
            appeal_review_start(actor=request.user, appeal=appeal)
        except ValidationError as exc:
            show_service_error(request, exc)
        return redirect("reviews:selection_appeal", appeal.pk)
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            appeal_decide(
                actor=request.user,
                appeal=appeal,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The decision on the appeal was recorded."))
            return redirect("reviews:selection_appeal", appeal.pk)
    return _appeal_page(request, appeal, form=form, status=400)
