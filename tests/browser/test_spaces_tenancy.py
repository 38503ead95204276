"""A company ranked by a tenancy call is offered a unit in its portal and accepts it; staff move
it in with the checklist; the occupancy page shows the unit let from the move-in day."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.reviews.tests.factories import published_ranking
from jiwon.spaces.models import Contract
from jiwon.spaces.services.waitlist import tenancy_call_create
from jiwon.spaces.tests.factories import UnitFactory
from jiwon.spaces.workflow import ContractStatus
from tests.browser import confirm, in_korean, log_in

pytestmark = pytest.mark.browser
KST = ZoneInfo("Asia/Seoul")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_a_ranked_company_accepts_an_offer_and_staff_move_it_in(page, live_server, time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    unit = UnitFactory(code="301호", floor__site__name_ko="안양 창업보육센터")
    setup = published_ranking(officer, at=datetime(2026, 11, 17, 10, 0, tzinfo=KST))
    call = tenancy_call_create(actor=officer, program=setup.program, site=unit.floor.site)

    # Staff take the published ranking into the waiting list and offer the free unit.
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
    log_in(page, setup.members["theirs"])
    page.goto("/spaces/mine/")
    with page.expect_navigation():
        page.locator("#offers a").first.click()
    expect(page.locator("#offer-status")).to_have_text(in_korean("Offered"))
    confirm(page, page.locator("#accept-open"))
    expect(page.locator("#contracts")).to_contain_text("안양 창업보육센터")
    contract = Contract.objects.get()
    assert (contract.start, contract.end) == (date(2026, 12, 1), date(2028, 12, 1))

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
