"""The 2021 annual report computed from `jiwon demo` states the seed articles' figures.

The demo is loaded once for the module and removed afterwards (as in jiwon/core/tests/test_demo.py);
each figure is checked as the report shows it: the JSON headline's integers and the HTML report's
text, formatted by the report's own helpers (`eok` for 억원, `pct_text` for growth).
"""

import io
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Company
from jiwon.core.models import Region
from jiwon.core.support import SupportKind
from jiwon.core.templatetags.money import eok
from jiwon.demo import outcomes as demo_outcomes
from jiwon.outcomes.models import (
    Agreement,
    Award,
    IntellectualProperty,
    Investment,
    Relocation,
    SupportLedgerEntry,
    YearFigure,
)
from jiwon.outcomes.report.annual import annual_report
from jiwon.outcomes.report.formatting import count_text, eok_text, pct_text
from jiwon.outcomes.report.html import render_html
from jiwon.outcomes.report.jsonfmt import render_json
from jiwon.outcomes.selectors import kpis
from jiwon.programs.models import Program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

# The first article's date: the report on 2021 as it was read out.
ARTICLE_DAY = datetime(2022, 5, 18, 17, 9, tzinfo=ZoneInfo("Asia/Seoul"))
OUTCOME_MODELS = (
    SupportLedgerEntry,
    YearFigure,
    Investment,
    IntellectualProperty,
    Agreement,
    Award,
    Relocation,
)


@pytest.fixture(scope="module")
def report(demo_data, django_db_blocker):
    with django_db_blocker.unblock():
        return annual_report(2021, "ko", now=ARTICLE_DAY)


def headline_cards(report: dict) -> dict[str, tuple[str, str]]:
    """The HTML report's headline cards: label → (figure as shown, note)."""
    page = render_html(report, links=False)
    section = page.split('id="headline"', 1)[1].split("</section>", 1)[0]
    cards = re.findall(
        r'<div class="label">(.*?)</div><div class="num">(.*?)</div>'
        r'(?:<div class="note">(.*?)</div>)?',
        section,
    )
    return {strip_tags(label): (strip_tags(num), strip_tags(note)) for label, num, note in cards}


def test_the_json_headline_holds_the_articles_figures_as_integers(report):
    headline = json.loads(render_json(report))["headline"]

    assert headline == {
        "supported_companies": 201,
        "programs": 30,
        "support_won": 5_300_000_000,
        "tenant_companies": 120,
        "investment_won": 18_400_000_000,
        "ip_count": 55,
        "mou_count": 9,
        "employees": 2_323,
        "employees_growth_pct": "6.8",
        "sales_won": 208_601_850_000,
        "sales_growth_pct": "14.7",
        "moved_in": 34,
        "equipment_kinds": 9,
        "equipment_units": 10,
        "equipment_utilisation_pct": headline["equipment_utilisation_pct"],
        "sogongin_supported": 54,
        "sogongin_support_areas": 7,
        # Startup spaces (jiwon/spaces/figures.py): the youth hub's visit log and the
        # 1-person offices of the middle-aged centre at the year's end.
        "acube_visits": headline["acube_visits"],
        "midcareer_offices": headline["midcareer_offices"],
        # The city's 2021 fund round (1,000억원); the demo records no loan made in 2021, which
        # would add companies and won to the agency's figures above (jiwon/demo/loans.py).
        "loan_companies": 0,
        "loan_executed_won": 0,
        "loan_volume_won": 100_000_000_000,
    }
    assert 40_000 <= headline["acube_visits"] <= 55_000
    assert headline["midcareer_offices"] >= 20
    # The cluster's equipment is used about as much as shared equipment nationally (21–39%).
    assert 21 <= float(headline["equipment_utilisation_pct"]) <= 39
    with translation.override("ko"):
        assert eok_text(headline["sales_won"]) == "2,086억원"
    with translation.override("en"):
        assert eok_text(headline["sales_won"]) == "KRW 208.6 billion"


