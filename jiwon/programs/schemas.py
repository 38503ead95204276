"""Shapes of /api/v1/programs: the public notice board as JSON. Times are ISO 8601 in KST
(+09:00), money is integer won."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from jiwon.companies.models import GrowthStage
from jiwon.core.pagination import MAX_PAGE
from jiwon.programs.models import Category, TargetGroup
from jiwon.programs.selectors import public
from jiwon.programs.workflow import PROGRAM_WORKFLOWS, PUBLIC_STATUSES

MAX_PAGE_SIZE = 100
if TYPE_CHECKING:
    # The enums of the OpenAPI schema are read from the board and the workflow at run time;
    # the type checker sees their values as text.
    StateName = str
    SortName = str
    WorkflowStatus = str
else:
    StateName = Literal[public.STATES]
    SortName = Literal[public.SORTS]
    WorkflowStatus = Literal[tuple(dict(PROGRAM_WORKFLOWS.state_choices()))]


def _absolute(context, url: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(url) if request is not None else url


class AgencyOut(Schema):
    code: str
    name_ko: str
    name_en: str


class AttachmentOut(Schema):
    id: int
    name: str = Field(description="The original file name, as uploaded.")
    size: int = Field(description="Bytes.")
    sha256: str = Field(description="Hex SHA-256 of the file, to check a download.")
    download_url: str | None = Field(
        description="Absolute URL of the file; null while the programme is not public."
    )

    @staticmethod
    def resolve_download_url(obj, context) -> str | None:
        if obj.program.status not in PUBLIC_STATUSES:
            return None
        url = reverse("notices:attachment", args=[obj.program_id, obj.pk])
        return _absolute(context, url)


class ProgramSummary(Schema):
    """A notice as the board lists it."""

    id: int
    agency: AgencyOut
    fiscal_year: int
    series: str = Field(description="Names the programme across years, e.g. BLUE100.")
    title_ko: str
    title_en: str
    category: Category
    category_label: str
    summary: str
    target_text: str = Field(description="Who may apply, in the agency's words.")
    target_groups: list[str] = Field(
        description=(
            "Target groups derived from the eligibility rule (ids, sorted), e.g. "
            '`["startup", "youth"]`; empty when the rule names none. Ids as in the '
            "`target` filter."
        )
    )
    status: WorkflowStatus = Field(
        description="Workflow status; only `draft` is never public (see include_drafts)."
    )
    state: StateName = Field(
        description=(
            "For an applicant now: `open` (published and opens_at <= now < closes_at), "
            "`upcoming` (published, not open yet) or `closed`."
        )
    )
    state_label: str
    days_left: int | None = Field(
        description=(
            "Calendar days (KST) to the deadline: 0 on its last day, null once it has passed."
        )
    )
    notice_date: date
    opens_at: datetime = Field(description="Applications open (KST).")
    closes_at: datetime = Field(description="Applications close (KST); not accepted from then.")
    budget_won: int = Field(description="Integer won; 0 when not stated.")
    quota: int = Field(description="Companies to select; 0 when not stated.")
    url: str = Field(description="The notice on the public board.")

    @staticmethod
    def resolve_category_label(obj) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_target_groups(obj) -> list[str]:
        return sorted(target.group for target in obj.targets.all())

    @staticmethod
    def resolve_state(obj) -> str:
        return public.state_of(obj)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return public.state_label(public.state_of(obj))

    @staticmethod
    def resolve_days_left(obj) -> int | None:
        return public.deadline_of(obj).days

    @staticmethod
    def resolve_opens_at(obj) -> datetime:
        return timezone.localtime(obj.opens_at)

    @staticmethod
    def resolve_closes_at(obj) -> datetime:
        return timezone.localtime(obj.closes_at)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, reverse("notices:detail", args=[obj.pk]))


class ProgramOut(ProgramSummary):
    """A notice in full, with its attachments."""

    notice_text: str = Field(description="Plain text; line breaks are significant.")
    growth_stage: GrowthStage | None = Field(
        description="Growth-ladder stage a selected company moves to, if any."
    )
    contact_name: str
    contact_phone: str
    contact_email: str
    published_at: datetime | None
    attachments: list[AttachmentOut]
    calendar_url: str = Field(description="iCalendar (.ics) file with the deadline.")

    @staticmethod
    def resolve_growth_stage(obj) -> str | None:
        return obj.growth_stage or None

    @staticmethod
    def resolve_published_at(obj) -> datetime | None:
        return timezone.localtime(obj.published_at) if obj.published_at else None

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.select_related("program"))

    @staticmethod
    def resolve_calendar_url(obj, context) -> str:
        return _absolute(context, reverse("notices:program_calendar", args=[obj.pk]))


class ProgramPage(Schema):
    items: list[ProgramSummary]
    page: int
    page_size: int
    has_next: bool = Field(description="Pages are not counted: ask for the next while true.")


class ProgramQuery(Schema):
    """The filters of the public notice board, plus paging."""

    q: str = Field(
        "",
        max_length=100,
        description=(
            "Words that must all occur (in any case, as parts of words) in the title, summary, "
            "target or notice text, e.g. `청년 창업`."
        ),
    )
    category: Category | None = None
    target: TargetGroup | None = Field(
        None, description="Target group derived from the eligibility rule, e.g. `youth`."
    )
    status: StateName | None = Field(None, description="open, upcoming or closed, as `state`.")
    region: str = Field(
        "",
        description=(
            "시도 or 시군구 code: programmes of agencies serving that region, e.g. 41 or 41171."
        ),
    )
    fiscal_year: int | None = None
    within_days: int | None = Field(
        None, ge=0, le=366, description="Deadline within this many calendar days (KST)."
    )
    sort: SortName = Field(
        public.Sort.NEWEST, description="`newest` notices first or soonest `deadline` first."
    )
    include_drafts: bool = Field(
        False, description="Also drafts; only for staff who may read every programme."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(settings.JIWON_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
