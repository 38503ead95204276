"""The annual report's content and its four formats, parsed back; the `jiwon report` command."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from jiwon.outcomes.report import FORMATS, charts
from jiwon.outcomes.report.annual import annual_report
from jiwon.outcomes.report.html import render_html
from jiwon.outcomes.selectors.contributions import HEADLINE, report_figures
from jiwon.outcomes.selectors.kpis import HEADLINE_KEYS

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(records_2021):
    return annual_report(2021, "ko")


def test_the_report_states_the_headline_figures_of_its_records(report):
    h = report["headline"]
    assert h["supported_companies"] == 3
    assert h["programs"] == 2
    assert h["support_won"] == 5_300_000_000
    assert h["tenant_companies"] == 1
    assert h["investment_won"] == 18_400_000_000
    assert (h["ip_count"], h["mou_count"], h["moved_in"]) == (1, 1, 1)
    assert h["employees"] == 2137
    assert str(h["employees_growth_pct"]) == "6.9"
    assert h["sales_won"] == 229_400_000_000
    assert str(h["sales_growth_pct"]) == "14.7"
    assert report["outcome_growth"]["employees"]["excluded"] == 1


def test_the_json_file_keeps_its_documented_contract(report):
    data = json.loads(FORMATS["json"].render(report))

    contributed = [f.key for f in report_figures(HEADLINE)]
    assert list(data["headline"]) == [*HEADLINE_KEYS, *contributed]
    for key, value in data["headline"].items():
        if key.endswith("_pct"):
            assert value is None or (isinstance(value, str) and value.count(".") == 1), key
        else:
            assert type(value) is int, key
    assert data["headline"]["employees_growth_pct"] == "6.9"
    assert (data["year"], data["language"], data["schema_version"]) == (2021, "ko", 2)
    assert data["generated_at"].endswith("+09:00")
    for section in (
        "support",
        "growth_ladder",
        "selection_funnels",
        "outcome_growth",
        "other_outcomes",
        "relocations",
        "city_totals",
        "coverage",
        "definitions",
    ):
        assert section in data, section
    assert data["selection_funnels"] == [
        {
            "call": "청년창업 지원",
            "stage": "BLUE100",
            "applied": None,
            "selected": 1,
            "source": "growth_ladder",
        }
    ]
    assert data["city_totals"][-1]["on"] == "2021-12-31"
    assert type(data["support"]["by_program"][0]["amount_won"]) is int


def test_every_headline_figure_of_the_html_links_to_its_records(report):
    html = render_html(report)

    for kpi in ("supported_companies", "programs", "support_won", "investment_won", "moved_in"):
        assert f'href="/outcomes/reports/drill/{kpi}/?year=2021"' in html, kpi
    assert '<span title="5,300,000,000원">53억원</span>' in html
    assert '<span title="18,400,000,000원">184억원</span>' in html
    assert "+6.9%" in html
    assert html.count("<svg") == 4


def test_every_figure_cell_of_the_html_before_the_appendix_is_a_link(report):
    body = render_html(report).split('id="appendix"')[0]
    cells = re.findall(r'<td class="n">(.*?)</td>', body, flags=re.S)
    unknown_applicants = [c for c in cells if 'title="' in c and "—" in c]
    links = [c for c in cells if c.startswith('<a class="fig" href="/outcomes/reports/drill/')]
    no_data = [c for c in cells if c == "자료 없음"]  # the trend's years without figures
    # The domains' sections with nothing recorded in this data set (no fund round, no space
    # visits): a figure with no records has nothing to drill into.
    nothing = [c for c in cells if c in ("0", "—")]
    assert len(cells) > 40
    assert len(unknown_applicants) == 1  # the funnel's applicants, not recorded yet
    assert len(no_data) == 8
    assert len(nothing) == 3
    assert len(links) == len(cells) - 1 - len(no_data) - len(nothing)


def test_the_pdf_opens_with_its_korean_text_in_an_embedded_korean_font(report):
    pdf = FORMATS["pdf"].render(report)

    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "안양산업진흥원" in text
    assert "청년창업 지원" in text
    assert "53억원" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Nanum" in str(name) for name in fonts), fonts
    assert "/outcomes/reports/drill/" not in text


def test_the_workbook_parses_back_with_exact_figures(report):
    book = load_workbook(io.BytesIO(FORMATS["xlsx"].render(report)))

    headline = {row[0]: row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert headline["support_won"] == 5_300_000_000
    assert headline["supported_companies"] == 3
    assert float(headline["employees_growth_pct"]) == 6.9
    programmes = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert programmes[0][0] == "청년창업 지원"
    assert programmes[0][5] == 3_000_000_000
    assert len(book.sheetnames) == len(set(book.sheetnames))


def test_the_report_is_in_english_on_request(records_2021):
    report = annual_report(2021, "en")
    html = render_html(report)
    assert '<html lang="en">' in html
    assert "2021 annual performance report" in html
    assert report["growth_ladder"]["stages"][-1]["label"] == "Anyang unicorn"
    assert report["agency"] == "Anyang Industry Promotion Agency"
    assert annual_report(2021, "ko")["agency"] == "안양산업진흥원"


def test_a_year_without_records_still_makes_a_report():
    report = annual_report(2019, "ko")
    assert report["headline"]["support_won"] == 0
    assert report["headline"]["employees_growth_pct"] is None
    assert FORMATS["pdf"].render(report).startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx", "json"])
def test_the_command_writes_each_format(records_2021, tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"
    out = io.StringIO()

    call_command(
        "report", "annual", "--year", "2021", "--format", fmt, "-o", str(target), stdout=out
    )

    content = target.read_bytes()
    assert f"Wrote {target}" in out.getvalue()
    if fmt == "json":
        assert json.loads(content)["headline"]["supported_companies"] == 3
    elif fmt == "pdf":
        assert len(PdfReader(io.BytesIO(content)).pages) >= 2
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(content)).worksheets[0]["C2"].value == 3
    else:
        assert content.startswith(b"<!doctype html>")
        assert "53억원" in content.decode()


def test_the_command_writes_english_with_lang_en(records_2021, tmp_path):
    target = tmp_path / "r.json"
    call_command(
        "report",
        "annual",
        "--year",
        "2021",
        "--format",
        "json",
        "--lang",
        "en",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    assert json.loads(target.read_text())["language"] == "en"


def test_the_command_refuses_a_future_year_and_a_mismatched_file_name(tmp_path):
    with pytest.raises(CommandError, match="--year"):
        call_command("report", "annual", "--year", "2999", "--format", "json")
    with pytest.raises(CommandError, match=r"\*\.pdf"):
        call_command(
            "report", "annual", "--year", "2021", "--format", "pdf", "-o", str(tmp_path / "x.txt")
        )


def test_charts_escape_their_labels_and_say_when_there_is_nothing_to_draw():
    svg = charts.bar_chart(
        [("<script>", 5), ("R&D", 10)], title="t", fmt=charts.plain, empty="none"
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.count("<rect") == 2
    assert ">none<" in charts.line_chart([], title="t", fmt=charts.plain, empty="none")
    funnel = charts.funnel_chart(
        [("G240", 200), ("BLUE100", 100)], title="t", fmt=charts.plain, empty="none"
    )
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)"', funnel)]
    assert widths[0] == 2 * widths[1]


def test_a_trend_year_without_figures_says_no_data_and_is_never_0(records_2021):
    report = annual_report(2021, "ko")
    trend = report["outcome_growth"]["trend"]
    assert [t["year"] for t in trend] == [2017, 2018, 2019, 2020, 2021]
    assert [t["employees"] for t in trend] == [None, None, None, None, 2137]
    assert [t["sales_won"] for t in trend][:4] == [None, None, None, None]
    html = render_html(report)
    rows = re.findall(r"<tr><td>(20\d\d)</td><td class=\"n\">(.*?)</td>", html)
    assert dict(rows)["2017"] == "자료 없음"
    # Both trend charts leave a gap: no point is drawn at 0 for the years without data.
    svgs = [s.split("</svg>")[0] for s in html.split("<svg")[1:]]
    gapped = [s for s in svgs if "자료 없음" in s]
    assert len(gapped) == 2
    assert [s.count("<circle") for s in gapped] == [1, 1]
    assert json.loads(FORMATS["json"].render(report))["outcome_growth"]["trend"][0] == {
        "year": 2017,
        "employees": None,
        "sales_won": None,
    }
    book = load_workbook(io.BytesIO(FORMATS["xlsx"].render(report)))
    sheet = book["추이"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values[0] == (2017, "자료 없음", "자료 없음")
    assert values[-1][1] == 2137


def test_a_year_without_support_says_so_at_the_top():
    report = annual_report(2019, "ko")
    assert report["coverage"]["support_recorded"] is False
    assert 'id="no-data"' in render_html(report)


def test_a_funnel_counts_no_withdrawn_application_and_no_rung_without_a_call(records_2021):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from jiwon.applications.workflow import ApplicationStatus
    from jiwon.companies.models import GrowthStageChange
    from jiwon.companies.tests.factories import CompanyFactory
    from jiwon.reviews.tests.factories import screened_application

    submitted = datetime(2021, 3, 2, 10, tzinfo=ZoneInfo("Asia/Seoul"))
    startup = records_2021["startup"]
    screened_application(startup, submitted_at=submitted)
    screened_application(startup, status=ApplicationStatus.WITHDRAWN, submitted_at=submitted)
    ace = CompanyFactory(growth_stage="ACE20")
    GrowthStageChange.objects.create(company=ace, stage="ACE20", effective_on=date(2021, 7, 1))
    funnels = annual_report(2021, "ko")["selection_funnels"]
    assert [(f["stage"], f["applied"]) for f in funnels] == [("BLUE100", 1)]
