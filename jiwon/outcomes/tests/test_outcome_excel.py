import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory
from jiwon.core.models import Agency, ImportRun
from jiwon.core.roles import Role
from jiwon.outcomes import excel
from jiwon.outcomes.models import (
    Award,
    IntellectualProperty,
    Investment,
    Metric,
    Provenance,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.outcomes.services import figures as figure_services
from jiwon.programs.tests.factories import AgencyFactory, ProgramFactory

pytestmark = pytest.mark.django_db

LEDGER_HEADERS = ["사업자등록번호", "사업", "지원유형", "금액(원)", "지원일", "종료일", "내용"]
FIGURE_HEADERS = ["사업자등록번호", "연도", "상시근로자수", "신규채용", "매출액(원)", "수출액(USD)"]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(importer, actor, data: bytes, name="file.xlsx"):
    return importer(actor=actor, file=io.BytesIO(data), name=name, size=len(data))


def errors_of(result):
    return [(e.sheet, e.row, e.column) for e in result.errors]


def only_error(result):
    assert not result.ok and result.error_count == 1, result.errors
    return result.errors[0]


# --- templates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("writer", "sheets", "first_headers"),
    [
        (excel.write_ledger_template, ["지원실적", "작성요령", "사업목록"], LEDGER_HEADERS),
        (excel.write_figures_template, ["연도별성과", "작성요령"], FIGURE_HEADERS),
        (
            excel.write_records_template,
            ["투자유치", "특허·인증", "협약(MOU)", "수상", "이전", "작성요령", "시군구코드"],
            ["사업자등록번호", "투자일", "금액(원)", "투자자", "라운드"],
        ),
    ],
)
def test_the_templates_have_korean_headers_and_a_bilingual_guide(writer, sheets, first_headers):
    ProgramFactory(fiscal_year=2021, series="BLUE100")
    out = io.BytesIO()
    writer(out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    assert workbook.sheetnames == sheets
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert headers == first_headers
    guide = " ".join(
        str(c.value) for row in workbook["작성요령"].iter_rows() for c in row if c.value
    )
    assert "nothing is imported" in guide


def test_an_untouched_template_imports_nothing_and_says_the_file_is_empty(officer):
    out = io.BytesIO()
    excel.write_ledger_template(out)
    result = run(excel.ledger_import, officer, out.getvalue())
    assert "no data" in only_error(result).message_en


# --- ledger rows ------------------------------------------------------------------------------


def ledger_file(*rows, headers=LEDGER_HEADERS):
    return xlsx({"지원실적": [headers, *rows]})


def test_it_imports_ledger_rows_naming_programmes_by_series_or_number(officer):
    company = CompanyFactory()
    blue = ProgramFactory(fiscal_year=2021, series="BLUE100")
    other = ProgramFactory(fiscal_year=2020, series="BLUE100")
    data = ledger_file(
        [company.brn_display, "blue100", "보조금", "30,000,000", "2021-05-03", None, "1차"],
        [company.brn, other.pk, "멘토링", None, date(2020, 6, 1), None, None],
        [company.brn, None, "입주", 0, "2021.03.01", "2023-02-28", "1인 사무공간"],
    )
    result = run(excel.ledger_import, officer, data)
    assert result.ok and result.created == 3, result.errors
    grant, mentoring, tenancy = SupportLedgerEntry.objects.order_by("id")
    assert (grant.program, grant.amount_won, grant.kind) == (blue, 30_000_000, "grant")
    assert (mentoring.program, mentoring.amount_won) == (other, None)
    assert tenancy.period_end == date(2023, 2, 28)
    assert {e.provenance for e in (grant, mentoring, tenancy)} == {Provenance.IMPORT}
    assert {e.entered_by for e in (grant, mentoring, tenancy)} == {officer}
    assert AuditEntry.objects.filter(action="outcomes.ledger_entry_add").count() == 3


@pytest.mark.parametrize(
    ("row", "column", "english"),
    [
        (["124-81-00999", None, "보조금", 1, "2021-05-03"], "사업자등록번호", "check digit"),
        (["unregistered", None, "보조금", 1, "2021-05-03"], "사업자등록번호", "10 digits"),
        (["{brn}", None, "복권", 1, "2021-05-03"], "지원유형", "Enter one of"),
        (["{brn}", None, "보조금", -1, "2021-05-03"], "금액(원)", "negative"),
        (["{brn}", None, "보조금", "1.5", "2021-05-03"], "금액(원)", "whole number"),
        (["{brn}", None, "보조금", 1, "지난달"], "지원일", "YYYY-MM-DD"),
        (["{brn}", None, "보조금", 1, None], "지원일", "required"),
        (["{brn}", None, None, 1, "2021-05-03"], "지원유형", "required"),
        (["{brn}", None, "보조금", 1, "2021-05-03", "2021-05-02"], "종료일", "end of the period"),
        (["{brn}", "NOPE", "보조금", 1, "2021-05-03"], "사업", "No programme of fiscal year 2021"),
        (["{brn}", 999999, "보조금", 1, "2021-05-03"], "사업", "no programme number 999999"),
        (["{brn}", None, "보조금", 1, "2021-05-03", None, "가" * 301], "내용", "300"),
    ],
)
def test_each_bad_ledger_row_is_reported_by_row_and_column_and_nothing_is_imported(
    officer, row, column, english
):
    company = CompanyFactory()
    row = [company.brn if v == "{brn}" else v for v in row]
    good = [company.brn, None, "보조금", 1_000, "2021-01-04"]
    result = run(excel.ledger_import, officer, ledger_file(good, row, good[:4] + ["2021-01-05"]))
    error = only_error(result)
    assert (error.sheet, error.row, error.column) == ("지원실적", 3, column)
    assert english in error.message_en
    assert error.message_ko
    assert not SupportLedgerEntry.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_unregistered_company_is_reported(officer):
    result = run(
        excel.ledger_import,
        officer,
        ledger_file(["124-81-00998", None, "교육", None, "2021-05-03"]),
    )
    error = only_error(result)
    assert error.column == "사업자등록번호" and "Register the company first" in error.message_en


def test_a_series_two_agencies_share_in_one_year_needs_the_programme_number(officer):
    company = CompanyFactory()
    ProgramFactory(fiscal_year=2021, series="MARKET")
    ProgramFactory(fiscal_year=2021, series="MARKET", agency=AgencyFactory(code="gyeonggi"))
    assert Agency.objects.count() == 2
    result = run(
        excel.ledger_import,
        officer,
        ledger_file([company.brn, "MARKET", "마케팅", 1, "2021-05-03"]),
    )
    assert "programme number" in only_error(result).message_en


def test_the_same_file_cannot_be_imported_twice_nor_repeat_a_row(officer):
    company = CompanyFactory()
    row = [company.brn, None, "보조금", 5_000_000, "2021-05-03", None, "1차"]
    assert run(excel.ledger_import, officer, ledger_file(row)).ok
    again = run(excel.ledger_import, officer, ledger_file(row))
    assert "imported before" in only_error(again).message_en
    repeated = run(excel.ledger_import, officer, ledger_file(row[:6] + ["2차"], row[:6] + ["2차"]))
    error = only_error(repeated)
    assert error.row == 3 and "row 2" in error.message_en
    assert SupportLedgerEntry.objects.count() == 1


def test_every_error_of_the_file_is_listed_at_once(officer):
    company = CompanyFactory()
    result = run(
        excel.ledger_import,
        officer,
        ledger_file(
            [company.brn, None, "복권", -1, "어제"],
            ["1", None, "보조금", 1, "2021-05-03"],
        ),
    )
    assert errors_of(result) == [
        ("지원실적", 2, "지원유형"),
        ("지원실적", 2, "금액(원)"),
        ("지원실적", 2, "지원일"),
        ("지원실적", 3, "사업자등록번호"),
    ]


@pytest.mark.parametrize(
    ("data", "name", "english"),
    [
        (b"not a zip", "ledger.xlsx", "damaged"),
        (b"a,b\n", "ledger.csv", ".xlsx"),
        (None, "ledger.xlsx", "“지원일” is missing"),
        ("unknown", "ledger.xlsx", "Unknown column “비고”"),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_with_a_reason(officer, data, name, english):
    if data is None:
        data = ledger_file(headers=[h for h in LEDGER_HEADERS if h != "지원일"])
    elif data == "unknown":
        data = ledger_file(headers=[*LEDGER_HEADERS, "비고"])
    assert english in only_error(run(excel.ledger_import, officer, data, name=name)).message_en


def test_an_exported_ledger_can_be_read_back_by_the_import(officer, client):
    company = CompanyFactory()
    assert run(
        excel.ledger_import,
        officer,
        ledger_file([company.brn, None, "바우처", 7_000_000, "2021-05-03", None, "원본"]),
    ).ok
    client.force_login(officer)
    response = client.get(reverse("outcomes:ledger_export"))
    exported = b"".join(response.streaming_content)
    again = run(excel.ledger_import, officer, exported)
    # Its columns are understood; the rows are refused only because they are already there.
    assert "imported before" in only_error(again).message_en


# --- yearly figures ---------------------------------------------------------------------------


def figures_file(*rows):
    return xlsx({"연도별성과": [FIGURE_HEADERS, *rows]})


def test_it_imports_figures_with_provenance_import_and_leaves_empty_cells_alone(officer):
    company = CompanyFactory()
    figure_services.year_figure_set(
        actor=officer,
        company=company,
        year=2021,
        metric=Metric.EXPORTS_USD,
        value=250_000,
        provenance=Provenance.SURVEY,
    )
    importer = UserFactory(role=Role.FINANCE_OFFICER)
    result = run(
        excel.figures_import,
        importer,
        figures_file(
            [company.brn, 2021, 23, 3, "2,086,000,000", None],
            [company.brn, 2020, 21, 0, 1_820_000_000, 0],
        ),
    )
    assert result.ok and result.created == 2, result.errors
    figures = {(f.year, f.metric): f for f in YearFigure.objects.filter(company=company)}
    assert figures[(2021, "sales_won")].value == 2_086_000_000
    assert figures[(2021, "sales_won")].provenance == Provenance.IMPORT
    assert figures[(2021, "sales_won")].entered_by == importer
    assert figures[(2021, "exports_usd")].provenance == Provenance.SURVEY
    assert figures[(2020, "new_hires")].value == 0
    assert len(figures) == 8


@pytest.mark.parametrize(
    ("row", "column", "english"),
    [
        (["{brn}", 2021, -3], "상시근로자수", "negative"),
        (["{brn}", 1999, 3], "연도", "from 2000"),
        (["{brn}", 2100, 3], "연도", "2000 to"),
        (["{brn}", "이천이십일", 3], "연도", "whole number"),
        (["{brn}", 2021], "", "no figure"),
        (["{brn}", 2020, 5], "", "repeats row 2"),
        (["124-81-00998", 2021, 5], "사업자등록번호", "Register the company first"),
    ],
)
def test_each_bad_figures_row_is_reported_and_nothing_is_imported(officer, row, column, english):
    company = CompanyFactory()
    row = [company.brn if v == "{brn}" else v for v in row]
    result = run(excel.figures_import, officer, figures_file([company.brn, 2020, 12], row))
    error = only_error(result)
    assert (error.sheet, error.row, error.column) == ("연도별성과", 3, column)
    assert english in error.message_en
    assert not YearFigure.objects.exists()


# --- outcome records --------------------------------------------------------------------------

RECORD_HEADERS = {
    "투자유치": ["사업자등록번호", "투자일", "금액(원)", "투자자", "라운드"],
    "특허·인증": ["사업자등록번호", "구분", "번호", "명칭", "등록일"],
    "협약(MOU)": ["사업자등록번호", "구분", "상대기관", "내용", "체결일"],
    "수상": ["사업자등록번호", "수상명", "수여기관", "수상일"],
    "이전": ["사업자등록번호", "구분", "이전일", "시군구코드", "이전 전·후 지역"],
}


def records_file(**rows_by_sheet):
    return xlsx({name: [RECORD_HEADERS[name], *rows] for name, rows in rows_by_sheet.items()})


def test_it_imports_every_kind_of_outcome_record(officer):
    c = CompanyFactory().brn
    data = records_file(
        투자유치=[[c, "2021-09-15", "500,000,000", "안양벤처투자", "시리즈A"]],
        **{
            "특허·인증": [
                [c, "특허", "10-2345678", "센서", "2021-06-30"],
                [c, "인증", "V-1", None, "2021-07-01"],
            ],
            "협약(MOU)": [[c, "MOU", "(주)한빛", None, "2021-11-02"]],
        },
        수상=[[c, "우수기업상", "경기도", "2021-12-10"]],
        이전=[[c, "전입", "2021-03-02", 11680, None]],
    )
    result = run(excel.records_import, officer, data)
    assert result.ok and result.created == 6, result.errors
    investment = Investment.objects.get()
    assert (investment.amount_won, investment.round) == (500_000_000, "series_a")
    assert IntellectualProperty.objects.count() == 2
    assert Relocation.objects.get().other_region_code == "11680"
    assert {a.provenance for a in Award.objects.all()} == {Provenance.IMPORT}


def test_one_bad_row_on_one_sheet_stops_every_sheet(officer):
    c = CompanyFactory().brn
    data = records_file(
        수상=[[c, "우수기업상", "경기도", "2021-12-10"]],
        이전=[[c, "전입", "2021-03-02", None, None]],
    )
    result = run(excel.records_import, officer, data)
    error = only_error(result)
    assert (error.sheet, error.row, error.column) == ("이전", 2, "이전 전·후 지역")
    assert not Award.objects.exists()


def test_patent_numbers_must_be_new(officer):
    company = CompanyFactory()
    figure_services.intellectual_property_add(
        actor=officer,
        company=company,
        occurred_on=date(2021, 1, 5),
        kind="patent",
        number="10-1",
        provenance=Provenance.STAFF,
    )
    c = company.brn
    data = records_file(
        **{
            "특허·인증": [
                [c, "특허", "10-1", None, "2021-06-30"],
                [c, "특허", "10-2", None, "2021-06-30"],
                [c, "특허", "10-2", "다른 명칭", "2021-07-30"],
            ]
        }
    )
    result = run(excel.records_import, officer, data)
    assert errors_of(result) == [("특허·인증", 2, "번호"), ("특허·인증", 4, "번호")]
    assert "already on row 3" in result.errors[1].message_en


def test_a_record_already_recorded_is_refused(officer):
    c = CompanyFactory().brn
    data = records_file(수상=[[c, "우수기업상", "경기도", "2021-12-10"]])
    assert run(excel.records_import, officer, data).ok
    assert "imported before" in only_error(run(excel.records_import, officer, data)).message_en


def test_a_records_file_without_any_template_sheet_is_refused(officer):
    data = xlsx({"Sheet1": [["a"], [1]]})
    assert "None of the sheets" in only_error(run(excel.records_import, officer, data)).message_en


# --- the upload pages -------------------------------------------------------------------------


def upload(client, url, data: bytes):
    return client.post(url, {"file": SimpleUploadedFile("figures.xlsx", data)})


def test_the_upload_page_lists_errors_and_offers_them_as_a_workbook(client, officer):
    company = CompanyFactory()
    client.force_login(officer)
    url = reverse("outcomes:figures_import")
    response = upload(client, url, figures_file([company.brn, 2021, -5]))
    run = ImportRun.objects.get(kind="outcomes.figures")
    assert response.status_code == 302
    assert response.url == reverse("core:import_status", args=[run.pk])
    html = client.get(response.url).content.decode()
    assert 'id="import-error-table"' in html and "상시근로자수" in html and "연도별성과" in html
    assert not YearFigure.objects.exists()
    download = client.get(reverse("core:import_errors", args=[run.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[1][:3] == ("연도별성과", 2, "상시근로자수")
    assert "negative" in rows[1][4]


def test_a_good_upload_reports_how_many_rows_were_imported(client, officer):
    company = CompanyFactory()
    client.force_login(officer)
    response = upload(
        client, reverse("outcomes:figures_import"), figures_file([company.brn, 2021, 9])
    )
    assert response.status_code == 302
    assert YearFigure.objects.get().value == 9


def test_a_city_viewer_cannot_upload(client):
    company = CompanyFactory()
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    response = upload(
        client,
        reverse("outcomes:ledger_import"),
        ledger_file([company.brn, None, "교육", None, "2021-05-03"]),
    )
    assert response.status_code == 403
    assert not SupportLedgerEntry.objects.exists()
