"""Evaluators' pages: their own assignments, recusal (회피) and the score form. Every page
finds the assignment through access.assignment_for: another evaluator's assignment, or one
with a blocking conflict, is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications import selectors as application_selectors
from jiwon.applications.access import application_for
from jiwon.core.views_helpers import require
from jiwon.reviews.access import assignment_for, evaluator_of
from jiwon.reviews.forms_scoring import RecusalForm, ScoreForm
from jiwon.reviews.models import ScorecardStatus
from jiwon.reviews.selectors.scoring import assignments_of, score_rows
from jiwon.reviews.services.conflicts import conflict_recuse
from jiwon.reviews.services.scoring import scorecard_save


@require("reviews.score")
def my_assignments(request):
    evaluator = evaluator_of(request.user)
    assignments = list(assignments_of(evaluator)) if evaluator and evaluator.active else []
    return render(
        request,
        "reviews/evaluator_list.html",
        {
            "evaluator": evaluator,
            "assignments": assignments,
            "recusal_form": RecusalForm(),
        },
    )


def _render_assignment(request, assignment, form, status=200):
    # Through the applications app's own access check: the same rule as its file view.
    application = application_for(request.user, assignment.application_id, "view")
    rubric, rows = score_rows(assignment)
    scorecard = getattr(assignment, "scorecard", None)
    return render(
        request,
        "reviews/evaluator_assignment.html",
        {
            "assignment": assignment,
            "application": application,
            "program": application.program,
            "answer_steps": application_selectors.answer_steps(application),
            "rubric": rubric,
            "rows": rows,
            "scorecard": scorecard,
            "submitted": scorecard is not None and scorecard.status == ScorecardStatus.SUBMITTED,
            "form": form,
        },
        status=status,
    )


@require("reviews.score")
def assignment_detail(request, pk):
    """The application's answers and files beside the score form. POST saves the draft
    ("save") or submits ("submit")."""
    assignment = assignment_for(request.user, pk)
    _rubric, rows = score_rows(assignment)
    if request.method != "POST":
        return _render_assignment(request, assignment, ScoreForm(rows=rows))
    form = ScoreForm(request.POST, rows=rows)
    submit = "submit" in request.POST
    if form.is_valid():
        try:
            scorecard_save(
                actor=request.user, assignment=assignment, data=form.to_input(), submit=submit
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(form.field_for(key), error)
            else:
                form.add_error(None, exc)
        else:
            if submit:
                messages.success(request, _("Your scores were submitted. Thank you."))
            else:
                messages.success(request, _("Your scores were saved as a draft."))
            return redirect("reviews:assignment", assignment.pk)
    assignment = assignment_for(request.user, pk)
    return _render_assignment(request, assignment, form, status=400)


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
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("You recused yourself from %(company)s. The application is no longer yours.")
            % {"company": assignment.application.company.name_ko},
        )
    return redirect("reviews:mine")