def test_the_html_report_shows_each_headline_figure_as_the_articles_write_it(report):
    cards = headline_cards(report)
    with translation.override("ko"):
        shown = {
            _("Supported companies"): "201",
            _("Programmes used"): "30",
            _("Support"): "53억원",
            _("Tenant companies"): "120",
            _("Investment attracted"): "184억원",
            _("Patents and certifications"): "55",
            _("MOUs"): "9",
            _("Employees"): "2,323",
            _("Sales"): "2,086억원",
            _("Companies moved in"): "34",
        }
        growth_note = _("%(pct)s on the year before")
        employees_note, sales_note = cards[_("Employees")][1], cards[_("Sales")][1]
    assert {label: cards[label][0] for label in shown} == shown
    assert employees_note == growth_note % {"pct": "+6.8%"}
    assert sales_note == growth_note % {"pct": "+14.7%"}


def test_money_is_shown_in_eok_with_the_exact_won_on_hover(report):
    headline = report["headline"]

    with translation.override("ko"):
        assert eok(headline["support_won"]) == '<span title="5,300,000,000원">53억원</span>'
        assert eok(headline["investment_won"]) == '<span title="18,400,000,000원">184억원</span>'
        assert str(eok(headline["sales_won"])).endswith(">2,086억원</span>")
    with translation.override("en"):
        assert eok(headline["support_won"]) == (
            '<span title="KRW 5,300,000,000">KRW 5.3 billion</span>'
        )


def test_growth_counts_only_supported_companies_reporting_both_years(report):
    employees = report["outcome_growth"]["employees"]
    sales = report["outcome_growth"]["sales_won"]

    assert (employees["previous"], employees["value"]) == (2_175, 2_323)
    assert pct_text(employees["growth_pct"]) == "+6.8%"
    assert pct_text(sales["growth_pct"]) == "+14.7%"
    # Five moved in during 2021 (no 2020 figures) and two did not report 2021.
    assert employees["companies"] + employees["excluded"] == 201
    assert (employees["excluded"], sales["excluded"]) == (7, 7)
    assert report["coverage"]["employees_excluded"] == 7


def test_the_53_eok_is_every_programmes_budget_spent_by_kinds_matching_the_programme(report):
    by_program = report["support"]["by_program"]
    budgets = dict(
        Program.objects.filter(pk__in=[p["program_id"] for p in by_program]).values_list(
            "pk", "budget_won"
        )
    )

    assert len(by_program) == 30
    assert all(p["amount_won"] == budgets[p["program_id"]] for p in by_program)
    assert sum(p["amount_won"] for p in by_program) == 5_300_000_000
    rows = kpis.ledger_rows(kpis.Period.year(2021))
    space = rows.filter(program__category="space").values_list("kind", flat=True)
    assert set(space) == {SupportKind.TENANCY, SupportKind.EQUIPMENT}
    assert not rows.filter(kind=SupportKind.TENANCY).exclude(program__category="space").exists()
    assert set(rows.filter(program__category="export").values_list("kind", flat=True)) == {
        SupportKind.EXPORT
    }
    assert not Company.objects.filter(support_rows__in=rows, is_local=False).exists()


def test_the_120_tenants_are_among_the_201_supported_companies():
    period = kpis.Period.year(2021)
    tenants = set(kpis.tenancy_rows(period).values_list("company", flat=True))

    assert len(tenants) == 120
    assert tenants <= set(kpis.supported_company_ids(period).values_list("company", flat=True))


