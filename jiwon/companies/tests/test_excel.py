import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jiwon.audit.models import AuditEntry
from jiwon.companies import excel
from jiwon.companies.excel import importer
from jiwon.companies.excel.columns import COLUMNS, EXPORT_ONLY_COLUMNS
from jiwon.companies.models import Company, GrowthStage
from jiwon.companies.tests.factories import (
    CertificationFactory,
    CompanyFactory,
    ksic,
    member_of,
    region,
    valid_brn,
)
from jiwon.core.excel import workbooks
from jiwon.core.excel.cells import Message
from jiwon.core.models import ImportRun, KsicCode
from jiwon.core.roles import Role

HEADERS = [c.header for c in COLUMNS]
H = {c.field: c.header for c in COLUMNS}


def good_row(n: int, **overrides) -> dict:
    """A valid company row, keyed by header; `overrides` by field name."""
    values = {
        "kind": "기업",
        "brn": valid_brn(5_000 + n),
        "crn": "",
        "legal_form": "법인",
        "name_ko": f"엑셀기업{n}",
        "name_en": f"Excel Co {n}",
        "representative_name": "김대표",
        "representative_birth_date": date(1979, 4, 9),
        "founded_on": "2016-05-20",
        "ksic": "26211",
        "address": "경기도 안양시 동안구 시민대로 235",
        "region": "41173",
        "employees": 12,
        "annual_sales_won": "1,250,000,000",
        "email": f"ceo{n}@example.com",
        "phone": "031-123-4567",
    }
    values.update(overrides)
    return {H[k]: v for k, v in values.items()}


