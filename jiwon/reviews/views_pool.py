"""Staff pages for the pool (reviews.manage): evaluators with their expertise and
relationships, each programme's committees, rubrics and conflicts, and a committee's page
with its members (the assignment on that page is views_assignment's)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.views_helpers import require, show_service_error
from jiwon.privacy.models import AccessAction, SubjectKind
from jiwon.privacy.services import personal_access_record
from jiwon.programs.access import program_for
from jiwon.reviews.access import committee_for, evaluator_for, member_for, relationship_for
from jiwon.reviews.forms_assignment import ManualAssignmentForm
from jiwon.reviews.forms_conflicts import DecisionForm
from jiwon.reviews.forms_pool import CommitteeForm, EvaluatorForm, MemberForm, RelationshipForm
from jiwon.reviews.models import CommitteeStatus
from jiwon.reviews.selectors import pool as selectors
from jiwon.reviews.selectors.assignment import committee_applications, committee_assignments
from jiwon.reviews.selectors.conflicts import (
    evaluator_conflicts,
    pending_challenges,
    program_conflicts,
)
from jiwon.reviews.selectors.scoring import committee_progress, programme_rubrics
from jiwon.reviews.services import pool as services


@require("reviews.manage")
def staff_index(request):
    page = paginate(
        selectors.programmes_for_review(),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "reviews/pool_index.html",
        {"page": page, "query": "", "challenges": pending_challenges()[:50]},
    )


@require("reviews.manage")
def evaluator_list(request):
    query = request.GET.get("q", "")
    page = paginate(
        selectors.evaluator_search(query),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
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
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The evaluator was added to the pool."))
            return redirect("reviews:evaluator", evaluator.pk)
    return render(
        request,
        "reviews/pool_evaluator.html",
        {"form": form, "evaluator": None},
        status=400 if form.errors else 200,
    )


def _evaluator_page(request, evaluator, form=None, relationship_form=None, status=200):
    return render(
        request,
        "reviews/pool_evaluator.html",
        {
            "evaluator": evaluator,
            "form": form or EvaluatorForm(evaluator=evaluator),
            "relationship_form": relationship_form or RelationshipForm(),
            "conflicts": evaluator_conflicts(evaluator)[:100],
        },
        status=status,
    )


# What the evaluator page shows of the person (the personal-data access log names them).
EVALUATOR_PERSONAL_FIELDS = ["name", "affiliation", "region_code"]


@require("reviews.manage")
def evaluator_edit(request, pk):
    evaluator = evaluator_for(request.user, pk)
    if request.method != "POST":
        personal_access_record(
            actor=request.user,
            request=request,
            action=AccessAction.VIEW,
            kind=SubjectKind.EVALUATOR,
            subject_id=evaluator.pk,
            subject_label=evaluator.name,
            fields=EVALUATOR_PERSONAL_FIELDS,
            purpose=_("Evaluator pool"),
        )
        return _evaluator_page(request, evaluator)
    form = EvaluatorForm(request.POST, evaluator=evaluator)
    if form.is_valid():
        try:
            services.evaluator_update(actor=request.user, evaluator=evaluator, data=form.to_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The evaluator was saved."))
            return redirect("reviews:evaluator", evaluator.pk)
    return _evaluator_page(request, evaluator, form=form, status=400)


@require("reviews.manage")
@require_POST
def relationship_add(request, pk):
    evaluator = evaluator_for(request.user, pk)
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
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The relationship was recorded."))
            return redirect("reviews:evaluator", evaluator.pk)
    return _evaluator_page(request, evaluator, relationship_form=form, status=400)


@require("reviews.manage")
@require_POST
def relationship_remove(request, pk):
    relationship = relationship_for(request.user, pk)
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
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The committee was created."))
            return redirect("reviews:committee", committee.pk)
    return render(
        request,
        "reviews/pool_program.html",
        {
            "program": program,
            "committees": selectors.committees_of(program),
            "rubrics": programme_rubrics(program.pk),
            "form": form,
            "conflicts": program_conflicts(program.pk)[:200],
            "decision_form": DecisionForm(),
        },
        status=400 if form.errors else 200,
    )


def committee_page(request, committee, *, status=200, report=None, **forms):
    """A committee's page: settings, members, assignment (with the feasibility `report` when
    asked for), scoring progress and the challenges to decide. `forms` carries a bound form
    that failed, shown again with its errors."""
    members = list(selectors.committee_members_with_load(committee))
    applications = list(committee_applications(committee))
    assignments = committee_assignments(committee)
    # The committee's applications: those waiting in its stage and those it has assigned (once
    # scored and ranked they have left the stage; the header counted 0 above 1,140 rows).
    in_committee = {a.pk for a in applications} | set(
        assignments.values_list("application_id", flat=True)
    )
    total, progress = committee_progress(committee)
    context = {
        "committee": committee,
        "program": committee.program,
        "members": members,
        "closed": committee.status == CommitteeStatus.CLOSED,
        "applications_count": len(in_committee),
        "needed": len(in_committee) * committee.per_application,
        "made": total.assigned,
        # A page at a time: a big committee has thousands of assignments.
        "assignments": paginate(
            assignments,
            page=page_number_from(request.GET.get("page")),
            per_page=settings.JIWON_PAGE_SIZE,
            count=True,
        ),
        "total": total,
        "progress": progress,
        "challenges": pending_challenges(committee.program_id),
        "form": forms.get("form") or CommitteeForm(committee=committee),
        "member_form": forms.get("member_form") or MemberForm(committee=committee),
        "manual_form": forms.get("manual_form")
        or ManualAssignmentForm(applications=applications, members=members),
        "decision_form": DecisionForm(),
        "report": report,
    }
    return render(request, "reviews/pool_committee.html", context, status=status)


@require("reviews.manage")
def committee_detail(request, pk):
    committee = committee_for(request.user, pk)
    if request.method != "POST":
        return committee_page(request, committee)
    form = CommitteeForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            services.committee_update(actor=request.user, committee=committee, data=form.to_input())
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The committee was saved."))
            return redirect("reviews:committee", committee.pk)
    return committee_page(request, committee, form=form, status=400)


@require("reviews.manage")
@require_POST
def member_add(request, pk):
    committee = committee_for(request.user, pk)
    form = MemberForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            services.committee_member_add(
                actor=request.user,
                committee=committee,
                evaluator=form.cleaned_data["evaluator"],
                capacity=form.cleaned_data["capacity"],
            )
        except ValidationError as exc:
            show_service_error(request, exc, form=form)
        else:
            messages.success(request, _("The evaluator joined the committee."))
            return redirect("reviews:committee", committee.pk)
    return committee_page(request, committee, member_form=form, status=400)


@require("reviews.manage")
@require_POST
def member_remove(request, pk):
    member = member_for(request.user, pk)
    try:
        services.committee_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(request, _("The evaluator left the committee."))
    return redirect("reviews:committee", member.committee_id)
