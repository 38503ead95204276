"""Selection on pages.

Staff (reviews.manage): a programme's aggregation settings, bonuses and tracks, and each
committee's ranking (compute, decide ties at the cutoff, confirm, publish).

Applicants (company members, after publication only): their own results with scores per
criterion, the evaluators' comments under pseudonyms, rank and reasons, and the appeal form
(views_appeals takes it). An application of another company does not exist here (404); a
result that is not published is not shown. Nothing on these pages names another applicant or
an evaluator."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications.access import application_for
from jiwon.core.views_helpers import require, show_service_error
from jiwon.programs.access import program_for
from jiwon.reviews.access import committee_for, result_for, run_for
from jiwon.reviews.forms_appeals import AppealForm
from jiwon.reviews.forms_selection import AdjustmentForm, AggregationConfigForm, TieDecisionForm
from jiwon.reviews.selectors import selection as sel
from jiwon.reviews.selectors.appeals import appeal_deadline, appeal_window_problem, program_appeals
from jiwon.reviews.services.selection import (
    adjustment_save,
    aggregation_config_save,
    selection_compute,
    selection_confirm,
    selection_publish,
    selection_resolve_tie,
)


@require("reviews.manage")
def selection_index(request):
    return render(
        request, "reviews/selection_index.html", {"programs": sel.programmes_in_evaluation()}
    )


@require("reviews.manage")
def program_selection(request, program_pk):
    program = program_for(request.user, program_pk)
    config = sel.aggregation_config_of(program)
    return render(
        request,
        "reviews/selection_program.html",
        {
            "program": program,
            "config": config,
            "rankings": sel.stage_rankings(program),
            "track_labels": sel.track_labels(config),
            "kind_label": dict(AggregationConfigForm.base_fields["support_kind"].choices).get(
                sel.support_kind_of(config), ""
            ),
            "appeal_count": program_appeals(program).count(),
        },
    )


@require("reviews.manage")
def config_edit(request, program_pk):
    program = program_for(request.user, program_pk, "change")
    config = sel.aggregation_config_of(program)
    if request.method == "POST":
        form = AggregationConfigForm(request.POST)
        if form.is_valid():
            try:
                aggregation_config_save(actor=request.user, program=program, data=form.to_input())
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                messages.success(request, _("The aggregation settings were saved."))
                return redirect("reviews:selection_program", program.pk)
    else:
        form = AggregationConfigForm(initial=AggregationConfigForm.initial_from(config))
    return render(
        request,
        "reviews/selection_config.html",
        {
            "program": program,
            "form": form,
            "committees": sel.programme_committees(program),
            "criterion_codes": sorted(sel.programme_criterion_codes(program)),
        },
        status=400 if form.errors else 200,
    )


@require("reviews.manage")
def adjustments(request, program_pk):
    program = program_for(request.user, program_pk)
    config = sel.aggregation_config_of(program)
    return render(
        request,
        "reviews/selection_adjustments.html",
        {"program": program, "rows": sel.adjustment_rows(program, config), "config": config},
    )


@require("reviews.manage")
def adjustment_edit(request, application_pk):
    application = application_for(request.user, application_pk, "view")
    config = sel.aggregation_config_of(application.program)
    adjustment = sel.adjustments_by_application([application.pk]).get(application.pk)
    if request.method == "POST":
        form = AdjustmentForm(request.POST, tracks=config.tracks)
        if form.is_valid():
            try:
                adjustment_save(
                    actor=request.user,
                    application=application,
                    bonus=form.cleaned_data["bonus"],
                    reason=form.cleaned_data["bonus_reason"],
                    track=form.cleaned_data["track"],
                )
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                messages.success(request, _("The bonus and track were saved."))
                return redirect("reviews:selection_adjustments", application.program_id)
    else:
        initial = {}
        if adjustment is not None:
            initial = {
                "bonus": adjustment.bonus,
                "bonus_reason": adjustment.bonus_reason,
                "track": adjustment.track,
            }
        form = AdjustmentForm(initial=initial, tracks=config.tracks)
    return render(
        request,
        "reviews/selection_adjustment.html",
        {
            "application": application,
            "program": application.program,
            "form": form,
            "derived_track": sel.track_of(application, config),
        },
        status=400 if form.errors else 200,
    )


@require("reviews.manage")
def ranking(request, committee_pk):
    committee = committee_for(request.user, committee_pk)
    run = sel.run_of(committee)
    context = {"committee": committee, "program": committee.program, "run": run}
    if run is not None:
        places = run.config.get("places", 2)
        labels = sel.track_labels(sel.aggregation_config_of(committee.program))
        rows = list(sel.ranking(run))
        for r in rows:
            r.track_label = labels.get(r.track, r.track)
            r.shown_total = sel.shown(r.total, places)
            r.shown_base = sel.shown(r.base, places)
            r.shown_bonus = sel.shown(r.bonus, places)
        context.update(
            rows=rows,
            counts=sel.run_counts(run),
            quota=run.config.get("overall_quota"),
        )
    return render(request, "reviews/selection_ranking.html", context)


@require("reviews.manage")
@require_POST
def compute(request, committee_pk):
    committee = committee_for(request.user, committee_pk)
    try:
        run = selection_compute(actor=request.user, committee=committee)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(
            request,
            _("The ranking was computed: %(count)s applications.") % {"count": run.results.count()},
        )
    return redirect("reviews:selection_ranking", committee.pk)


@require("reviews.manage")
@require_POST
def resolve_tie(request, result_pk):
    result = result_for(request.user, result_pk, action="decide")
    form = TieDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give its reason."))
    else:
        try:
            selection_resolve_tie(
                actor=request.user,
                result=result,
                selected=form.cleaned_data["selected"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(request, _("The decision was recorded."))
    return redirect("reviews:selection_ranking", result.run.committee_id)


@require("reviews.manage")
@require_POST
def confirm(request, run_pk):
    run = run_for(request.user, run_pk)
    try:
        selection_confirm(actor=request.user, run=run)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The ranking was confirmed."))
    return redirect("reviews:selection_ranking", run.committee_id)


@require("reviews.manage")
@require_POST
def publish(request, run_pk):
    run = run_for(request.user, run_pk)
    try:
        selection_publish(actor=request.user, run=run)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The results were published to the applicants."))
    return redirect("reviews:selection_ranking", run.committee_id)


# What applicants see ------------------------------------------------------------------------


@require("portal.enter")
def my_results(request):
    results = sel.applicant_results(request.user)
    for result in results:
        result.shown_total = sel.shown(result.total, result.run.config.get("places", 2))
    return render(request, "reviews/selection_results.html", {"results": results})


def _sections(application, forms):
    now = timezone.now()
    config = sel.aggregation_config_of(application.program)
    sections = []
    for result in sel.published_results(application):
        run = result.run
        places = run.config.get("places", 2)
        appeal = getattr(result, "appeal", None)
        problem = appeal_window_problem(result, now)
        deadline = appeal_deadline(run, config)
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


def result_page(request, application, *, forms=None, status=200):
    """The applicant's results of `application`; `forms` holds an appeal form that failed,
    by result."""
    return render(
        request,
        "reviews/selection_result.html",
        {
            "application": application,
            "program": application.program,
            "sections": _sections(application, forms or {}),
        },
        status=status,
    )


@require("portal.enter")
def result_detail(request, application_pk):
    return result_page(request, application_for(request.user, application_pk, "change"))