def test_blue100_took_103_of_the_228_companies_that_applied_at_g240_on_its_2021_notice(report):
    notice = Program.objects.get(
        agency__code="ayventure", fiscal_year=2021, series="BLUE100"
    ).notice_date
    (blue100,) = [f for f in report["selection_funnels"] if f["stage"] == "BLUE100"]
    stages = {s["stage"]: s for s in report["growth_ladder"]["stages"]}

    assert kpis.ladder(notice)["G240"] == 228
    assert count_text(blue100["selected"]) == "103"
    assert stages["BLUE100"]["promoted"] == 103
    # The call's submitted applications: 228 applied, 103 selected.
    assert (count_text(blue100["applied"]), count_text(blue100["selected"])) == ("228", "103")


def test_the_city_had_1716_companies_in_2015_and_1812_in_august_2017():
    end_2015 = kpis.city_totals(date(2015, 12, 31))
    august_2017 = kpis.city_totals(date(2017, 8, 31))

    assert count_text(end_2015["companies"]) == "1,716"
    assert count_text(august_2017["companies"]) == "1,812"
    # "3만 여명에서 3만2천명을 넘어서는": about 30,000, then over 32,000.
    assert 30_000 <= end_2015["employees"] < 31_000
    assert 32_000 < august_2017["employees"] < 33_000
    assert end_2015["employees"] == demo_outcomes.CITY_EMPLOYEES[2015]
    assert august_2017["employees"] == demo_outcomes.CITY_EMPLOYEES[2017]
    assert end_2015["companies_from_registry"] == august_2017["companies_from_registry"] == 0


def test_the_34_companies_moved_in_from_seoul_and_gyeonggi_districts(report):
    moves = kpis.relocations(kpis.Period.year(2021))
    codes = set(moves.values_list("other_region_code", flat=True))
    regions = Region.objects.filter(code__in=codes, valid_to__isnull=True)

    assert report["relocations"]["moved_in"] == 34
    assert regions.count() == len(codes)
    assert all(code[:2] in ("11", "41") and code not in ("41171", "41173") for code in codes)
    assert sum(o["companies"] for o in report["relocations"]["origins"]) == 34
    assert all(o["place"] for o in report["relocations"]["origins"])


def test_investments_patents_and_mous_are_records_of_companies_in_the_city(report):
    period = kpis.Period.year(2021)
    outcomes = report["other_outcomes"]

    assert Investment.objects.filter(occurred_on__year=2021).aggregate(s=Sum("amount_won")) == {
        "s": 18_400_000_000
    }
    assert (
        outcomes["ip_count"] == IntellectualProperty.objects.filter(occurred_on__year=2021).count()
    )
    assert {ip["kind"] for ip in outcomes["ip_by_kind"]} == {"patent", "certification"}
    assert (
        kpis.mou_count(period)
        == Agreement.objects.filter(kind="mou", occurred_on__year=2021).count()
    )


def test_loading_the_demo_again_adds_no_outcome_records():
    audited = AuditEntry.objects.filter(action="outcomes.ledger_entries_bulk_add").count()
    before = {model: model.objects.count() for model in OUTCOME_MODELS}

    call_command("demo", stdout=io.StringIO())

    assert {model: model.objects.count() for model in OUTCOME_MODELS} == before
    assert AuditEntry.objects.filter(action="outcomes.ledger_entries_bulk_add").count() == audited


def test_the_120_tenants_of_2021_come_from_contracts_and_a_cube_had_45000_visits_in_2017():
    from jiwon.spaces import figures
    from jiwon.spaces.models import Contract

    period = kpis.Period.year(2021)
    rows = kpis.tenancy_rows(period).filter(source_type="space_contract")
    assert not kpis.tenancy_rows(period).filter(source_type="demo").exists()
    contracts = Contract.objects.filter(
        pk__in=[int(i) for i in rows.values_list("source_id", flat=True)]
    )
    assert contracts.order_by().values("company").distinct().count() == 120
    assert figures.acube_visits(kpis.Period.year(2017)) == 45_000
    midcareer = contracts.filter(site__kind="midcareer").select_related("company")
    assert midcareer.exists()
    assert all((c.start.year - c.company.representative_birth_date.year) >= 40 for c in midcareer)
