from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiwon.audit import selectors, services
from jiwon.audit.access import audit_entry_for
from jiwon.audit.forms import AuditFilterForm
from jiwon.core.models import RoleUser
from jiwon.core.pagination import page_number_from, paginate
from jiwon.core.permissions import has_perm
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
    verification = selectors.chain_verification()
    report = verification.report
    if report.broken is not None:
        messages.error(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Chain broken at %(entry)s.") % {"entry": report.broken.summary()},
                reverse("audit:detail", args=[report.broken.entry_id]),
                _("Open the entry"),
            ),
        )
    elif verification.findings:
        messages.error(
            request,
            format_html(
                "{}<ul>{}</ul>",
                _("The chain holds, but %(count)s of %(total)s checkpoints do not:")
                % {"count": len(verification.findings), "total": verification.anchors_checked},
                format_html_join(
                    "", "<li>{}</li>", ((f.summary(),) for f in verification.findings)
                ),
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Chain intact: %(count)s entries verified. Checkpoints: %(checkpoints)s "
                "checked, all hold. Head hash: %(head)s"
            )
            % {
                "count": report.count,
                "checkpoints": verification.anchors_checked,
                "head": report.head_hash,
            },
        )
    back = "audit:checkpoints" if request.POST.get("next") == "checkpoints" else "audit:list"
    return redirect(back)


@require("audit.view")
def checkpoint_list(request: HttpRequest) -> HttpResponse:
    page = paginate(
        selectors.checkpoint_list(),
        page=page_number_from(request.GET.get("page")),
        per_page=settings.JIWON_PAGE_SIZE,
    )
    return render(
        request,
        "audit/checkpoints.html",
        {
            "page": page,
            "can_checkpoint": has_perm(request.user, "audit.checkpoint"),
            "can_export": has_perm(request.user, "audit.export_checkpoints"),
            "every_minutes": settings.JIWON_AUDIT_CHECKPOINT_MINUTES,
        },
    )


@require("audit.checkpoint")
@require_POST
def checkpoint_new(request: HttpRequest) -> HttpResponse:
    try:
        # @require let only a signed-in user with the capability through.
        made = services.checkpoint_create(actor=cast(RoleUser, request.user))
    except services.CheckpointRefused as exc:
        messages.error(request, _("No checkpoint made: %(reason)s") % {"reason": exc})
    else:
        if made is None:
            messages.info(request, _("Nothing was written since the last checkpoint."))
        else:
            messages.success(
                request,
                _("Checkpoint made at entry #%(id)s (%(count)s entries).")
                % {"id": made.entry_id, "count": made.entry_count},
            )
    return redirect("audit:checkpoints")


@require("audit.export_checkpoints")
def checkpoint_export(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        selectors.checkpoints_export(), json_dumps_params={"indent": 1, "ensure_ascii": False}
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-checkpoints-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response
