"""Scoring on pages: the evaluator's own assignments and the score form (reviews.score), and
staff's rubric editor (reviews.manage). An evaluator finds an assignment only through
access.assignment_for: another evaluator's, or one with a blocking conflict, is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiwon.applications import selectors as application_selectors
from jiwon.applications.access import application_for
from jiwon.core.views_helpers import require, show_service_error
from jiwon.programs.access import program_for
from jiwon.reviews.access import assignment_for, evaluator_of
from jiwon.reviews.forms_conflicts import RecusalForm
from jiwon.reviews.forms_scoring import CriterionFormSet, ScoreForm
from jiwon.reviews.models import CommitteeStage, ScorecardStatus
from jiwon.reviews.selectors.scoring import (
    assignments_listed,
    rubric_in_use,
    rubric_initial,
    rubric_of,
    score_rows,
)
from jiwon.reviews.services.scoring import rubric_save, scorecard_save


@require("reviews.score")
def my_assignments(request):
    evaluator = evaluator_of(request.user)
    assignments = assignments_listed(evaluator) if evaluator and evaluator.active else []
    return render(
        request,
        "reviews/scoring_assignments.html",
        {
            "evaluator": evaluator,
            "assignments": assignments,
            "recusal_form": RecusalForm(),
        },
    )


def _assignment_page(request, assignment, form, status=200):
    # Through the applications app's own access check: the same rule as its file view.
    application = application_for(request.user, assignment.application_id, "view")
    rubric, rows = score_rows(assignment)
    scorecard = getattr(assignment, "scorecard", None)
    return render(
        request,
        "reviews/scoring_assignment.html",
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
        # Every saved field comes back: the criteria through the rows, the comment here.
        scorecard = getattr(assignment, "scorecard", None)
        saved = {"comment": scorecard.comment} if scorecard is not None else {}
        return _assignment_page(request, assignment, ScoreForm(rows=rows, initial=saved))
    form = ScoreForm(request.POST, rows=rows)
    submit = "submit" in request.POST
    if form.is_valid():
        try:
            scorecard_save(
                actor=request.user, assignment=assignment, data=form.to_input(), submit=submit
            )
        except ValidationError as exc:
            show_service_error(request, form.keyed(exc), form=form)
        else:
            if submit:
                messages.success(request, _("Your scores were submitted. Thank you."))
            else:
                messages.success(request, _("Your scores were saved as a draft."))
            return redirect("reviews:assignment", assignment.pk)
    assignment = assignment_for(request.user, pk)
    return _assignment_page(request, assignment, form, status=400)


@require("reviews.manage")
def rubric_edit(request, program_pk, stage):
    program = program_for(request.user, program_pk)
    if stage not in CommitteeStage.values:
        raise Http404("no such stage")
    rubric = rubric_of(program.pk, stage)
    locked = rubric is not None and rubric_in_use(rubric)
    # Bound without `initial`: a row equal to its initial value would count as unchanged and
    # be skipped, silently dropping a criterion.
    if request.method == "POST":
        formset = CriterionFormSet(request.POST, prefix="criteria")
    else:
        formset = CriterionFormSet(initial=rubric_initial(rubric), prefix="criteria")
    refused = False
    if request.method == "POST" and not locked and formset.is_valid():
        criteria = [f.to_input() for f in formset if not f.is_blank()]
        try:
            rubric_save(actor=request.user, program=program, stage=stage, criteria=criteria)
        except ValidationError as exc:
            show_service_error(request, exc)
            refused = True
        else:
            messages.success(request, _("The rubric was saved."))
            return redirect("reviews:program", program.pk)
    return render(
        request,
        "reviews/scoring_rubric.html",
        {
            "program": program,
            "stage": stage,
            "stage_label": CommitteeStage(stage).label,
            "rubric": rubric,
            "locked": locked,
            "formset": formset,
        },
        status=400 if refused or (request.method == "POST" and formset.errors) else 200,
    )
