"""A company applies to a tenancy call in its portal; ranked first, it is offered a unit there and
accepts it; staff move it in with the checklist; the occupancy page shows the unit let from the
move-in day."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.applications.models import Application
from jiwon.applications.services.applications import application_screen
from jiwon.applications.tests.factories import PDF, open_program
from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.equipment.models import ResourceCategory
from jiwon.equipment.tests.factories import ResourceFactory
from jiwon.equipment.tests.factories import SiteFactory as EquipmentSiteFactory
from jiwon.outcomes.models import SupportLedgerEntry
from jiwon.outcomes.selectors.ledger import standing_entries
from jiwon.programs.services.programs import program_transition
from jiwon.programs.workflow import ProgramStatus
from jiwon.reviews.services.selection import (
    selection_compute,
    selection_confirm,
    selection_publish,
)
from jiwon.reviews.tests.factories import (
    EvaluatorFactory,
    assign,
    committee,
    configure,
    rubric,
    screened_application,
    submit,
)
from jiwon.spaces.models import Contract
from jiwon.spaces.services.setup import floor_plan_upload
from jiwon.spaces.services.waitlist import tenancy_call_create
from jiwon.spaces.tests.factories import UnitFactory
from jiwon.spaces.workflow import ContractStatus
from tests.browser import apply_in_the_portal, confirm, in_korean, log_in

pytestmark = pytest.mark.browser
KST = ZoneInfo("Asia/Seoul")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def rank_and_publish(officer, program, application, at):
    """After the call closes: staff screen the application, a committee of three scores it
    against a weaker one, and the ranking is published (evaluation's own journeys drive those
    pages; here they are their services)."""
    program_transition(actor=officer, program=program, target=ProgramStatus.CLOSED)
    program_transition(actor=officer, program=program, target=ProgramStatus.UNDER_REVIEW)
    application_screen(actor=officer, application=application, decision="start")
    application_screen(actor=officer, application=application, decision="pass")
    rubric(program)
    evaluators = [EvaluatorFactory() for _ in range(3)]
    made = committee(program, members=evaluators)
    weaker = screened_application(program, company=CompanyFactory(name_ko="우리회사"))
    for app, scores in ((application, (35, 30, 30)), (weaker, (20, 20, 20))):
        for evaluator in evaluators:
            submit(assign(made, app, evaluator), scores)
    configure(officer, program, appeal_days=7, support_kind="tenancy")
    run = selection_compute(actor=officer, committee=made)
    selection_confirm(actor=officer, run=run)
    selection_publish(actor=officer, run=run, now=at)


def test_a_company_applies_in_the_portal_accepts_an_offer_and_staff_move_it_in(
    page, live_server, time_machine, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    unit = UnitFactory(code="301호", floor__site__name_ko="안양 창업보육센터")
    program = open_program(
        series="incubator", title_ko="2026 창업보육센터 입주기업 모집", category="space", quota=1,
        closes_at=datetime(2026, 11, 21, 18, 0, tzinfo=KST),
    )  # fmt: skip
    call = tenancy_call_create(actor=officer, program=program, site=unit.floor.site)

    # The company applies to the tenancy call in the portal.
    company = CompanyFactory(name_ko="경쟁회사")
    member = member_of(company)
    log_in(page, member)
    apply_in_the_portal(page, program.pk, PDF)
    expect(page.locator("main h1")).to_have_text(in_korean("Application received"))
    application = Application.objects.get(program=program, company=company)
    assert application.status == ApplicationStatus.SUBMITTED

    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=KST), tick=True)
    rank_and_publish(officer, program, application, at=datetime(2026, 11, 23, 9, 0, tzinfo=KST))

    # Staff take the published ranking into the waiting list and offer the free unit.
    page.context.clear_cookies()
    log_in(page, officer)
    page.goto(f"/spaces/staff/calls/{call.pk}/")
    confirm(page, page.locator("#build-waitlist-open"))
    expect(page.locator("#waitlist")).to_contain_text("경쟁회사")
    page.locator("input[name=starts_on]").fill("2026-12-01")
    confirm(page, page.locator("#make-offers-open"))
    expect(page.locator("#call-offers")).to_contain_text("301호")
    page.goto("/spaces/staff/?on=2026-12-01")
    expect(page.locator("#overall-units")).to_have_text("0 / 1")

    # The first in line accepts in the portal before the offer expires.
    page.context.clear_cookies()
    log_in(page, member)
    page.goto("/spaces/mine/")
    with page.expect_navigation():
        page.locator("#offers a").first.click()
    expect(page.locator("#offer-status")).to_have_text(in_korean("Offered"))
    confirm(page, page.locator("#accept-open"))
    expect(page.locator("#contracts")).to_contain_text("안양 창업보육센터")
    contract = Contract.objects.get()
    assert (contract.start, contract.end) == (date(2026, 12, 1), date(2028, 12, 1))
    # One support-ledger row for the tenancy: the contract's.
    rows = standing_entries(SupportLedgerEntry.objects.filter(company=company))
    assert [r.source_type for r in rows] == ["space_contract"]

    # Staff move it in with the checklist; the occupancy of the move-in day shows it.
    page.context.clear_cookies()
    log_in(page, officer)
    page.goto(f"/spaces/contracts/{contract.pk}/")
    page.locator("input[name=moved_in_on]").fill("2026-12-01")
    page.locator("input[name=keys_issued]").fill("2")
    page.locator("input[name=cards_issued]").fill("2")
    with page.expect_navigation():
        page.locator("#move-in").click()
    expect(page.locator("#contract-status")).to_have_text(in_korean("Moved in"))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.OCCUPIED
    page.goto("/spaces/staff/?on=2026-12-01")
    expect(page.locator("#overall-units")).to_have_text("1 / 1")
    expect(page.locator("#overall-pct")).to_have_text("100.0%")
    page.goto("/spaces/staff/?on=2026-11-30")
    expect(page.locator("#overall-units")).to_have_text("0 / 1")


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_occupancy_page_fits_phones_and_desktops(
    page, live_server, time_machine, language, width
):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    UnitFactory(code="101호", floor__site__name_ko="중장년 기술창업센터")
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto("/spaces/staff/")
    expect(page.locator("#occupancy")).to_contain_text("중장년 기술창업센터")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"spaces-{language}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


PLAN = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60">
<rect x="2" y="2" width="96" height="56" fill="#f4f6fa" stroke="#445"/>
<rect x="10" y="10" width="30" height="40" fill="#dde6f5" stroke="#445"/>
<rect x="60" y="10" width="30" height="40" fill="#dde6f5" stroke="#445"/>
<script>document.title = "hacked"</script>
</svg>"""


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_site_page_draws_the_units_on_an_svg_plan_and_links_its_meeting_rooms(
    page, live_server, time_machine, settings, tmp_path, language, width
):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    unit = UnitFactory(code="201호", plan_x=25, plan_y=50, floor__site__code="acube")
    UnitFactory(code="202호", plan_x=75, plan_y=50, floor=unit.floor)
    floor_plan_upload(actor=officer, floor=unit.floor, upload=SimpleUploadedFile("plan.svg", PLAN))
    room = ResourceFactory(
        name_ko="에이큐브 회의실 A", category=ResourceCategory.MEETING_ROOM, kind=None,
        site=EquipmentSiteFactory(name_ko="청년공간 에이큐브", place_code="acube"),
    )  # fmt: skip
    log_in(page, officer)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(f"/spaces/staff/sites/{unit.floor.site_id}/")
    expect(page.locator("svg.jw-floor-plan text")).to_have_count(2)
    expect(page.locator(".jw-place-links a")).to_have_attribute("href", f"/equipment/{room.pk}/")
    plan = page.request.get(f"/spaces/staff/floors/{unit.floor_id}/plan/file/")
    assert plan.headers["content-type"] == "image/svg+xml"
    assert b"script" not in plan.body()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"spaces-site-{language}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
