"""Conflicts of interest on pages: the applicant's challenge (기피) of evaluators from their
application, the evaluator's recusal (회피) from their list, and staff's decision on a
challenge.

Applicants choose among the members of the programme's committees, shown by name and
affiliation only: nobody learns who is assigned to which application, and no scores are shown.
Staff decide each challenge with a reason; an upheld challenge removes the evaluator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications.access import application_for
from jiwon.core.views_helpers import require, show_service_error
from jiwon.reviews.access import assignment_for, conflict_for
from jiwon.reviews.forms_conflicts import ChallengeForm, DecisionForm, RecusalForm
from jiwon.reviews.selectors.conflicts import (
    REVIEWABLE_STATUSES,
    challengeable_evaluators,
    challenges_of,
)
from jiwon.reviews.services.conflicts import conflict_challenge, conflict_decide, conflict_recuse


@require("portal.enter")
def challenge(request, pk):
    application = application_for(request.user, pk, "change")
    evaluators = challengeable_evaluators(application)
    form = ChallengeForm(request.POST or None, evaluators=evaluators)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                conflict_challenge(
                    actor=request.user,
                    application=application,
                    evaluator=form.cleaned_data["evaluator"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                messages.success(
                    request, _("Your challenge was sent. The programme officer will decide.")
                )
                return redirect("reviews:challenge", application.pk)
        status = 400
    return render(
        request,
        "reviews/conflicts_challenge.html",
        {
            "application": application,
            "program": application.program,
            "form": form,
            "open": application.status in REVIEWABLE_STATUSES and evaluators.exists(),
            "challenges": challenges_of(application),
        },
        status=status,
    )


@require("reviews.score")
@require_POST
def recuse(request, pk):
    """회피: declared from the list, before or after opening, until the scores are submitted."""
    assignment = assignment_for(request.user, pk)
    form = RecusalForm(request.POST)
    form.is_valid()
    try:
        conflict_recuse(
            actor=request.user, assignment=assignment, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(
            request,
            _("You recused yourself from %(company)s. The application is no longer yours.")
            % {"company": assignment.application.company.name_ko},
        )
    return redirect("reviews:mine")


@require("reviews.manage")
@require_POST
def conflict_decision(request, pk):
    conflict = conflict_for(request.user, pk)
    form = DecisionForm(request.POST)
    back = request.POST.get("next") or ""
    if form.is_valid():
        try:
            conflict_decide(
                actor=request.user,
                conflict=conflict,
                uphold=form.cleaned_data["decision"] == "uphold",
                reason=form.cleaned_data["decision_reason"],
            )
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("The challenge was decided."))
    else:
        messages.error(request, _("Choose uphold or dismiss and give the reason."))
    if back.startswith("/reviews/"):
        return redirect(back)
    return redirect("reviews:program", conflict.application.program_id)
