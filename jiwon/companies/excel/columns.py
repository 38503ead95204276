"""The one description of the company spreadsheet. The template, the import and the export all
read COLUMNS, so a column added here appears in all three.

Headers and the coded values (기업, 법인, ...) are Korean on purpose: they are the file format
the agency's staff fill in, not interface text. Explanations are English msgids rendered in both
languages with `bilingual`.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import CompanyKind, LegalForm
from jiwon.companies.validators import validate_brn, validate_crn

DATA_SHEET = "기업목록"
GUIDE_SHEET = "작성요령"
REGION_SHEET = "시군구코드"
KSIC_SHEET = "업종코드"


@dataclass(frozen=True)
class Message:
    """A translatable message and its parameters, rendered later in each language."""

    text: Promise | str
    params: dict | None = None

    def render(self, language: str) -> str:
        with translation.override(language):
            return str(self.text % self.params if self.params else self.text)


def bilingual(message: Message) -> tuple[str, str]:
    """(Korean, English) text of `message`."""
    return message.render("ko"), message.render("en")


class CellError(Exception):
    def __init__(self, text, params=None):
        super().__init__(text)
        self.message = Message(text, params)


class Required(Enum):
    YES = "yes"
    COMPANY = "company"  # registered companies only; Company.clean() checks it
    NO = "no"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class CellFormat:
    """How one kind of value is read from a cell and written to one."""

    number_format = "@"

    def describe(self) -> Message:
        return Message(_("Text"))

    def read(self, value: Any) -> Any:
        return _as_text(value)

    def write(self, value: Any) -> Any:
        return "" if value is None else str(value)


class TextCell(CellFormat):
    number_format = "General"


class BrnCell(CellFormat):
    def describe(self):
        return Message(_("10 digits; hyphens optional (XXX-XX-XXXXX)"))

    def read(self, value):
        return validate_brn(_as_text(value))

    def write(self, value):
        b = value or ""
        return f"{b[:3]}-{b[3:5]}-{b[5:]}" if len(b) == 10 else b


class CrnCell(CellFormat):
    def describe(self):
        return Message(_("13 digits; hyphen optional (XXXXXX-XXXXXXX)"))

    def read(self, value):
        if isinstance(value, int | float):
            value = _as_text(value).zfill(13)
        return validate_crn(_as_text(value))

    def write(self, value):
        c = value or ""
        return f"{c[:6]}-{c[6:]}" if len(c) == 13 else c


class ChoiceCell(CellFormat):
    """A coded value. Accepts the Korean label used in the sheet or the stored value."""

    number_format = "General"

    def __init__(self, choices: tuple[tuple[str, str], ...]):
        self.choices = choices

    @property
    def labels(self) -> list[str]:
        return [label for label, _value in self.choices]

    def describe(self):
        return Message(_("One of: %(choices)s"), {"choices": ", ".join(self.labels)})

    def read(self, value):
        text = _as_text(value).casefold()
        for label, stored in self.choices:
            if text in (label.casefold(), stored.casefold()):
                return stored
        raise CellError(_("Enter one of: %(choices)s."), {"choices": ", ".join(self.labels)})

    def write(self, value):
        return next((label for label, stored in self.choices if stored == value), "")


_DATE_TEXT = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$|^(\d{4})(\d{2})(\d{2})$")


class DateCell(CellFormat):
    number_format = "yyyy-mm-dd"

    def describe(self):
        return Message(_("Date: YYYY-MM-DD or an Excel date"))

    def read(self, value):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        match = _DATE_TEXT.match(_as_text(value)) if isinstance(value, str) else None
        if match:
            year, month, day = (int(g) for g in match.groups() if g is not None)
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise CellError(_("Enter a date as YYYY-MM-DD (e.g. 2015-03-02) or as an Excel date."))

    def write(self, value):
        return value


class IntegerCell(CellFormat):
    """A whole number of 0 or more (people, won). Text with thousands separators is accepted."""

    number_format = "#,##0"

    def __init__(self, maximum: int):
        self.maximum = maximum

    def describe(self):
        return Message(_("Whole number, 0 or more"))

    def read(self, value):
        if isinstance(value, bool):
            raise CellError(_("Enter a whole number of 0 or more, e.g. 1,200."))
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("Enter a whole number without decimals."))
            value = int(value)
        if isinstance(value, str):
            text = value.replace(",", "").replace(" ", "").removesuffix("원")
            if not re.fullmatch(r"-?\d+", text):
                raise CellError(_("Enter a whole number of 0 or more, e.g. 1,200."))
            value = int(text)
        if not isinstance(value, int):
            raise CellError(_("Enter a whole number of 0 or more, e.g. 1,200."))
        if value < 0:
            raise CellError(_("Enter 0 or more; negative numbers are not allowed."))
        if value > self.maximum:
            raise CellError(
                _("Enter a number of at most %(maximum)s."), {"maximum": f"{self.maximum:,}"}
            )
        return value

    def write(self, value):
        return value


class CodeCell(CellFormat):
    """A reference code (KSIC, 시군구). Returns the candidate spellings: a code typed into a
    number cell has lost its leading zeros, so '01110' may arrive as 1110."""

    def __init__(self, length: int):
        self.length = length

    def describe(self):
        return Message(_("Code, typed as text so that leading zeros stay"))

    def read(self, value) -> tuple[str, ...]:
        text = _as_text(value)
        if isinstance(value, int | float) and len(text) < self.length:
            return (text, text.zfill(self.length))
        return (text,)

    def write(self, value):
        return getattr(value, "code", "") or ""


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    cell: CellFormat
    required: Required
    description: Promise
    example: str
    width: int = 16


KIND_CHOICES = (("기업", CompanyKind.COMPANY.value), ("예비창업자", CompanyKind.PREFOUNDER.value))
LEGAL_FORM_CHOICES = (("법인", LegalForm.CORPORATION.value), ("개인", LegalForm.INDIVIDUAL.value))

COLUMNS: tuple[Column, ...] = (
    Column(
        "kind",
        "구분(기업/예비창업자)",
        ChoiceCell(KIND_CHOICES),
        Required.YES,
        _(
            "기업 for a registered business, 예비창업자 for a pre-founder: a person who has not "
            "registered a business yet."
        ),
        "기업",
        width=20,
    ),
    Column(
        "brn",
        "사업자등록번호",
        BrnCell(),
        Required.COMPANY,
        _(
            "10-digit business registration number, with or without hyphens. Leave empty for "
            "a pre-founder."
        ),
        "124-81-00998",
    ),
    Column(
        "crn",
        "법인등록번호",
        CrnCell(),
        Required.NO,
        _("13-digit corporate registration number, corporations only."),
        "110111-2345670",
    ),
    Column(
        "legal_form",
        "법인/개인",
        ChoiceCell(LEGAL_FORM_CHOICES),
        Required.COMPANY,
        _("법인 for a corporation, 개인 for a sole proprietorship. Leave empty for a pre-founder."),
        "법인",
        width=12,
    ),
    Column(
        "name_ko",
        "기업명",
        TextCell(),
        Required.YES,
        _("Name in Korean; for a pre-founder, the planned business or the person's name."),
        "(주)안양테크",
        width=24,
    ),
    Column(
        "name_en",
        "영문명",
        TextCell(),
        Required.NO,
        _("Name in English."),
        "Anyang Tech Co., Ltd.",
        width=24,
    ),
    Column(
        "representative_name",
        "대표자명",
        TextCell(),
        Required.YES,
        _("Name of the representative (대표자)."),
        "홍길동",
        width=12,
    ),
    Column(
        "representative_birth_date",
        "대표자 생년월일",
        DateCell(),
        Required.YES,
        _(
            "Birth date only, used for age rules. Never enter a resident registration number "
            "(주민등록번호)."
        ),
        "1980-05-01",
    ),
    Column(
        "founded_on",
        "설립일",
        DateCell(),
        Required.COMPANY,
        _(
            "법인설립등기일 for a corporation, 사업개시일 for a sole proprietorship. Leave empty "
            "for a pre-founder."
        ),
        "2015-03-02",
    ),
    Column(
        "ksic",
        "업종코드(KSIC)",
        CodeCell(5),
        Required.NO,
        _(
            "Code of the 11th revision of the Korean Standard Industrial Classification, "
            "usually the 5-digit subclass; see the 업종코드 sheet."
        ),
        "26211",
        width=16,
    ),
    Column(
        "address",
        "주소",
        TextCell(),
        Required.NO,
        _("Address of the business (or of the pre-founder)."),
        "경기도 안양시 동안구 시민대로 235",
        width=40,
    ),
    Column(
        "region",
        "시군구코드",
        CodeCell(5),
        Required.YES,
        _("5-digit code of the 시군구 of the address; see the 시군구코드 sheet."),
        "41173",
        width=12,
    ),
    Column(
        "employees",
        "상시근로자수",
        IntegerCell(maximum=10_000_000),
        Required.NO,
        _("Number of regular employees, a whole number. Empty means 0."),
        "12",
        width=14,
    ),
    Column(
        "annual_sales_won",
        "연매출(원)",
        IntegerCell(maximum=10**15),
        Required.NO,
        _("Annual sales in won, a whole number; commas are allowed. Empty means 0."),
        "1,250,000,000",
        width=18,
    ),
    Column(
        "email",
        "이메일",
        TextCell(),
        Required.NO,
        _("Contact email address."),
        "contact@example.com",
        width=24,
    ),
    Column(
        "phone",
        "전화번호",
        CellFormat(),
        Required.NO,
        _("Contact phone number."),
        "031-123-4567",
    ),
)

# Written by the export for the reader's information; the import recognises and ignores them,
# so an exported file can be imported again.
EXPORT_ONLY_COLUMNS: tuple[Column, ...] = (
    Column(
        "is_local",
        "관내 여부",
        ChoiceCell((("예", "true"), ("아니오", "false"))),
        Required.NO,
        _("Whether the company is in the city (관내); set from the 시군구 code."),
        "예",
        width=10,
    ),
    Column(
        "growth_stage",
        "성장단계",
        TextCell(),
        Required.NO,
        _("Step of the growth ladder."),
        "BLUE100",
        width=14,
    ),
    Column(
        "certifications",
        "유효 인증",
        TextCell(),
        Required.NO,
        _("Certifications valid on the day of the export."),
        "",
        width=30,
    ),
)


def normalize_header(text: Any) -> str:
    """Headers match ignoring spaces and a trailing required-marker '*'."""
    return re.sub(r"\s+", "", _as_text(text)).rstrip("*") if not is_blank(text) else ""
