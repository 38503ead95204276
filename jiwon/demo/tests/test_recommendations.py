"""The demo programmes (`jiwon demo`): Anyang's 2021 programmes, the city's SME fund notice
and programmes open now that give the demo company recommendations and near misses. The demo
is loaded once for the module and removed afterwards (as in jiwon/core/tests/test_demo.py)."""

import re
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone, translation

from jiwon.audit.models import AuditEntry
from jiwon.companies.models import Company
from jiwon.core.models import Agency
from jiwon.demo import programs as demo_programs
from jiwon.demo.errors import DemoDataError
from jiwon.demo.loader import demo_context
from jiwon.loans.industries import INDUSTRIES_2017, subclass_count
from jiwon.programs.eligibility.rules import parse_rule
from jiwon.programs.eligibility.targets import target_groups
from jiwon.programs.models import EligibilityRuleVersion, Program, ProgramTarget
from jiwon.programs.selectors.recommendations import recommendations_for
from jiwon.programs.workflow import ProgramStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

OWNER_COMPANY_BRN = "1388127598"  # (주)스카이디스플레이, the demo company user's company


def demo_counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "programs": Program.objects.count(),
        "rule_versions": EligibilityRuleVersion.objects.count(),
        "targets": ProgramTarget.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_loading_the_demo_programmes_again_adds_nothing():
    audited = AuditEntry.objects.filter(action="programs.programs_bulk_create").count()
    before = demo_counts()

    assert demo_programs.load_programs(demo_context()) == 0
    call_command("demo", quiet=True)

    assert demo_counts() == before
    assert AuditEntry.objects.filter(action="programs.programs_bulk_create").count() == audited


def test_the_agency_ran_30_programmes_worth_53_eok_in_2021():
    agency = Agency.objects.get(code="ayventure")
    programs = Program.objects.filter(agency=agency, fiscal_year=2021)

    assert agency.name_ko == "안양산업진흥원"
    assert agency.region_codes == ["41171", "41173"]
    assert programs.count() == 30
    assert programs.aggregate(total=Sum("budget_won"))["total"] == 5_300_000_000
    assert set(programs.values_list("status", flat=True)) == {ProgramStatus.COMPLETED}
    for program in programs:
        assert program.notice_date.year == 2021
        assert timezone.localtime(program.opens_at).year == 2021
        assert program.opens_at < program.closes_at
        assert timezone.localtime(program.closes_at).strftime("%H:%M") == "18:00"
    titles = " ".join(programs.values_list("title_ko", flat=True))
    for named in (
        "Blue100",
        "중장년 기술창업센터",
        "토탈마케팅",
        "온라인 플랫폼 입점",
        "소공인 특화지원",
    ):
        assert named in titles
    assert "수출 화상상담회" in titles


def test_every_demo_rule_parses_and_has_one_version():
    versions = EligibilityRuleVersion.objects.filter(program__agency__code__in=["ayventure"])

    assert versions.count() == Program.objects.filter(agency__code="ayventure").count()
    for version in EligibilityRuleVersion.objects.all():
        parse_rule(version.rule)


def test_every_demo_programme_has_the_target_groups_of_its_rule():
    for program in Program.objects.prefetch_related("targets", "rule_versions"):
        rule = max(program.rule_versions.all(), key=lambda v: v.version).rule
        assert sorted(t.group for t in program.targets.all()) == target_groups(rule), program
    midcareer = Program.objects.filter(series__startswith="MIDCAREER", fiscal_year=2021)
    assert midcareer.exists()
    assert set(midcareer.values_list("targets__group", flat=True)) >= {"middle_aged"}
    assert "youth" not in set(midcareer.values_list("targets__group", flat=True))
    blue100 = Program.objects.get(series="BLUE100", fiscal_year=2021)
    assert set(blue100.targets.values_list("group", flat=True)) == {"startup", "youth"}


def test_the_city_fund_notice_lists_524_manufacturing_and_knowledge_service_types():
    fund = Program.objects.get(agency__code="anyang-city", fiscal_year=2021, series="SME_FUND")
    rule = fund.rule_versions.get().rule
    (industry,) = [c for c in rule["criteria"] if c["type"] == "industry"]
    codes = industry["in"]

    assert fund.agency.name_ko == "안양시"
    assert fund.category == "finance"
    # The loans app's one list (jiwon/loans/data/eligible_industries.csv): 524 types of the
    # 10th revision, named in both revisions so that companies coded in either match.
    assert codes == list(INDUSTRIES_2017) and len(codes) == len(set(codes))
    assert subclass_count(codes) == 524
    divisions = {code[:2] for code in codes}
    assert divisions - {str(d) for d in range(10, 35)} == {"58", "59", "60", "62", "63", "70", "72"}
    assert "26299" in codes and "56111" not in codes
    assert {"type": "region", "local_only": True, "in": [], "not_in": []} in rule["criteria"]


def test_the_demo_company_has_recommendations_and_a_near_miss_with_its_reason():
    company = Company.objects.get(brn=OWNER_COMPANY_BRN)

    with translation.override("en"):
        found = recommendations_for(company=company)

    assert len(found.eligible) >= 1
    assert len(found.near_misses) >= 1
    reason = re.compile(
        r"^\d+ years( \d+ months?)? in business — "
        r"must be (under 7 years|at most 3 years), or a pre-founder$"
    )
    assert all(reason.match(e.reason) for e in found.near_misses), found.near_misses
    assert len(found.upcoming) >= 1
    shown = {e.program.pk for e in (*found.eligible, *found.near_misses, *found.upcoming)}
    assert not Program.objects.filter(pk__in=shown).exclude(status=ProgramStatus.PUBLISHED)


def test_at_least_8_programmes_are_open_now_and_the_draft_stays_hidden():
    now = timezone.now()
    open_now = Program.objects.filter(
        status=ProgramStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now
    )
    draft = Program.objects.get(status=ProgramStatus.DRAFT, series=demo_programs.DRAFT)

    assert open_now.count() >= 8
    assert draft.opens_at <= now < draft.closes_at
    company = Company.objects.get(brn=OWNER_COMPANY_BRN)
    found = recommendations_for(company=company)
    listed = {e.program.pk for e in (*found.eligible, *found.near_misses, *found.upcoming)}
    assert draft.pk not in listed


def test_a_rule_naming_an_unknown_code_stops_the_load_before_anything_is_written():
    codes = demo_programs.fund_ksic_codes()
    plans = demo_programs.plan_programs(today=date(2026, 11, 22), ksic_codes=codes)
    bad = replace(
        plans[0], template=replace(plans[0].template, rule={"type": "industry", "in": ["99999"]})
    )

    with pytest.raises(DemoDataError, match=plans[0].template.series):
        demo_programs.validate([bad, *plans[1:]], codes)
    with pytest.raises(DemoDataError, match="524"):
        demo_programs.validate(plans, codes[:-1])
