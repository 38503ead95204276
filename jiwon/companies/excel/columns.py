"""The one description of the company spreadsheet. The template, the import and the export all
read COLUMNS, so a column added here appears in all three.

Headers and the coded values (기업, 법인, ...) are Korean on purpose: they are the file format
the agency's staff fill in, not interface text. Explanations are English msgids rendered in both
languages with `bilingual`.
"""

from django.utils.translation import gettext_lazy as _

from jiwon.companies.models import CompanyKind, LegalForm
from jiwon.companies.validators import validate_brn, validate_crn
from jiwon.core.excel.cells import (
    CellFormat,
    ChoiceCell,
    CodeCell,
    Column,
    DateCell,
    IntegerCell,
    Message,
    Required,
    TextCell,
    as_text,
)

DATA_SHEET = "기업목록"
GUIDE_SHEET = "작성요령"
REGION_SHEET = "시군구코드"
KSIC_SHEET = "업종코드"


class BrnCell(CellFormat):
    def describe(self):
        return Message(_("10 digits; hyphens optional (XXX-XX-XXXXX)"))

    def read(self, value):
        return validate_brn(as_text(value))

    def write(self, value):
        b = value or ""
        return f"{b[:3]}-{b[3:5]}-{b[5:]}" if len(b) == 10 else b


class CrnCell(CellFormat):
    def describe(self):
        return Message(_("13 digits; hyphen optional (XXXXXX-XXXXXXX)"))

    def read(self, value):
        if isinstance(value, int | float):
            value = as_text(value).zfill(13)
        return validate_crn(as_text(value))

    def write(self, value):
        c = value or ""
        return f"{c[:6]}-{c[6:]}" if len(c) == 13 else c


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
