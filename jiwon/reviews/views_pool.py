"""Staff pages (reviews.manage): the evaluator pool with expertise and relationships, each
programme's committees and rubrics."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.forms import add_service_errors
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.views_helpers import require
from jiwon.programs.access import program_for
from jiwon.programs.models import Program
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.forms_pool import (
    CommitteeForm,
    CriterionFormSet,
    DecisionForm,
    EvaluatorForm,
    RelationshipForm,
)
from jiwon.reviews.models import CommitteeStage, Evaluator, EvaluatorRelationship
from jiwon.reviews.selectors import pool as selectors
from jiwon.reviews.services import pool as services
from jiwon.reviews.services.assignment import STAGE_STATUSES
from jiwon.reviews.services.scoring import rubric_in_use, rubric_of, rubric_save


@require("reviews.manage")
def staff_index(request):
    programs = (
        Program.objects.exclude(status=ProgramStatus.DRAFT)
        .annotate(
            committee_count=Count("committees", distinct=True),
            in_stage=Count(
                "applications",
                filter=Q(applications__status__in=STAGE_STATUSES),
                distinct=True,
            ),
        )
        .order_by("-closes_at", "-id")
    )
    page = paginate(
        programs, page=page_number_from(request.GET.get("page")), per_page=settings.JIWON_PAGE_SIZE
    )
    return render(
        request,
        "reviews/pool_index.html",
        {"page": page, "query": "", "challenges": selectors.pending_challenges()[:50]},
    )


@require("reviews.manage")
def evaluator_list(request):
    query = request.GET.get("q", "")
    page = paginate(
        selectors.evaluator_search(query),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
    )
    return render(
        request,
        "reviews/pool_evaluators.html",
        {"page": page, "q": query, "query": f"q={query}" if query else ""},
    )


@require("reviews.manage")
def evaluator_create(request):
    form = EvaluatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluator = services.evaluator_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                data=form.to_input(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evaluator was added to the pool."))
            return redirect("reviews:evaluator", evaluator.pk)
    return render(
        request,
        "reviews/pool_evaluator.html",
        {"form": form, "evaluator": None},
        status=400 if form.errors else 200,
    )


def _evaluator_or_404(pk) -> Evaluator:
    try:
        return selectors.evaluator_detail(pk)
    except (Evaluator.DoesNotExist, ValueError) as exc:
        raise Http404("evaluator not found") from exc


def _render_evaluator(request, evaluator, form=None, relationship_form=None, status=200):
    return render(
        request,
        "reviews/pool_evaluator.html",
        {
            "evaluator": evaluator,
            "form": form or EvaluatorForm(evaluator=evaluator),
            "relationship_form": relationship_form or RelationshipForm(),
            "conflicts": selectors.evaluator_conflicts(evaluator)[:100],
        },
        status=status,
    )


@require("reviews.manage")
def evaluator_edit(request, pk):
    evaluator = _evaluator_or_404(pk)
    if request.method != "POST":
        return _render_evaluator(request, evaluator)
    form = EvaluatorForm(request.POST, evaluator=evaluator)
    if form.is_valid():
        try:
            services.evaluator_update(actor=request.user, evaluator=evaluator, data=form.to_input())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evaluator was saved."))
            return redirect("reviews:evaluator", evaluator.pk)
    return _render_evaluator(request, evaluator, form=form, status=400)


@require("reviews.manage")
@require_POST
def relationship_add(request, pk):
    evaluator = _evaluator_or_404(pk)
    form = RelationshipForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.relationship_add(
                actor=request.user,
                evaluator=evaluator,
                kind=data["kind"],
                company=data["brn"],
                organisation_name=data["organisation_name"],
                declared_on=data["declared_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The relationship was recorded."))
            return redirect("reviews:evaluator", evaluator.pk)
    return _render_evaluator(request, evaluator, relationship_form=form, status=400)


@require("reviews.manage")
@require_POST
def relationship_remove(request, pk):
    relationship = get_object_or_404(EvaluatorRelationship, pk=pk)
    services.relationship_remove(actor=request.user, relationship=relationship)
    messages.success(request, _("The relationship was removed."))
    return redirect("reviews:evaluator", relationship.evaluator_id)


@require("reviews.manage")
def program_committees(request, program_pk):
    program = program_for(request.user, program_pk)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(
                actor=request.user,
                program=program,
                stage=form.cleaned_data["stage"],
                data=form.to_input(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The committee was created."))
            return redirect("reviews:committee", committee.pk)
    rubrics = []
    for value, label in CommitteeStage.choices:
        rubric = rubric_of(program.pk, value)
        rubrics.append(
            {
                "stage": value,
                "label": label,
                "rubric": rubric,
                "criteria": list(rubric.criteria.all()) if rubric else [],
            }
        )
    return render(
        request,
        "reviews/pool_program.html",
        {
            "program": program,
            "committees": selectors.committees_of(program),
            "rubrics": rubrics,
            "form": form,
            "conflicts": selectors.program_conflicts(program.pk)[:200],
            "decision_form": DecisionForm(),
        },
        status=400 if form.errors else 200,
    )


def _criteria_initial(rubric) -> list[dict]:
    if rubric is None:
        return []
    return [
        {
            "code": c.code,
            "name_ko": c.name_ko,
            "name_en": c.name_en,
            "weight": c.weight,
            "max_score": c.max_score,
        }
        for c in rubric.criteria.order_by("order", "id")
    ]


@require("reviews.manage")
def rubric_edit(request, program_pk, stage):
    program = program_for(request.user, program_pk)
    if stage not in CommitteeStage.values:
        raise Http404("no such stage")
    rubric = rubric_of(program.pk, stage)
    locked = rubric is not None and rubric_in_use(rubric)
    initial = _criteria_initial(rubric)
    # Bound without `initial`: a row equal to its initial value would count as unchanged and
    # be skipped, silently dropping a criterion.
    if request.method == "POST":
        formset = CriterionFormSet(request.POST, prefix="criteria")
    else:
        formset = CriterionFormSet(initial=initial, prefix="criteria")
    errors: list[str] = []
    if request.method == "POST" and not locked and formset.is_valid():
        criteria = [f.to_input() for f in formset if not f.is_blank()]
        try:
            rubric_save(actor=request.user, program=program, stage=stage, criteria=criteria)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("The rubric was saved."))
            return redirect("reviews:program", program.pk)
    return render(
        request,
        "reviews/pool_rubric.html",
        {
            "program": program,
            "stage": stage,
            "stage_label": CommitteeStage(stage).label,
            "rubric": rubric,
            "locked": locked,
            "formset": formset,
            "errors": errors,
        },
        status=400 if errors or (request.method == "POST" and formset.errors) else 200,
    )
