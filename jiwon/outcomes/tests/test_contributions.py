"""Figures other apps contribute to the annual report and the dashboard
(jiwon/outcomes/selectors/contributions.py): a fake domain registers them here as a real one
would in its AppConfig.ready()."""

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.outcomes.report import FORMATS
from jiwon.outcomes.report.annual import annual_report
from jiwon.outcomes.selectors.contributions import (
    ReportFigure,
    ReportSection,
    register_figure,
)
from jiwon.outcomes.selectors.drill import Column, DrillQuery, Listing
from jiwon.outcomes.selectors.kpis import Period

pytestmark = pytest.mark.django_db

EQUIPMENT = ReportSection("equipment", "Shared equipment")
periods_asked: list[Period] = []


def loan_companies(period: Period) -> int:
    periods_asked.append(period)
    return 4321


def loan_list(query: DrillQuery) -> Listing:
    return Listing(
        "Companies with a loan",
        [Column("Company"), Column("Amount (won)", "won")],
        [("대출받은기업", 700_000_000)],
        lambda item: list(item),
    )


LOANS = ReportFigure(
    "loan_companies",
    "Companies with a loan",
    loan_companies,
    drill=loan_list,
    definition="Companies with a loan outstanding on any day of the period.",
)
UTILISATION = ReportFigure(
    "equipment_utilisation_pct",
    "Equipment utilisation",
    lambda period: Decimal("72.5"),
    section=EQUIPMENT,
    kind="percent",
    on_dashboard=False,
)


@pytest.fixture
def contributed(registry):
    periods_asked.clear()
    register_figure(LOANS)
    register_figure(UTILISATION)


@pytest.fixture
def report(contributed):
    return annual_report(2021, "en")


def test_a_headline_figure_is_computed_for_the_reports_year_and_lands_in_the_json_headline(
    report,
):
    data = json.loads(FORMATS["json"].render(report))
    assert data["headline"]["loan_companies"] == 4321
    assert periods_asked == [Period.year(2021)]
    assert "loan_companies" not in data.get("equipment", {})


def test_a_figure_of_its_own_section_lands_under_the_sections_key_in_the_json(report):
    data = json.loads(FORMATS["json"].render(report))
    assert data["equipment"] == {"equipment_utilisation_pct": "72.5"}
    assert "equipment_utilisation_pct" not in data["headline"]
    keys = list(data)
    assert keys.index("city_totals") < keys.index("equipment") < keys.index("coverage")


def test_the_html_shows_the_headline_card_linked_to_its_drill_down_and_the_new_section(report):
    page = FORMATS["html"].render(report).decode()
    headline = page[page.index('id="headline"') : page.index('id="support"')]
    assert "Companies with a loan" in headline
    assert f'href="{reverse("outcomes:report_drill", args=["loan_companies"])}?year=2021"' in (
        headline
    )
    assert ">4,321<" in headline
    section = page[page.index('<section id="equipment"') : page.index('id="appendix"')]
    assert "Shared equipment" in section
    assert "Equipment utilisation" in section and "72.5%" in section
    appendix = page[page.index('id="appendix"') :]
    assert "Companies with a loan outstanding on any day of the period." in appendix


def test_the_workbook_has_the_headline_row_and_a_sheet_for_the_new_section(report):
    workbook = load_workbook(io.BytesIO(FORMATS["xlsx"].render(report)))
    headline = list(workbook["Headline figures"].iter_rows(values_only=True))
    assert ("loan_companies", "Companies with a loan", 4321, "4,321") in headline
    equipment = list(workbook["Shared equipment"].iter_rows(values_only=True))
    assert equipment[1] == ("equipment_utilisation_pct", "Equipment utilisation", 72.5, "72.5%")
    definitions = [row[0] for row in workbook["Definitions"].iter_rows(values_only=True)]
    assert "Companies with a loan" in definitions


def test_the_drill_down_page_lists_the_contributed_records(client, contributed):
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    url = reverse("outcomes:report_drill", args=["loan_companies"])
    page = client.get(url, {"year": 2021})
    assert page.status_code == 200
    assert "대출받은기업" in page.content.decode()
    unknown = reverse("outcomes:report_drill", args=["equipment_utilisation_pct"])
    assert client.get(unknown, {"year": 2021}).status_code == 404


def test_the_dashboard_shows_the_figures_meant_for_it(client, contributed, today):
    client.force_login(UserFactory(role=Role.FINANCE_OFFICER))
    response = client.get(reverse("dashboard:index"))
    figures = {f.key: f for f in response.context["this_year"].figures}
    assert figures["loan_companies"].value == 4321
    assert "equipment_utilisation_pct" not in figures
    assert periods_asked == [Period.year_to_date(today)]
    page = response.content.decode()
    drill = reverse("outcomes:report_drill", args=["loan_companies"])
    assert f"{drill}?year={today.year}&amp;until={today.isoformat()}" in page


def test_registering_the_same_figure_twice_changes_nothing(registry):
    register_figure(LOANS)
    register_figure(LOANS)
    assert registry.report_figures() == [LOANS]


@pytest.mark.parametrize(
    "figure",
    [
        ReportFigure("support_won", "Support", loan_companies),
        ReportFigure("awards", "Awards", loan_companies),
        ReportFigure("Loan Companies", "Loans", loan_companies),
        ReportFigure("loans", "Loans", loan_companies, section=ReportSection("support", "x")),
        ReportFigure("loan_companies", "Other loans", loan_companies),
        ReportFigure("loan_won", "Loans", loan_companies, section=ReportSection("equipment", "y")),
    ],
    ids=[
        "outcomes' own headline key",
        "outcomes' own drill-down",
        "not snake_case",
        "a section of the report's own",
        "a key taken by another figure",
        "a section key taken by another section",
    ],
)
def test_it_refuses_a_figure_that_would_take_anothers_place(registry, figure):
    register_figure(LOANS)
    register_figure(UTILISATION)
    with pytest.raises(ValueError):
        register_figure(figure)
    assert registry.report_figures() == [LOANS, UTILISATION]


def test_without_contributions_the_report_is_outcomes_own(registry):
    data = annual_report(2021, "ko")
    assert "loan_companies" not in data["headline"]
    assert not registry.report_sections()
