"""Shapes of the companies API. Inputs are only parsed here; the rules (check digits, required
fields by kind, uniqueness) stay in the model and services, the one place the UI uses too."""

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from jiwon.companies.models import (
    CertificationKind,
    CompanyKind,
    GrowthStage,
    LegalForm,
)
from jiwon.core.pagination import MAX_PAGE

MAX_PAGE_SIZE = 100
# The UI's stage filter: a stage, or "none" for companies not on the ladder yet. Written out
# for the type checker; a test keeps it equal to GrowthStage.
StageFilter = Literal["none", "G240", "BLUE100", "ACE20", "UNICORN"]

BRN_HELP = (
    "사업자등록번호, 10 digits with or without hyphens, e.g. 124-81-00998. null for a pre-founder."
)
KSIC_HELP = "5-digit KSIC subclass code of the 11th revision, e.g. 26211."
REGION_HELP = "시군구 code in force today, e.g. 41173 (안양시 동안구)."


class KsicOut(Schema):
    code: str
    revision: int
    name_ko: str
    name_en: str


class RegionOut(Schema):
    code: str
    name_ko: str


class CertificationOut(Schema):
    id: int
    kind: CertificationKind
    kind_label: str
    number: str
    valid_from: date
    valid_to: date | None
    valid_today: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_valid_today(obj) -> bool:
        return obj.is_valid_on(timezone.localdate())


class StageChangeOut(Schema):
    stage: GrowthStage | None
    effective_on: date
    reason: str

    @staticmethod
    def resolve_stage(obj) -> str | None:
        return obj.stage or None


class CompanySummary(Schema):
    """What a list shows: no personal data of the representative."""

    id: int
    kind: CompanyKind
    brn: str | None = Field(description="XXX-XX-XXXXX; null for a pre-founder.")
    name_ko: str
    name_en: str
    ksic: KsicOut | None
    region: RegionOut
    is_local: bool = Field(description="관내: the company is in the city.")
    employees: int
    annual_sales_won: int
    growth_stage: GrowthStage | None

    @staticmethod
    def resolve_brn(obj) -> str | None:
        return obj.brn_display or None

    @staticmethod
    def resolve_growth_stage(obj) -> str | None:
        return obj.growth_stage or None


class CompanyOut(CompanySummary):
    crn: str
    legal_form: LegalForm | None
    representative_name: str
    representative_birth_date: date
    founded_on: date | None
    address: str
    email: str
    phone: str
    certifications: list[CertificationOut]
    stage_history: list[StageChangeOut] = Field(description="Newest first.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_legal_form(obj) -> str | None:
        return obj.legal_form or None

    # Shown in the agency's time zone (Asia/Seoul), as in the UI.
    @staticmethod
    def resolve_created_at(obj) -> datetime:
        return timezone.localtime(obj.created_at)

    @staticmethod
    def resolve_updated_at(obj) -> datetime:
        return timezone.localtime(obj.updated_at)


class CompanyPage(Schema):
    items: list[CompanySummary]
    page: int
    page_size: int
    has_next: bool


class CompanyQuery(Schema):
    """The filters of the company list in the UI, plus paging."""

    q: str = Field(
        "", max_length=100, description="Part of the name (Korean or English) or business number."
    )
    ksic: str = Field(
        "", max_length=100, description="KSIC code prefix, section letter or industry words."
    )
    region: str = Field("", max_length=10, description="시군구 code.")
    stage: StageFilter | None = Field(None, description='Growth stage; "none" for none yet.')
    certification: CertificationKind | None = Field(None, description="Valid today.")
    kind: CompanyKind | None = None
    local_only: bool = False
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(settings.JIWON_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class _CompanyWrite(Schema):
    # Like form fields: surrounding blanks are never part of a value, and a code sent as a
    # JSON number (41173) means the same as the string.
    model_config = ConfigDict(str_strip_whitespace=True, coerce_numbers_to_str=True)


class CompanyIn(_CompanyWrite):
    kind: CompanyKind = CompanyKind.COMPANY
    brn: str | None = Field(None, description=BRN_HELP, examples=["124-81-00998"])
    crn: str = Field("", description="법인등록번호, 13 digits; corporations only.")
    legal_form: LegalForm | None = Field(None, description="Required for a company.")
    name_ko: str
    name_en: str = ""
    representative_name: str
    representative_birth_date: date = Field(
        description="Used only for age rules. Never send a resident registration number."
    )
    founded_on: date | None = Field(None, description="Required for a company.")
    ksic: str | None = Field(None, description=KSIC_HELP, examples=["26211"])
    region: str = Field(description=REGION_HELP, examples=["41173"])
    address: str = ""
    employees: int = Field(0, json_schema_extra={"minimum": 0})
    annual_sales_won: int = Field(0, description="Integer won.", json_schema_extra={"minimum": 0})
    email: str = ""
    phone: str = ""


# Fields the record cannot be without: a PATCH may leave them out but not null them.
NOT_NULL = (
    "kind",
    "name_ko",
    "representative_name",
    "representative_birth_date",
    "region",
    "employees",
    "annual_sales_won",
)


class CompanyPatch(_CompanyWrite):
    """Only the fields sent are changed; null clears an optional field."""

    kind: CompanyKind | None = None
    brn: str | None = Field(None, description=BRN_HELP)
    crn: str | None = None
    legal_form: LegalForm | None = None
    name_ko: str | None = None
    name_en: str | None = None
    representative_name: str | None = None
    representative_birth_date: date | None = None
    founded_on: date | None = None
    ksic: str | None = Field(None, description=KSIC_HELP)
    region: str | None = Field(None, description=REGION_HELP)
    address: str | None = None
    employees: int | None = None
    annual_sales_won: int | None = Field(None, description="Integer won.")
    email: str | None = None
    phone: str | None = None

    @field_validator(*NOT_NULL, mode="before")
    @classmethod
    def _not_null(cls, value):
        if value is None:
            # Django's own msgid, so its Korean translation applies.
            raise PydanticCustomError("null", _("This field cannot be null."))
        return value
