from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.outcomes.models import Award, Metric, Provenance, YearFigure
from jiwon.outcomes.services import figures as services
from jiwon.outcomes.tests.factories import LedgerEntryFactory

pytestmark = pytest.mark.django_db


def test_the_figures_page_shows_years_by_metrics_with_provenance_on_hover(client, officer):
    company = CompanyFactory()
    entrant = UserFactory(role=Role.FINANCE_OFFICER, username="kim-finance")
    services.year_figure_set(
        actor=entrant,
        company=company,
        year=2021,
        metric=Metric.SALES_WON,
        value=2_086_000_000,
        provenance=Provenance.AGENCY,
    )
    services.year_figure_set(
        actor=entrant,
        company=company,
        year=2020,
        metric=Metric.EMPLOYEES,
        value=31,
        provenance=Provenance.SURVEY,
    )
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    response = client.get(reverse("outcomes:figures", args=[company.pk]))
    html = response.content.decode()

    rows = response.context["figures"]["rows"]
    assert [r.year for r in rows] == [2021, 2020]
    assert "KRW 2,086,000,000" in html
    cell = html.split('data-metric="sales_won" title="')[1].split('"')[0]
    assert "kim-finance" in cell and str(Provenance.AGENCY.label) in cell
    assert "enter or change" not in html.lower(), "a city viewer gets no write links"


def test_an_officer_sets_a_years_figures_and_an_empty_box_leaves_a_figure_alone(client, officer):
    company = CompanyFactory()
    kept = services.year_figure_set(
        actor=officer,
        company=company,
        year=2021,
        metric=Metric.EXPORTS_USD,
        value=250_000,
        provenance=Provenance.SURVEY,
    )
    client.force_login(officer)
    url = reverse("outcomes:figures_edit", args=[company.pk])
    response = client.post(
        url,
        {"year": 2021, "employees": "12", "sales_won": "1250000000", "provenance": "staff"},
    )
    assert response.status_code == 302
    values = dict(
        YearFigure.objects.filter(company=company, year=2021).values_list("metric", "value")
    )
    assert values == {"employees": 12, "sales_won": 1_250_000_000, "exports_usd": 250_000}
    kept.refresh_from_db()
    assert kept.provenance == Provenance.SURVEY
    assert client.get(url, {"year": 2021}).context["form"].initial["employees"] == 12


def test_the_year_form_refuses_an_empty_form_and_a_future_year(client, officer, company):
    client.force_login(officer)
    url = reverse("outcomes:figures_edit", args=[company.pk])
    empty = client.post(url, {"year": 2021, "provenance": "staff"})
    assert empty.context["form"].non_field_errors()
    future = client.post(
        url, {"year": timezone.localdate().year + 1, "employees": "1", "provenance": "staff"}
    )
    assert "year" in future.context["form"].errors
    negative = client.post(url, {"year": 2021, "employees": "-1", "provenance": "staff"})
    assert "employees" in negative.context["form"].errors
    assert not YearFigure.objects.exists()


def test_an_officer_adds_and_edits_an_outcome_record(client, officer, company):
    client.force_login(officer)
    add = reverse("outcomes:record_add", args=[company.pk, "award"])
    response = client.post(
        add,
        {
            "occurred_on": "2021-12-10",
            "name": "우수기업상",
            "awarded_by": "경기도",
            "provenance": "staff",
        },
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.company, award.entered_by) == (company, officer)

    edit = reverse("outcomes:record_edit", args=["award", award.pk])
    assert client.get(edit).context["form"].initial["name"] == "우수기업상"
    client.post(
        edit,
        {"occurred_on": "2021-12-11", "name": "최우수기업상", "provenance": "agency"},
    )
    award.refresh_from_db()
    assert (award.name, award.occurred_on, award.provenance) == (
        "최우수기업상",
        date(2021, 12, 11),
        "agency",
    )
    page = client.get(reverse("outcomes:figures", args=[company.pk])).content.decode()
    assert "최우수기업상" in page


def test_a_record_form_shows_the_services_message(client, officer, company):
    client.force_login(officer)
    response = client.post(
        reverse("outcomes:record_add", args=[company.pk, "relocation"]),
        {"occurred_on": "2021-03-02", "direction": "in", "provenance": "staff"},
    )
    assert response.status_code == 200
    assert "other_place" in response.context["form"].errors


def test_an_unknown_kind_of_record_is_not_found(client, officer, company):
    client.force_login(officer)
    assert (
        client.get(reverse("outcomes:record_add", args=[company.pk, "lottery"])).status_code == 404
    )


# --- the company page -------------------------------------------------------------------------


def company_with_outcomes():
    company = CompanyFactory(name_ko="새솔테크")
    LedgerEntryFactory(company=company, amount_won=120_000_000, description="시제품 제작 지원")
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    services.year_figure_set(
        actor=officer,
        company=company,
        year=2021,
        metric=Metric.EMPLOYEES,
        value=23,
        provenance=Provenance.STAFF,
    )
    return company


@pytest.mark.parametrize("role", [Role.PROGRAM_OFFICER, Role.CITY_VIEWER, Role.AUDITOR])
def test_staff_see_the_outcomes_section_on_the_company_page(client, role):
    company = company_with_outcomes()
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("companies:detail", args=[company.pk]))
    html = response.content.decode()
    assert 'id="company-outcomes"' in html
    assert "시제품 제작 지원" in html
    assert "KRW 120,000,000 in total" in html
    assert reverse("outcomes:figures", args=[company.pk]) in html


def test_a_member_sees_their_own_companys_section_without_staff_links(client):
    company = company_with_outcomes()
    client.force_login(member_of(company))
    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert 'id="company-outcomes"' in html
    assert "시제품 제작 지원" in html
    assert 'data-metric="employees"' in html
    assert reverse("outcomes:figures", args=[company.pk]) not in html


def test_a_member_of_another_company_sees_none_of_it(client):
    company = company_with_outcomes()
    stranger = member_of(CompanyFactory())
    client.force_login(stranger)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    assert response.status_code == 403
    assert "시제품 제작 지원" not in response.content.decode()
