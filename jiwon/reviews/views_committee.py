"""A committee's page (reviews.manage): settings, members, the feasibility check, the
optimal assignment, manual adjustments, challenges to decide and the progress of scoring."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jiwon.applications.models import Application
from jiwon.core.forms import add_service_errors
from jiwon.core.views_helpers import require
from jiwon.reviews.forms_pool import (
    CommitteeForm,
    DecisionForm,
    ManualAssignmentForm,
    MemberForm,
)
from jiwon.reviews.models import Assignment, Committee, CommitteeMember, Conflict, Evaluator
from jiwon.reviews.selectors import pool as pool_selectors
from jiwon.reviews.selectors import scoring as scoring_selectors
from jiwon.reviews.services import assignment as assignment_services
from jiwon.reviews.services import pool as pool_services
from jiwon.reviews.services.conflicts import conflict_decide


def _committee_or_404(pk) -> Committee:
    try:
        return Committee.objects.select_related("program", "program__agency").get(pk=pk)
    except (Committee.DoesNotExist, ValueError) as exc:
        raise Http404("committee not found") from exc


def _render(request, committee, *, status=200, **forms):
    members = pool_selectors.committee_members_with_load(committee)
    applications = list(assignment_services.committee_applications(committee))
    total, progress = scoring_selectors.committee_progress(committee)
    context = {
        "committee": committee,
        "program": committee.program,
        "members": members,
        "applications_count": len(applications),
        "needed": len(applications) * committee.per_application,
        "assignments": scoring_selectors.committee_assignments(committee),
        "total": total,
        "progress": progress,
        "challenges": pool_selectors.pending_challenges(committee.program_id),
        "form": forms.get("form") or CommitteeForm(committee=committee),
        "member_form": forms.get("member_form") or MemberForm(committee=committee),
        "manual_form": forms.get("manual_form")
        or ManualAssignmentForm(applications=applications, members=members),
        "decision_form": DecisionForm(),
        "report": forms.get("report"),
        "errors": forms.get("errors", []),
    }
    return render(request, "reviews/committee_detail.html", context, status=status)


@require("reviews.manage")
def committee_detail(request, pk):
    committee = _committee_or_404(pk)
    if request.method != "POST":
        return _render(request, committee)
    form = CommitteeForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            pool_services.committee_update(
                actor=request.user, committee=committee, data=form.to_input()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The committee was saved."))
            return redirect("reviews:committee", committee.pk)
    return _render(request, committee, form=form, status=400)


@require("reviews.manage")
@require_POST
def member_add(request, pk):
    committee = _committee_or_404(pk)
    form = MemberForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            pool_services.committee_member_add(
                actor=request.user,
                committee=committee,
                evaluator=form.cleaned_data["evaluator"],
                capacity=form.cleaned_data["capacity"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evaluator joined the committee."))
            return redirect("reviews:committee", committee.pk)
    return _render(request, committee, member_form=form, status=400)


@require("reviews.manage")
@require_POST
def member_remove(request, pk):
    member = get_object_or_404(CommitteeMember.objects.select_related("evaluator"), pk=pk)
    try:
        pool_services.committee_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The evaluator left the committee."))
    return redirect("reviews:committee", member.committee_id)


@require("reviews.manage")
@require_POST
def feasibility(request, pk):
    """“Check feasibility”: the engine's report, word for word."""
    committee = _committee_or_404(pk)
    report = assignment_services.committee_feasibility(actor=request.user, committee=committee)
    return _render(request, committee, report=report)


@require("reviews.manage")
@require_POST
def assign(request, pk):
    committee = _committee_or_404(pk)
    partial = request.POST.get("partial") == "1"
    try:
        run = assignment_services.committee_assign(
            actor=request.user, committee=committee, partial=partial
        )
    except ValidationError as exc:
        return _render(request, committee, errors=exc.messages, status=400)
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
    committee = _committee_or_404(pk)
    members = pool_selectors.committee_members_with_load(committee)
    applications = list(assignment_services.committee_applications(committee))
    form = ManualAssignmentForm(request.POST, applications=applications, members=members)
    if form.is_valid():
        try:
            assignment_services.assignment_add(
                actor=request.user,
                committee=committee,
                application=Application.objects.select_related("company", "company__ksic").get(
                    pk=form.cleaned_data["application"]
                ),
                evaluator=Evaluator.objects.get(pk=form.cleaned_data["evaluator"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evaluator was assigned."))
            return redirect("reviews:committee", committee.pk)
    return _render(request, committee, manual_form=form, status=400)


@require("reviews.manage")
@require_POST
def assignment_remove(request, pk):
    assignment = get_object_or_404(Assignment, pk=pk)
    try:
        assignment_services.assignment_remove(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The assignment was removed."))
    return redirect("reviews:committee", assignment.committee_id)


@require("reviews.manage")
@require_POST
def conflict_decision(request, pk):
    conflict = get_object_or_404(Conflict, pk=pk)
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
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The challenge was decided."))
    else:
        messages.error(request, _("Choose uphold or dismiss and give the reason."))
    if back.startswith("/reviews/"):
        return redirect(back)
    return redirect("reviews:program", conflict.application.program_id)
