"""Views of the yearly outcome surveys: staff open, follow, remind, close and export them; company
members answer on the portal for their own companies only."""

import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jiwon.companies.forms import CompanyFilterForm
from jiwon.core.excel.sheets import XLSX_CONTENT_TYPE
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.views_helpers import require, show_service_error
from jiwon.outcomes.access import invitation_for, survey_for
from jiwon.outcomes.forms_surveys import SurveyAnswerForms, SurveyCreateForm
from jiwon.outcomes.models import Metric, Survey
from jiwon.outcomes.selectors import surveys as selectors
from jiwon.outcomes.services import surveys as services
from jiwon.outcomes.services.surveys import SurveyAnswers
from jiwon.outcomes.survey_export import write_survey_responses

PREVIEW_SIZE = 20


@require("outcomes.manage_surveys")
def survey_list(request):
    return render(request, "outcomes/survey_list.html", {"surveys": selectors.survey_list()})


@require("outcomes.manage_surveys")
def survey_create(request):
    today = timezone.localdate()
    initial = {
        "year": today.year - 1,
        "title": _("%(year)s outcome survey") % {"year": today.year - 1},
    }
    form = SurveyCreateForm(request.POST or None, initial=initial)
    filter_form = CompanyFilterForm(request.POST or None)
    context = {"form": form, "filter_form": filter_form, "preview": None}
    if request.method == "POST" and form.is_valid() and filter_form.is_valid():
        data = form.cleaned_data
        companies = selectors.invitation_candidates(
            user=request.user, filters=filter_form.filters(), supported_in=data["supported_in"]
        )
        count = companies.count()
        digest = selectors.selection_digest(companies)
        confirmed = request.POST.get("action") == "confirm"
        if confirmed and data["previewed"] == digest:
            try:
                survey = services.survey_create(
                    actor=request.user,
                    title=data["title"],
                    year=data["year"],
                    closes_on=data["closes_on"],
                    companies=companies,
                )
            except ValidationError as exc:
                show_service_error(request, exc, form=form)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The survey was opened and %(count)d company was invited.",
                        "The survey was opened and %(count)d companies were invited.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("outcomes:survey_detail", pk=survey.pk)
        elif confirmed:
            messages.warning(
                request,
                _("The selection changed since the preview; check the new count and confirm."),
            )
        # The hidden field must carry the selection shown now, not the one posted.
        form.data = form.data.copy()
        form.data["previewed"] = digest
        context["preview"] = {
            "count": count,
            "companies": list(companies.order_by("name_ko", "pk")[:PREVIEW_SIZE]),
            "more": max(count - PREVIEW_SIZE, 0),
        }
    return render(request, "outcomes/survey_create.html", context)


