"""Back-office pages for selection (reviews.manage): a programme's aggregation settings,
bonuses and tracks, each committee's ranking (compute, decide ties at the cutoff, confirm,
publish) and the appeals against published results."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.applications.access import application_for
from jiwon.applications.models import Application
from jiwon.core.forms import add_service_errors
from jiwon.core.views_helpers import require
from jiwon.programs.access import program_for
from jiwon.reviews.forms_selection import (
    AdjustmentForm,
    AggregationConfigForm,
    AppealDecisionForm,
    TieDecisionForm,
)
from jiwon.reviews.models import Appeal, Committee, SelectionResult, SelectionRun
from jiwon.reviews.selectors import selection as sel
from jiwon.reviews.services.appeals import appeal_decide, appeal_review_start
from jiwon.reviews.services.selection import (
    STAGE_STATUSES,
    adjustment_save,
    aggregation_config_save,
    selection_compute,
    selection_confirm,
    selection_publish,
    selection_resolve_tie,
)


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(queryset.model._meta.model_name) from exc


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


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
            "committees": sel.programme_committees(program),
            "track_labels": sel.track_labels(config),
            "kind_label": dict(AggregationConfigForm.base_fields["support_kind"].choices).get(
                sel.support_kind_of(config), ""
            ),
            "appeal_count": sel.program_appeals(program).count(),
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
                add_service_errors(form, exc)
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
    applications = list(
        Application.objects.filter(program=program, status__in=STAGE_STATUSES)
        .select_related("company", "company__region")
        .order_by("receipt_sequence", "id")
    )
    found = sel.adjustments_by_application(a.pk for a in applications)
    labels = sel.track_labels(config)
    rows = []
    for application in applications:
        adjustment = found.get(application.pk)
        track = sel.track_of(application, config, adjustment)
        rows.append(
            {
                "application": application,
                "adjustment": adjustment,
                "track": labels.get(track, track),
            }
        )
    return render(
        request,
        "reviews/selection_adjustments.html",
        {"program": program, "rows": rows, "config": config},
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
                add_service_errors(form, exc)
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
    committee = _get(Committee.objects.select_related("program"), committee_pk)
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
    committee = _get(Committee.objects.all(), committee_pk)
    try:
        run = selection_compute(actor=request.user, committee=committee)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("The ranking was computed: %(count)s applications.") % {"count": run.results.count()},
        )
    return redirect("reviews:selection_ranking", committee.pk)


@require("reviews.manage")
@require_POST
def resolve_tie(request, result_pk):
    result = _get(SelectionResult.objects.select_related("run"), result_pk)
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
            _errors(request, exc)
        else:
            messages.success(request, _("The decision was recorded."))
    return redirect("reviews:selection_ranking", result.run.committee_id)


@require("reviews.manage")
@require_POST
def confirm(request, run_pk):
    run = _get(SelectionRun.objects.all(), run_pk)
    try:
        selection_confirm(actor=request.user, run=run)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The ranking was confirmed."))
    return redirect("reviews:selection_ranking", run.committee_id)


@require("reviews.manage")
@require_POST
def publish(request, run_pk):
    run = _get(SelectionRun.objects.all(), run_pk)
    try:
        selection_publish(actor=request.user, run=run)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The results were published to the applicants."))
    return redirect("reviews:selection_ranking", run.committee_id)


@require("reviews.manage")
def appeals(request, program_pk):
    program = program_for(request.user, program_pk)
    return render(
        request,
        "reviews/selection_appeals.html",
        {"program": program, "appeals": sel.program_appeals(program)},
    )


def _appeal_page(request, appeal, form=None, status=200):
    result = appeal.result
    places = result.run.config.get("places", 2)
    return render(
        request,
        "reviews/selection_appeal.html",
        {
            "appeal": appeal,
            "result": result,
            "program": appeal.application.program,
            "shown_total": sel.shown(result.total, places),
            "transitions": appeal.transitions_for(request.user),
            "form": form or AppealDecisionForm(),
        },
        status=status,
    )


@require("reviews.manage")
def appeal_detail(request, pk):
    try:
        appeal = sel.appeal_with_history(pk)
    except (Appeal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("appeal") from exc
    if request.method != "POST":
        return _appeal_page(request, appeal)
    if "start_review" in request.POST:
        try:
            appeal_review_start(actor=request.user, appeal=appeal)
        except ValidationError as exc:
            _errors(request, exc)
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
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The decision on the appeal was recorded."))
            return redirect("reviews:selection_appeal", appeal.pk)
    return _appeal_page(request, appeal, form=form, status=400)
