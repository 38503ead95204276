from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.audit import selectors
from jiwon.audit.access import audit_entry_for
from jiwon.audit.forms import AuditFilterForm
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.views_helpers import require


@require("audit.view")
def entry_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(
        request.GET or None,
        object_types=selectors.distinct_values("object_type"),
        actions=selectors.distinct_values("action"),
    )
    page = filters = None
    # An invalid filter shows its error and no entries: ignoring it would list entries the
    # user meant to exclude.
    if not form.is_bound or form.is_valid():
        filters = form.filters()
        page = paginate(
            selectors.entry_search(filters=filters),
            page=page_number_from(request.GET.get("page")),
            per_page=settings.JIWON_PAGE_SIZE,
        )
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters and filters.as_query()),
            "query": urlencode(filters.as_query()) if filters else "",
        },
    )


@require("audit.view")
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = audit_entry_for(request.user, pk)
    return render(request, "audit/detail.html", selectors.entry_detail(entry=entry))


@require("audit.view")
@require_POST
def chain_verify(request: HttpRequest) -> HttpResponse:
    report = selectors.chain_report()
    if report.broken is None:
        messages.success(
            request,
            _("Chain intact: %(count)s entries verified. Head hash: %(head)s")
            % {"count": report.count, "head": report.head_hash},
        )
    else:
        messages.error(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Chain broken at %(entry)s.") % {"entry": report.broken.summary()},
                reverse("audit:detail", args=[report.broken.entry_id]),
                _("Open the entry"),
            ),
        )
    return redirect("audit:list")