@require("outcomes.manage_surveys")
def survey_detail(request, pk):
    survey = survey_for(request.user, pk)
    status = request.GET.get("status", "")
    if status not in (selectors.SUBMITTED, selectors.PENDING):
        status = ""
    page = paginate(
        selectors.survey_invitations(survey, status=status),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    return render(
        request,
        "outcomes/survey_detail.html",
        {
            "survey": survey,
            "completion": selectors.survey_completion(survey),
            "page": page,
            "status": status,
            "query": urlencode({"status": status} if status else {}),
            "accepting": selectors.accepts_answers(survey),
            "deadline_passed": selectors.deadline_passed(survey),
        },
    )


@require_POST
@require("outcomes.manage_surveys")
def survey_remind(request, pk):
    survey = survey_for(request.user, pk)
    portal_url = request.build_absolute_uri(reverse("outcomes:survey_portal"))
    try:
        result = services.survey_remind(actor=request.user, survey=survey, portal_url=portal_url)
    except ValidationError as exc:
        show_service_error(request, exc)
        return redirect("outcomes:survey_detail", pk=survey.pk)
    if result.companies:
        messages.success(
            request,
            ngettext(
                "A reminder was emailed to %(count)d company.",
                "Reminders were emailed to %(count)d companies.",
                result.companies,
            )
            % {"count": result.companies},
        )
    else:
        messages.info(request, _("No reminder was sent: every company with an address answered."))
    if result.without_email:
        messages.warning(
            request,
            ngettext(
                "%(count)d company that has not answered has no email address.",
                "%(count)d companies that have not answered have no email address.",
                result.without_email,
            )
            % {"count": result.without_email},
        )
    return redirect("outcomes:survey_detail", pk=survey.pk)


@require_POST
@require("outcomes.manage_surveys")
def survey_close(request, pk):
    survey = survey_for(request.user, pk)
    try:
        services.survey_close(actor=request.user, survey=survey)
    except ValidationError as exc:
        show_service_error(request, exc)
    else:
        messages.success(
            request, _("The survey is closed. Companies can no longer change answers.")
        )
    return redirect("outcomes:survey_detail", pk=survey.pk)


@require("outcomes.manage_surveys")
def survey_export(request, pk):
    survey = survey_for(request.user, pk)
    # On disk rather than in memory: a survey may invite every company of the city.
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    write_survey_responses(survey, out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"jiwon-survey-{survey.pk}-{survey.year}-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@require("portal.enter")
def survey_portal(request):
    invitations = selectors.invitations_for_member(request.user)
    now = timezone.now()
    rows = [
        {"invitation": i, "accepting": selectors.accepts_answers(i.survey, now=now)}
        for i in invitations
    ]
    return render(request, "outcomes/survey_portal.html", {"rows": rows})


@require("portal.enter")
def survey_answer(request, pk):
    invitation = invitation_for(request.user, pk)
    survey, company = invitation.survey, invitation.company
    editable = invitation.submitted_at is None and selectors.accepts_answers(survey)
    answers = SurveyAnswers.from_json(invitation.answers)
    if not invitation.answers:
        # Figures already on record for the year (e.g. entered by staff) as a starting point.
        answers = SurveyAnswers(figures=selectors.figures_of(company, survey.year))
    forms = SurveyAnswerForms(
        request.POST if request.method == "POST" else None,
        year=survey.year,
        answers=answers,
        disabled=not editable,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if not editable:
            # The page may have been opened before the deadline: the server decides.
            messages.error(request, _readonly_reason(invitation))
            return redirect("outcomes:survey_answer", pk=invitation.pk)
        if forms.is_valid():
            service = services.survey_submit if action == "submit" else services.survey_save_draft
            try:
                service(actor=request.user, invitation=invitation, answers=forms.answers())
            except ValidationError as exc:
                show_service_error(request, exc, form=forms.figures)
            else:
                if action == "submit":
                    messages.success(request, _("Thank you. Your answers were submitted."))
                    return redirect("outcomes:survey_portal")
                messages.success(request, _("Your draft was saved. Submit it before the deadline."))
                return redirect("outcomes:survey_answer", pk=invitation.pk)
    last_year = survey.year - 1
    last_figures = selectors.figures_of(company, last_year)
    return render(
        request,
        "outcomes/survey_answer.html",
        {
            "invitation": invitation,
            "survey": survey,
            "company": company,
            "forms": forms,
            "editable": editable,
            "readonly_reason": None if editable else _readonly_reason(invitation),
            "last_year": last_year,
            "figure_rows": [
                (forms.figures[m], last_figures.get(m), m == Metric.SALES_WON)
                for m in Metric.values
            ],
            "last_records": selectors.records_of(company, last_year),
        },
    )


def _readonly_reason(invitation) -> str:
    survey = invitation.survey
    if invitation.submitted_at is not None:
        return _("These answers were submitted on %(date)s and can no longer be changed.") % {
            "date": timezone.localtime(invitation.submitted_at, selectors.KST).strftime(
                "%Y-%m-%d %H:%M"
            )
        }
    if survey.status == Survey.Status.CLOSED:
        return _("This survey is closed; answers can no longer be changed.")
    return _(
        "The deadline (%(date)s, 23:59 Korean time) has passed; answers can no longer be sent."
    ) % {"date": survey.closes_on.isoformat()}
