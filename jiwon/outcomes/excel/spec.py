"""The one description of the outcome spreadsheets: the support ledger, the yearly figures and
the outcome records (one sheet per kind). Templates, imports and the ledger export all read
the sheet specs here.

Headers and coded values are Korean on purpose: they are the file format the agency's staff
fill in. Cell readers and messages come from the company registry's spreadsheet
(jiwon.companies.excel.columns).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiwon.companies.excel.columns import BrnCell
from jiwon.core.excel.cells import (
    CellError,
    ChoiceCell,
    CodeCell,
    Column,
    DateCell,
    IntegerCell,
    Message,
    Required,
    TextCell,
)
from jiwon.core.support import SupportKind
from jiwon.outcomes.models import Agreement, IntellectualProperty, Investment, Metric, Relocation
from jiwon.outcomes.services.figures import FIRST_YEAR, MAX_AMOUNT_WON, MAX_VALUE
from jiwon.outcomes.services.ledger import MAX_AMOUNT_WON as MAX_LEDGER_WON


class YearCell(IntegerCell):
    def __init__(self):
        super().__init__(maximum=2100)

    def describe(self):
        return Message(_("Year, 4 digits (e.g. 2021)"))

    def read(self, value):
        year = super().read(value)
        if year < FIRST_YEAR:
            raise CellError(_("Enter a 4-digit year from %(first)s."), {"first": FIRST_YEAR})
        return year


class ProgramCell(TextCell):
    def describe(self):
        return Message(_("Programme series (e.g. BLUE100) or programme number"))


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    # What one row is, for the guide: "one support per row".
    row_is: Promise
    # For a sheet of outcome records: its kind (a key of services.figures.RECORD_KINDS).
    record_kind: str = ""
    # Headers the import recognises and skips: columns the export adds for the reader.
    ignored: tuple[str, ...] = ()

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


def _brn() -> Column:
    return Column(
        "brn",
        "사업자등록번호",
        BrnCell(),
        Required.YES,
        _("Business registration number of a company already in the registry."),
        "124-81-00998",
    )


def _date(field: str, header: str, description, example: str) -> Column:
    return Column(field, header, DateCell(), Required.YES, description, example, width=14)


SUPPORT_KIND_LABELS = (
    ("보조금", SupportKind.GRANT),
    ("바우처", SupportKind.VOUCHER),
    ("입주", SupportKind.TENANCY),
    ("융자", SupportKind.LOAN),
    ("이차보전", SupportKind.LOAN_INTEREST_SUBSIDY),
    ("교육", SupportKind.EDUCATION),
    ("멘토링", SupportKind.MENTORING),
    ("마케팅", SupportKind.MARKETING),
    ("수출", SupportKind.EXPORT),
    ("장비", SupportKind.EQUIPMENT),
    ("컨설팅", SupportKind.CONSULTING),
    ("기타", SupportKind.OTHER),
)


def _choices(pairs) -> tuple[tuple[str, str], ...]:
    return tuple((label, str(value)) for label, value in pairs)


# Written by the export after the template's columns, for the reader; the import skips them.
LEDGER_EXPORT_ONLY = (
    "번호",
    "기업명",
    "사업명",
    "정정 대상 번호",
    "정정 구분",
    "입력 경로",
    "입력자",
    "입력일시",
)

LEDGER = SheetSpec(
    "지원실적",
    (
        _brn(),
        Column(
            "program",
            "사업",
            ProgramCell(),
            Required.NO,
            _(
                "The programme: its series as in Jiwon (e.g. BLUE100; the fiscal year is taken "
                "from the date of support) or its number; see the 사업목록 sheet. May be empty."
            ),
            "BLUE100",
            width=18,
        ),
        Column(
            "kind",
            "지원유형",
            ChoiceCell(_choices(SUPPORT_KIND_LABELS)),
            Required.YES,
            _("Kind of support."),
            "보조금",
            width=12,
        ),
        Column(
            "amount_won",
            "금액(원)",
            IntegerCell(maximum=MAX_LEDGER_WON),
            Required.NO,
            _("Amount in whole won; empty for support without a sum (mentoring, education)."),
            "30,000,000",
            width=18,
        ),
        _date(
            "supported_on",
            "지원일",
            _("Date of the support (or start of its period)."),
            "2021-05-03",
        ),
        Column(
            "period_end",
            "종료일",
            DateCell(),
            Required.NO,
            _("Last day of a support over a period (tenancy, a loan). May be empty."),
            "2022-05-02",
            width=14,
        ),
        Column(
            "description",
            "내용",
            TextCell(),
            Required.NO,
            _("What was given, in a few words (at most 300 characters)."),
            "사업화 자금 1차",
            width=40,
        ),
    ),
    _("one support a company received per row"),
    ignored=LEDGER_EXPORT_ONLY,
)

_METRIC_HEADERS = {
    Metric.EMPLOYEES: ("상시근로자수", _("Regular employees at the end of the year."), "12"),
    Metric.NEW_HIRES: ("신규채용", _("People hired during the year."), "3"),
    Metric.SALES_WON: ("매출액(원)", _("Sales of the year in whole won."), "1,250,000,000"),
    Metric.EXPORTS_USD: ("수출액(USD)", _("Exports of the year in whole US dollars."), "250,000"),
}

FIGURES = SheetSpec(
    "연도별성과",
    (
        _brn(),
        Column("year", "연도", YearCell(), Required.YES, _("Year of the figures."), "2021", 10),
        *(
            Column(
                metric.value,
                header,
                IntegerCell(maximum=MAX_VALUE),
                Required.NO,
                description,
                example,
                width=16,
            )
            for metric, (header, description, example) in _METRIC_HEADERS.items()
        ),
    ),
    _(
        "one company and year per row; an empty cell leaves that figure as it is, a cell with "
        "0 sets it to 0"
    ),
)

ROUND_LABELS = (
    ("씨드", Investment.Round.SEED),
    ("프리A", Investment.Round.PRE_A),
    ("시리즈A", Investment.Round.SERIES_A),
    ("시리즈B", Investment.Round.SERIES_B),
    ("시리즈C 이상", Investment.Round.LATER),
    ("기타", Investment.Round.OTHER),
)
IP_LABELS = (
    ("특허", IntellectualProperty.Kind.PATENT),
    ("실용신안", IntellectualProperty.Kind.UTILITY_MODEL),
    ("디자인", IntellectualProperty.Kind.DESIGN),
    ("상표", IntellectualProperty.Kind.TRADEMARK),
    ("인증", IntellectualProperty.Kind.CERTIFICATION),
)
AGREEMENT_LABELS = (("MOU", Agreement.Kind.MOU), ("업무협약", Agreement.Kind.BUSINESS))
DIRECTION_LABELS = (("전입", Relocation.Direction.IN), ("전출", Relocation.Direction.OUT))


def _text(field, header, required, description, example, width=24) -> Column:
    return Column(field, header, TextCell(), required, description, example, width=width)


RECORDS = (
    SheetSpec(
        "투자유치",
        (
            _brn(),
            _date("occurred_on", "투자일", _("Date the investment was made."), "2021-09-15"),
            Column(
                "amount_won",
                "금액(원)",
                IntegerCell(maximum=MAX_AMOUNT_WON),
                Required.YES,
                _("Amount invested in whole won, more than 0."),
                "500,000,000",
                width=18,
            ),
            _text("investor", "투자자", Required.YES, _("Name of the investor."), "안양벤처투자"),
            Column(
                "round",
                "라운드",
                ChoiceCell(_choices(ROUND_LABELS)),
                Required.YES,
                _("Investment round."),
                "시리즈A",
                width=14,
            ),
        ),
        _("one investment attracted per row"),
        record_kind="investment",
    ),
    SheetSpec(
        "특허·인증",
        (
            _brn(),
            Column(
                "kind",
                "구분",
                ChoiceCell(_choices(IP_LABELS)),
                Required.YES,
                _("Patent, utility model, design, trademark or certification."),
                "특허",
                width=12,
            ),
            _text(
                "number",
                "번호",
                Required.YES,
                _("Registration or certificate number; unique for its kind."),
                "10-2345678",
                width=18,
            ),
            _text("title", "명칭", Required.NO, _("Title of the patent or certification."), ""),
            _date(
                "occurred_on", "등록일", _("Date of registration or certification."), "2021-06-30"
            ),
        ),
        _("one patent or certification obtained per row"),
        record_kind="ip",
    ),
    SheetSpec(
        "협약(MOU)",
        (
            _brn(),
            Column(
                "kind",
                "구분",
                ChoiceCell(_choices(AGREEMENT_LABELS)),
                Required.YES,
                _("MOU or business agreement (업무협약)."),
                "MOU",
                width=12,
            ),
            _text("counterparty", "상대기관", Required.YES, _("The other party."), "(주)한빛"),
            _text("title", "내용", Required.NO, _("What was agreed, in a few words."), ""),
            _date("occurred_on", "체결일", _("Date the agreement was signed."), "2021-11-02"),
        ),
        _("one MOU or business agreement per row"),
        record_kind="agreement",
    ),
    SheetSpec(
        "수상",
        (
            _brn(),
            _text("name", "수상명", Required.YES, _("Name of the award."), "우수 중소기업상"),
            _text("awarded_by", "수여기관", Required.NO, _("Who gave the award."), "경기도"),
            _date("occurred_on", "수상일", _("Date of the award."), "2021-12-10"),
        ),
        _("one award per row"),
        record_kind="award",
    ),
    SheetSpec(
        "이전",
        (
            _brn(),
            Column(
                "direction",
                "구분",
                ChoiceCell(_choices(DIRECTION_LABELS)),
                Required.YES,
                _("전입: moved into the city; 전출: moved out of it."),
                "전입",
                width=10,
            ),
            _date("occurred_on", "이전일", _("Date of the move."), "2021-03-02"),
            Column(
                "other_region_code",
                "시군구코드",
                CodeCell(5),
                Required.NO,
                _(
                    "5-digit 시군구 code of where the company came from (전입) or went to (전출); "
                    "this or the next column is required."
                ),
                "11680",
                width=12,
            ),
            _text(
                "other_place",
                "이전 전·후 지역",
                Required.NO,
                _("Where the company came from or went to, in words."),
                "서울특별시 강남구",
            ),
        ),
        _("one move into or out of the city per row"),
        record_kind="relocation",
    ),
)
