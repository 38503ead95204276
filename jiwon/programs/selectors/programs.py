"""Reads for the back office: the programme list and a programme's page."""

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q, QuerySet

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