def xlsx(rows: list[dict | None], headers: list[str] = HEADERS) -> bytes:
    """A workbook with `headers` and one row per dict (None for a blank row)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([None if row is None else row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(content: bytes, *, actor, name: str = "companies.xlsx"):
    return excel.companies_import(
        actor=actor, file=io.BytesIO(content), name=name, size=len(content)
    )


def errors_at(result) -> set[tuple]:
    return {(e.row, e.column) for e in result.errors}


def read_sheet(content: bytes, sheet=None) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    return list(ws.iter_rows(values_only=True))


# --- template --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_serves_a_template_with_korean_headers_a_guide_and_dropdowns(client, officer):
    client.force_login(officer)
    response = client.get(reverse("companies:template"))
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, guide = workbook.worksheets[0], workbook[excel.GUIDE_SHEET]
    assert [c.value for c in data[1]] == HEADERS
    assert HEADERS[:2] == ["구분(기업/예비창업자)", "사업자등록번호"]
    assert data.max_row == 1, "the template must not carry an example row that would be imported"
    guide_text = [row for row in guide.iter_rows(values_only=True)]
    described = {row[0] for row in guide_text}
    assert set(HEADERS) <= described
    example_of = {row[0]: row[3] for row in guide_text if row[0] in H.values()}
    assert example_of["사업자등록번호"] == "124-81-00998"
    dropdowns = {
        str(v.sqref): v.formula1 for v in data.data_validations.dataValidation if v.type == "list"
    }
    assert dropdowns == {"A2:A10001": '"기업,예비창업자"', "D2:D10001": '"법인,개인"'}
    assert data.column_dimensions["H"].number_format == "yyyy-mm-dd"  # 대표자 생년월일
    assert data.column_dimensions["B"].number_format == "@"  # 사업자등록번호 stays text
    region_rows = list(workbook["시군구코드"].iter_rows(values_only=True))
    assert ("41173", "경기도", "안양시 동안구") in region_rows
    assert not any(r[0] == "29110" for r in region_rows), "retired codes are not offered"
    ksic_codes = {r[0] for r in workbook["업종코드"].iter_rows(values_only=True)}
    assert {"26211", "01110"} <= ksic_codes


@pytest.mark.django_db
def test_the_template_command_writes_the_same_headers(tmp_path):
    target = tmp_path / "x.xlsx"
    out = io.StringIO()
    call_command("template", "companies", "-o", str(target), stdout=out)
    assert str(target) in out.getvalue()
    assert read_sheet(target.read_bytes())[0] == tuple(HEADERS)


@pytest.mark.django_db
def test_the_template_command_refuses_a_name_that_is_not_xlsx(tmp_path):
    with pytest.raises(CommandError, match="xlsx"):
        call_command("template", "companies", "-o", str(tmp_path / "x.csv"))


# --- import: good files ----------------------------------------------------------------------


@pytest.mark.django_db
def test_it_imports_every_row_of_a_good_file_and_audits_each(officer):
    rows = [
        good_row(1, crn="110111-2345670"),
        good_row(
            2,
            brn=valid_brn(5_002, middle="05").replace("-", ""),
            legal_form="개인",
            founded_on=date(2020, 1, 6),
            region=41171,
            employees="3",
            annual_sales_won=98_000_000,
            ksic="01110",
        ),
        good_row(
            3,
            kind="예비창업자",
            brn=None,
            legal_form=None,
            founded_on=None,
            ksic=None,
            region="11110",
            employees=None,
            annual_sales_won=None,
        ),
    ]
    result = run_import(xlsx(rows), actor=officer)
    assert result.ok, result.errors
    assert result.created == 3
    first = Company.objects.get(name_ko="엑셀기업1")
    assert first.brn == valid_brn(5_001)
    assert first.crn == "1101112345670"
    assert first.founded_on == date(2016, 5, 20)
    assert first.representative_birth_date == date(1979, 4, 9)
    assert first.annual_sales_won == 1_250_000_000
    assert first.ksic.code == "26211" and first.ksic.revision == 11
    assert first.is_local
    second = Company.objects.get(name_ko="엑셀기업2")
    assert (second.legal_form, second.employees, second.ksic.code) == ("individual", 3, "01110")
    assert second.region.code == "41171" and second.is_local
    prefounder = Company.objects.get(name_ko="엑셀기업3")
    assert prefounder.is_prefounder and prefounder.brn is None and not prefounder.is_local
    assert (prefounder.employees, prefounder.annual_sales_won) == (0, 0)
    entries = AuditEntry.objects.filter(action="companies.company_create")
    assert sorted(int(e.object_id) for e in entries) == sorted(
        Company.objects.values_list("pk", flat=True)
    )
    assert {e.actor_id for e in entries} == {officer.pk}


@pytest.mark.django_db
def test_it_matches_headers_by_name_and_ignores_blank_rows(officer):
    headers = list(reversed(HEADERS))
    result = run_import(xlsx([good_row(1), None, None, good_row(2)], headers), actor=officer)
    assert result.created == 2


# --- import: bad rows ------------------------------------------------------------------------

BAD_ROWS = {
    "BRN check digit": ({"brn": "124-81-00997"}, "brn", "check digit"),
    "BRN missing for a company": ({"brn": None}, "brn", "Enter the business registration"),
    "BRN on a pre-founder": (
        {
            "kind": "예비창업자",
            "legal_form": None,
            "founded_on": None,
            "employees": None,
            "annual_sales_won": None,
        },
        "brn",
        "pre-founder",
    ),
    "required name missing": ({"name_ko": "  "}, "name_ko", "required"),
    "unknown kind": ({"kind": "회사"}, "kind", "기업, 예비창업자"),
    "impossible date": ({"founded_on": "2015-13-45"}, "founded_on", "YYYY-MM-DD"),
    "birth date in the future": (
        {"representative_birth_date": "2999-01-01"},
        "representative_birth_date",
        "between 1900 and today",
    ),
    "unknown KSIC": ({"ksic": "99999"}, "ksic", "99999"),
    "KSIC of the 10th revision only": ({"ksic": "01152"}, "ksic", "11th"),
    "unknown region": ({"region": "99999"}, "region", "99999"),
    "retired region": ({"region": "29110"}, "region", "12210"),
    "province instead of 시군구": ({"region": "41"}, "region", "시군구"),
    "negative employees": ({"employees": -1}, "employees", "negative"),
    "fractional employees": ({"employees": 2.5}, "employees", "whole number"),
    "sales as words": ({"annual_sales_won": "십억"}, "annual_sales_won", "whole number"),
    "CRN on an individual": (
        {"legal_form": "개인", "crn": "110111-2345670"},
        "crn",
        "Only a corporation",
    ),
    "CRN check digit": ({"crn": "110111-2345671"}, "crn", "check digit"),
    "bad email": ({"email": "not-an-email"}, "email", "valid email"),
    "name too long": ({"name_ko": "가" * 201}, "name_ko", "at most 200"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_it_reports_a_bad_row_by_row_and_column_and_imports_nothing(officer, case):
    overrides, field, reason = BAD_ROWS[case]
    rows = [good_row(1), good_row(2), good_row(3), good_row(4, **overrides)]
    result = run_import(xlsx(rows), actor=officer)
    assert result.created == 0
    assert Company.objects.count() == 0
    assert not AuditEntry.objects.exists()
    assert errors_at(result) == {(5, H[field])}, result.errors
    assert reason in result.errors[0].message_en


@pytest.mark.django_db
def test_a_row_refused_while_saving_rolls_back_the_rows_saved_before_it(officer, monkeypatch):
    real_create = importer.company_create

    def create_then_refuse_the_third(*, actor, data):
        if data.name_ko == "엑셀기업3":
            raise ValidationError({"name_ko": ["Refused while saving."]})
        return real_create(actor=actor, data=data)

    monkeypatch.setattr(importer, "company_create", create_then_refuse_the_third)
    result = run_import(xlsx([good_row(1), good_row(2), good_row(3)]), actor=officer)
    assert errors_at(result) == {(4, "기업명")}
    assert result.created == 0
    assert Company.objects.count() == 0
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_10th_revision_code_used_above_is_not_in_the_11th():
    assert KsicCode.objects.filter(code="01152", revision=10).exists()
    assert not KsicCode.objects.filter(code="01152", revision=11).exists()


@pytest.mark.django_db
def test_it_reports_a_duplicate_within_the_file_on_the_later_row(officer):
    same = valid_brn(7)
    result = run_import(xlsx([good_row(1, brn=same), None, good_row(2, brn=same)]), actor=officer)
    assert errors_at(result) == {(4, "사업자등록번호")}
    assert "row 2" in result.errors[0].message_en
    assert Company.objects.count() == 0


@pytest.mark.django_db
def test_it_reports_a_company_already_registered(officer):
    existing = CompanyFactory()
    brn = f"{existing.brn[:3]}-{existing.brn[3:5]}-{existing.brn[5:]}"
    result = run_import(xlsx([good_row(1), good_row(2, brn=brn)]), actor=officer)
    assert errors_at(result) == {(3, "사업자등록번호")}
    assert "already registered" in result.errors[0].message_en
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_it_reports_a_company_already_registered_typed_in_full_width_digits(officer):
    existing = CompanyFactory()
    brn = existing.brn.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    result = run_import(xlsx([good_row(1), good_row(2, brn=brn)]), actor=officer)
    assert errors_at(result) == {(3, "사업자등록번호")}
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_it_reports_every_error_of_every_row(officer):
    rows = [good_row(1, brn="1", email="x"), good_row(2), good_row(3, region="", employees=-5)]
    result = run_import(xlsx(rows), actor=officer)
    assert errors_at(result) == {
        (2, "사업자등록번호"),
        (2, "이메일"),
        (4, "시군구코드"),
        (4, "상시근로자수"),
    }
    assert [e.row for e in result.errors] == sorted(e.row for e in result.errors)


@pytest.mark.django_db
def test_it_gives_each_error_in_korean_and_in_english(officer):
    result = run_import(xlsx([good_row(1, email="not-an-email")]), actor=officer)
    (error,) = result.errors
    assert error.message_en == "Enter a valid email address."
    assert error.message_ko == "올바른 이메일 주소를 입력하세요."
    assert error.message("ko") == error.message_ko and error.other_message("ko") == error.message_en


def test_a_message_renders_in_the_language_asked_for():
    from django.utils.translation import gettext_lazy

    message = Message(gettext_lazy("Text"))
    assert (message.render("ko"), message.render("en")) == ("텍스트", "Text")


@pytest.mark.django_db
def test_a_numeric_ksic_cell_that_lost_its_leading_zero_is_explained(officer):
    # 02020 (logging) typed into a number cell arrives as 2020, itself a class code.
    result = run_import(xlsx([good_row(1, ksic=2020)]), actor=officer)
    assert errors_at(result) == {(2, "업종코드(KSIC)")}
    assert "02020 / 2020" in result.errors[0].message_en


# --- import: bad files -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("companies.csv", "구분,기업명\n기업,가\n".encode(), ".xlsx"),
        ("companies.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xlsx"),
        ("companies.xlsx", b"this is not a zip file", "damaged"),
        ("companies.xlsx", b"", "empty"),
    ],
)
def test_it_rejects_a_file_that_is_not_an_xlsx_workbook(officer, name, content, reason):
    result = run_import(content, actor=officer, name=name)
    assert not result.ok and result.created == 0
    (error,) = result.errors
    assert error.row is None
    assert reason in error.message_en


@pytest.mark.django_db
def test_it_rejects_a_file_without_a_required_header(officer):
    headers = [h for h in HEADERS if h != "대표자명"]
    result = run_import(xlsx([good_row(1)], headers), actor=officer)
    assert errors_at(result) == {(1, "대표자명")}
    assert "missing" in result.errors[0].message_en


@pytest.mark.django_db
def test_it_rejects_an_unknown_header(officer):
    result = run_import(xlsx([good_row(1)], [*HEADERS, "비고"]), actor=officer)
    assert errors_at(result) == {(1, "비고")}


@pytest.mark.django_db
def test_it_rejects_a_file_with_headers_but_no_rows(officer):
    result = run_import(xlsx([None, None]), actor=officer)
    assert "no companies" in result.errors[0].message_en


@pytest.mark.django_db
def test_it_rejects_more_rows_than_the_limit(officer, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    result = run_import(xlsx([good_row(1), good_row(2), good_row(3)]), actor=officer)
    assert "more than 2 companies" in result.errors[0].message_en
    assert Company.objects.count() == 0


@pytest.mark.django_db
def test_it_rejects_a_file_over_the_size_limit(officer, monkeypatch):
    content = xlsx([good_row(1)])
    monkeypatch.setattr(workbooks, "MAX_BYTES", len(content) - 1)
    result = run_import(content, actor=officer)
    assert "larger than" in result.errors[0].message_en


# --- import page -----------------------------------------------------------------------------


def upload(content: bytes, name: str = "companies.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=excel.XLSX_CONTENT_TYPE)


@pytest.mark.django_db
def test_the_import_page_explains_the_steps_and_links_the_template(client, officer):
    client.force_login(officer)
    page = client.get(reverse("companies:import")).content.decode()
    assert reverse("companies:template") in page
    assert '<label for="id_file">' in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.django_db
def test_the_import_page_imports_a_good_file_and_says_how_many(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("companies:import"),
        {"file": upload(xlsx([good_row(1), good_row(2)]))},
        follow=True,
    )
    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("core:import_status", args=[run.pk])
    page = response.content.decode()
    assert "2 records imported." in page
    assert f'href="{reverse("companies:list")}"' in page
    assert Company.objects.count() == 2
    # The upload is deleted once read: it holds representatives' personal data.
    assert not run.file


@pytest.mark.django_db
def test_the_import_page_lists_errors_and_offers_them_as_a_workbook(client, officer):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    rows = [good_row(1), good_row(2, email="nope"), good_row(3, region="99999")]
    response = client.post(reverse("companies:import"), {"file": upload(xlsx(rows))}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: the file has 2 errors." in page
    assert "Enter a valid email address." in page
    assert "올바른 이메일 주소를 입력하세요." in page  # the other language beneath
    assert Company.objects.count() == 0
    download = client.get(reverse("core:import_errors", args=[ImportRun.objects.get().pk]))
    sheet = read_sheet(b"".join(download.streaming_content))
    assert [r[:2] for r in sheet[1:]] == [(3, "이메일"), (4, "시군구코드")]
    assert sheet[1][2:] == ("올바른 이메일 주소를 입력하세요.", "Enter a valid email address.")


@pytest.mark.django_db
def test_the_import_page_rejects_a_non_xlsx_upload_with_a_message(client, officer):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("companies:import"),
        {"file": upload(b"a,b\n1,2\n", name="companies.csv")},
        follow=True,
    )
    assert "Upload an Excel workbook saved as .xlsx" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["companies:import", "companies:export", "companies:template"])
def test_a_company_member_may_not_import_export_or_download_the_template(client, company, name):
    client.force_login(member_of(company))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_a_company_member_may_not_post_an_import(client, company):
    client.force_login(member_of(company))
    response = client.post(reverse("companies:import"), {"file": upload(xlsx([good_row(1)]))})
    assert response.status_code == 403
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_a_city_viewer_may_export_but_not_import(client, user_with_role):
    client.force_login(user_with_role(Role.CITY_VIEWER))
    assert client.get(reverse("companies:export")).status_code == 200
    assert client.get(reverse("companies:import")).status_code == 403


# --- export ----------------------------------------------------------------------------------


# Exports carry the representatives' personal data: each asks for its purpose.
REASON = "reason=selection+committee+papers"


def export(client, query: str = "") -> list[tuple]:
    query = f"{query}&{REASON}" if query else f"?{REASON}"
    response = client.get(reverse("companies:export") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    return read_sheet(b"".join(response.streaming_content))


@pytest.mark.django_db
def test_the_export_has_the_template_columns_and_the_extra_ones(client, officer):
    company = CompanyFactory(name_ko="수출기업", crn="1101112345670")
    CertificationFactory(company=company, kind="venture")
    CertificationFactory(
        company=company, kind="innobiz", valid_from=date(2010, 1, 1), valid_to=date(2012, 1, 1)
    )
    Company.objects.filter(pk=company.pk).update(growth_stage=GrowthStage.BLUE100)
    client.force_login(officer)
    header, row = export(client)
    assert list(header) == HEADERS + [c.header for c in EXPORT_ONLY_COLUMNS]
    values = dict(zip(header, row, strict=True))
    assert values["구분(기업/예비창업자)"] == "기업"
    assert values["사업자등록번호"] == company.brn_display
    assert values["법인등록번호"] == "110111-2345670"
    assert values["설립일"].date() == date(2015, 3, 2)
    assert values["업종코드(KSIC)"] == "26211"
    assert values["시군구코드"] == "41173"
    assert values["연매출(원)"] == 1_000_000_000
    assert values["관내 여부"] == "예"
    assert values["성장단계"] == "BLUE100"
    assert "벤처기업" in values["유효 인증"] and "이노비즈" not in values["유효 인증"]


@pytest.mark.django_db
def test_the_export_respects_the_list_filters(client, officer):
    CompanyFactory(name_ko="만안기업", region=region("41171"))
    CompanyFactory(name_ko="동안기업", region=region("41173"))
    CompanyFactory(name_ko="서울기업", region=region("11110"))
    client.force_login(officer)

    def names(query=""):
        return sorted(row[HEADERS.index("기업명")] for row in export(client, query)[1:])

    assert names() == ["동안기업", "만안기업", "서울기업"]
    assert names("?region=41171") == ["만안기업"]
    assert names("?local_only=on") == ["동안기업", "만안기업"]
    assert names("?q=서울") == ["서울기업"]


@pytest.mark.django_db
def test_the_export_writes_formula_like_text_as_text(client, officer):
    CompanyFactory(name_ko='=HYPERLINK("http://x")', address="@SUM(1)")
    client.force_login(officer)
    response = client.get(reverse("companies:export") + f"?{REASON}")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet["E2"].data_type == "s"
    assert sheet["E2"].value == '=HYPERLINK("http://x")'


@pytest.mark.django_db
def test_the_export_reads_certifications_without_a_query_per_company(
    client, officer, django_assert_max_num_queries
):
    for _ in range(30):
        CertificationFactory()
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        export(client)


@pytest.mark.django_db
def test_an_exported_list_imports_back_into_an_empty_registry(client, officer):
    CompanyFactory(name_ko="법인기업", crn="1101112345670", email="a@example.com")
    CompanyFactory(
        name_ko="개인기업",
        brn=valid_brn(42, middle="05"),
        legal_form="individual",
        ksic=None,
        region=region("11110"),
        phone="010-1234-5678",
    )
    CompanyFactory(
        name_ko="예비창업자",
        kind="prefounder",
        brn=None,
        legal_form="",
        founded_on=None,
        employees=0,
        annual_sales_won=0,
    )
    CompanyFactory(name_ko="농업기업", ksic=ksic("01110"))
    lookups = {"ksic": "ksic__code", "region": "region__code"}
    fields = [lookups.get(c.field, c.field) for c in COLUMNS] + ["is_local"]

    def snapshot():
        return sorted(Company.objects.values_list(*fields))

    before = snapshot()
    client.force_login(officer)
    response = client.get(reverse("companies:export") + f"?{REASON}")
    content = b"".join(response.streaming_content)
    Company.objects.all().delete()
    result = run_import(content, actor=officer, name="jiwon-companies.xlsx")
    assert result.ok, result.errors
    assert result.created == 4
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.PROGRAM_OFFICER, date(1980, 5, 1)),
        (Role.AGENCY_ADMIN, date(1980, 5, 1)),
        (Role.AUDITOR, "기록됨(비공개)"),
        (Role.CITY_VIEWER, "비공개"),
        (Role.FINANCE_OFFICER, "비공개"),
    ],
)
def test_the_export_gives_the_birth_date_only_to_who_needs_it(client, user_with_role, role, shown):
    CompanyFactory(representative_birth_date=date(1980, 5, 1))
    client.force_login(user_with_role(role))
    header, row = export(client)
    value = dict(zip(header, row, strict=True))["대표자 생년월일"]
    assert (value.date() if hasattr(value, "date") else value) == shown
