"""The public notice board (/notices/): open to everyone, signed in or not. Programmes are
fetched as ANYONE: drafts are not found here whoever asks; staff read them in the back
office."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
from jiwon.programs.access import ANYONE, attachment_for, program_for
from jiwon.programs.feeds import FeedFilters, calendar_response, category_from, target_from
from jiwon.programs.forms_public import NoticeFilterForm
from jiwon.programs.selectors import public


def notice_list(request):
    form = NoticeFilterForm(request.GET or None)
    filters = form.filters()
    now = timezone.now()
    qs = public.notice_search(filters=filters, now=now)
    page = paginate(
        qs,
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
        count=True,
    )
    rows = [_row(program, now) for program in page]
    return render(
        request,
        "programs/public_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": urlencode(filters.as_query()),
            "feed_query": FeedFilters(filters.category, filters.target).as_query(),
            "filtered": bool(filters.as_query()),
        },
    )


def _row(program, now) -> dict:
    state = public.state_of(program, now)
    return {
        "program": program,
        "state": state,
        "state_label": public.state_label(state),
        "deadline": public.deadline_of(program, now),
        "targets": public.targets_of(program),
    }


def notice_detail(request, pk):
    program = program_for(ANYONE, pk)
    context = public.notice_detail(program=program)
    context["row"] = _row(program, timezone.now())
    context["can_check_eligibility"] = has_perm(request.user, "portal.enter")
    return render(request, "programs/public_detail.html", context)


def notice_attachment(request, pk, attachment_pk):
    attachment = attachment_for(ANYONE, pk, attachment_pk)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # FileResponse writes the name as filename*=utf-8''… (RFC 5987) when it is not ASCII.
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


def deadlines_calendar(request):
    return calendar_response(
        request,
        public.calendar_programs(category=category_from(request), target=target_from(request)),
        name=_("Jiwon application deadlines"),
        filename="jiwon-deadlines.ics",
    )


def notice_calendar(request, pk):
    program = program_for(ANYONE, pk)
    return calendar_response(
        request,
        [program],
        name=program.title_ko,
        filename=f"jiwon-program-{program.pk}.ics",
    )
