"""Reads for the back office: the programme list and a programme's page."""

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiwon.core.actor import Actor
from jiwon.core.permissions import has_perm
from jiwon.programs.access import Viewer
from jiwon.programs.models import Program
from jiwon.programs.selectors.rules import reference_date, rule_version_on


@dataclass(frozen=True, kw_only=True)
class ProgramFilters:
    fiscal_year: int | None = None
    category: str = ""
    status: str = ""
    q: str = ""

    def as_query(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def programs_for_staff(user: Viewer) -> QuerySet[Program]:
    if not has_perm(user, "programs.view_all"):
        return Program.objects.none()
    return Program.objects.select_related("agency")


def program_search(*, user: Viewer, filters: ProgramFilters) -> QuerySet[Program]:
    qs = programs_for_staff(user)
    if filters.fiscal_year:
        qs = qs.filter(fiscal_year=filters.fiscal_year)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    text = filters.q.strip()
    if text:
        qs = qs.filter(Q(title_ko__icontains=text) | Q(title_en__icontains=text))
    return qs.order_by("-fiscal_year", "closes_at", "id")


def fiscal_years() -> list[int]:
    return list(
        Program.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )


def program_detail(*, program: Program, viewer: Actor) -> dict[str, Any]:
    """What a programme's back-office page shows; the viewer's capabilities decide the status
    buttons."""
    versions = list(program.rule_versions.select_related("created_by").order_by("-version"))
    in_force = rule_version_on(program, reference_date(program)) if versions else None
    history = list(program.status_history.select_related("actor"))
    return {
        "program": program,
        "status_history": history,
        "rule_versions": versions,
        "rule_in_force": in_force,
        "attachments": list(program.attachments.select_related("uploaded_by")),
        "transitions": program.transitions_for(viewer),
    }


def evaluation_problem(program: Program, now: datetime | None = None) -> str | None:
    """Why evaluation and selection of `program` may not start at `now` (None: they may).
    They start once the call has closed, so nobody is ranked while others can still apply;
    a rolling call (수시 접수, `Program.rolling`) is evaluated while open."""
    now = now or timezone.now()
    if program.rolling or now >= program.closes_at:
        return None
    return _(
        "Applications to this call are open until %(closes)s; evaluation and selection start "
        "once the call has closed (it is not a rolling call)."
    ) % {"closes": timezone.localtime(program.closes_at).strftime("%Y-%m-%d %H:%M")}
