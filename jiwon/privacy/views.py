from datetime import date
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.core.models import RoleUser
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.core.views_helpers import require, show_service_error
from jiwon.privacy import selectors, services
from jiwon.privacy.forms import MonthForm, ReviewForm
from jiwon.privacy.retention import pending, retention_kinds, rule_for
from jiwon.privacy.subject_data import subject_export, subject_sections


def _month(request: HttpRequest) -> tuple[MonthForm, date]:
    form = MonthForm(request.GET or None)
    # The auditor reviews the month that ended; a bad value shows its error and that month.
    month = form.chosen_month() if form.is_bound and form.is_valid() else None
    return form, month or (timezone.localdate().replace(day=1) - date.resolution).replace(day=1)


@require("privacy.review_access")
def review(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    result = selectors.month_review(month=month)
    actor = request.GET.get("actor", "")
    actor_id = int(actor) if actor.isdecimal() and len(actor) < 12 else None
    page = paginate(
        selectors.access_entries(month=month, actor_id=actor_id),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
    )
    return render(
        request,
        "privacy/review.html",
        {
            "form": form,
            "result": result,
            "page": page,
            "actor_id": actor_id,
            "month_value": f"{month:%Y-%m}",
            "review_form": ReviewForm(
                initial={"note": result.review.note if result.review else ""}
            ),
            "bulk_limit": settings.JIWON_PRIVACY_BULK_EXPORT,
            "keep_years": settings.JIWON_PERSONAL_ACCESS_LOG_YEARS,
        },
    )


@require("privacy.review_access")
@require_POST
def review_record(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    review_form = ReviewForm(request.POST)
    if review_form.is_valid():
        try:
            services.access_review_record(
                # @require let only a signed-in user with the capability through.
                actor=cast(RoleUser, request.user),
                month=month,
                note=review_form.cleaned_data["note"],
            )
        except ValidationError as exc:
            show_service_error(request, exc)
        else:
            messages.success(
                request, _("The review of %(month)s is recorded.") % {"month": f"{month:%Y-%m}"}
            )
    return redirect(f"{reverse('privacy:review')}?month={month:%Y-%m}")


@require("privacy.own_data")
def my_data(request: HttpRequest) -> HttpResponse:
    user = cast(RoleUser, request.user)
    return render(request, "privacy/my_data.html", {"sections": subject_sections(user)})


@require("privacy.own_data")
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = cast(RoleUser, request.user)
    response = JsonResponse(
        subject_export(user), json_dumps_params={"indent": 1, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="jiwon-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require("privacy.view_retention")
def retention(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [
        {"kind": kind, "rule": rule_for(kind), "pending": pending(kind, now=now).count()}
        for kind in retention_kinds()
    ]
    return render(
        request,
        "privacy/retention.html",
        {
            "rows": rows,
            "log_years": settings.JIWON_PERSONAL_ACCESS_LOG_YEARS,
            "can_edit": has_perm(request.user, "admin.enter"),
        },
    )
