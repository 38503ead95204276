"""Staff's assignment of a committee's evaluators (reviews.manage), on the committee's page:
the feasibility check, the optimal assignment, and changes by hand."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jiwon.core.views_helpers import require, show_service_error
from jiwon.reviews.access import assignment_for, committee_for
from jiwon.reviews.forms_assignment import ManualAssignmentForm
from jiwon.reviews.selectors.assignment import committee_applications
from jiwon.reviews.selectors.pool import committee_members_with_load
from jiwon.reviews.services import assignment as services
from jiwon.reviews.views_pool import committee_page


@require("reviews.manage")
@require_POST
def feasibility(request, pk):
    """“Check feasibility”: the engine's report, word for word."""
    committee = committee_for(request.user, pk)
    report = services.committee_feasibility(actor=request.user, committee=committee)
    return committee_page(request, committee, report=report)


@require("reviews.manage")
@require_POST
def assign(request, pk):
    committee = committee_for(request.user, pk)
    partial = request.POST.get("partial") == "1"
    try:
        run = services.committee_assign(actor=request.user, committee=committee, partial=partial)
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect("reviews:committee", committee.pk)
    made = len(run.created)
    messages.success(
        request,
        ngettext(
            "%(count)s assignment made (total fit %(fit)s).",
            "%(count)s assignments made (total fit %(fit)s).",
            made,
        )
        % {"count": made, "fit": run.objective},
    )
    if run.missing:
        messages.warning(
            request,
            _("%(missing)s assignments could not be made; add them by hand or add evaluators.")
            % {"missing": run.missing},
        )
    return redirect("reviews:committee", committee.pk)


@require("reviews.manage")
@require_POST
def assignment_add(request, pk):
    committee = committee_for(request.user, pk)
    form = ManualAssignmentForm(
        request.POST,
        applications=committee_applications(committee),
        members=committee_members_with_load(committee),
    )
    if form.is_valid():
        try:
            services.assignment_add(
                actor=request.user,
                committee=committee,
                application=form.cleaned_data["application"],
                evaluator=form.cleaned_data["evaluator"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The evaluator was assigned."))
            return redirect("reviews:committee", committee.pk)
    return committee_page(request, committee, manual_form=form, status=400)


@require("reviews.manage")
@require_POST
def assignment_remove(request, pk):
    assignment = assignment_for(request.user, pk, action="manage")
    try:
        services.assignment_remove(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The assignment was removed."))
    return redirect("reviews:committee", assignment.committee_id)
