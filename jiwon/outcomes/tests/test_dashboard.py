"""The dashboard every signed-in user lands on: the registry and this year's figures so far for
the back office, an empty page for everyone else."""

from datetime import date

import pytest
from django.urls import reverse

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.models import CompanyKind
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.outcomes.selectors.contributions import dashboard_figures
from jiwon.outcomes.tests.factories import LedgerEntryFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard:index")
EMPTY = "Nothing to show for your role yet."
BACK_OFFICE = [
    Role.AGENCY_ADMIN,
    Role.PROGRAM_OFFICER,
    Role.FINANCE_OFFICER,
    Role.CITY_VIEWER,
    Role.AUDITOR,
]


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", BACK_OFFICE)
def test_the_back_office_sees_the_registry_and_this_years_figures(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert EMPTY not in page
    assert 'id="year-so-far"' in page
    assert reverse("outcomes:report_list") in page


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.MENTOR])
def test_evaluators_and_mentors_see_the_empty_state_and_no_figure(client, role, today):
    LedgerEntryFactory(supported_on=today, amount_won=5_300_000_000)
    client.force_login(UserFactory(role=role))
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == DASHBOARD
    page = response.content.decode()
    assert EMPTY in page
    assert 'id="year-so-far"' not in page
    assert reverse("outcomes:report_drill", args=["support_won"]) not in page
    assert reverse("outcomes:report_list") not in page
    assert "totals" not in response.context


def test_company_members_land_on_their_portal_and_the_dashboard_shows_them_nothing(client):
    member = member_of(CompanyFactory())
    client.force_login(member)
    assert client.get("/")["Location"] == reverse("companies:mine")
    page = client.get(DASHBOARD).content.decode()
    assert EMPTY in page
    assert 'id="year-so-far"' not in page


def test_the_registry_counts_companies_pre_founders_local_companies_and_stages(client):
    CompanyFactory(is_local=True, growth_stage="G240")
    CompanyFactory(is_local=False, growth_stage="G240")
    CompanyFactory(kind=CompanyKind.PREFOUNDER, brn=None, growth_stage="")
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    context = client.get(DASHBOARD).context
    assert context["totals"] == {"companies": 2, "prefounders": 1, "local": 1}
    assert [(s.code, s.companies) for s in context["by_stage"]] == [("G240", 2)]


def test_it_names_the_growth_stages_in_the_language_of_the_page(client):
    CompanyFactory(growth_stage="UNICORN")
    CompanyFactory(growth_stage="G240")
    client.force_login(UserFactory(role=Role.CITY_VIEWER))
    page = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<div>Anyang unicorn</div>" in page
    assert "<div>UNICORN</div>" not in page
    assert page.index("G240") < page.index("Anyang unicorn")


def test_it_shows_this_years_figures_so_far_linked_to_their_records(client, today):
    LedgerEntryFactory(supported_on=date(today.year, 1, 1), amount_won=5_300_000_000)
    LedgerEntryFactory(supported_on=date(today.year - 1, 12, 31), amount_won=7)
    client.force_login(UserFactory(role=Role.CITY_VIEWER))

    page = client.get("/", follow=True).content.decode()

    assert '<span title="KRW 5,300,000,000">KRW 5.3 billion</span>' in page
    until = today.isoformat()
    assert f"/outcomes/reports/drill/support_won/?year={today.year}&amp;until={until}" in page
    drilled = client.get(f"/outcomes/reports/drill/support_won/?year={today.year}&until={until}")
    assert drilled.status_code == 200
    assert "KRW 5,300,000,000" in drilled.content.decode()
    assert "KRW 7<" not in drilled.content.decode()


def test_the_year_so_far_holds_outcomes_figures_in_order_without_growth(client, today):
    LedgerEntryFactory(supported_on=today, amount_won=1_000)
    client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    this_year = client.get(DASHBOARD).context["this_year"]
    assert (this_year.year, this_year.until) == (today.year, today)
    contributed = {f.key for f in dashboard_figures()}
    # Outcomes' own figures, in order; the domain apps' contributed ones follow them.
    assert [f.key for f in this_year.figures if f.key not in contributed] == [
        "supported_companies",
        "programs",
        "support_won",
        "tenant_companies",
        "investment_won",
        "ip_count",
        "mou_count",
        "moved_in",
    ]
    values = {f.key: f.value for f in this_year.figures}
    assert (values["supported_companies"], values["support_won"]) == (1, 1_000)
