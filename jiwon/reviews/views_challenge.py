"""The applicant's challenge (기피) of evaluators, from their application.

Applicants choose among the members of the programme's committees, shown by name and
affiliation only: nobody learns who is assigned to which application, and no scores are shown.
Staff decide each challenge with a reason; an upheld challenge removes the evaluator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiwon.applications.access import application_for
from jiwon.core.forms import add_service_errors
from jiwon.core.views_helpers import require
from jiwon.reviews.forms_scoring import ChallengeForm
from jiwon.reviews.selectors.pool import challenges_of
from jiwon.reviews.services.conflicts import (
    REVIEWABLE_STATUSES,
    challengeable_evaluators,
    conflict_challenge,
)


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
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Your challenge was sent. The programme officer will decide.")
                )
                return redirect("reviews:challenge", application.pk)
        status = 400
    return render(
        request,
        "reviews/challenge.html",
        {
            "application": application,
            "program": application.program,
            "form": form,
            "open": application.status in REVIEWABLE_STATUSES and evaluators.exists(),
            "challenges": challenges_of(application),
        },
        status=status,
    )
