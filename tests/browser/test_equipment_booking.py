"""A 소공인 member finds a free slot of a kind of equipment and books it, is refused a second
booking over the same time with a clear message, and checks in; staff see the utilisation."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.equipment.models import Booking
from jiwon.equipment.tests.factories import ResourceFactory
from jiwon.equipment.workflow import BookingStatus
from tests.browser import in_korean, log_in

pytestmark = pytest.mark.browser
KST = ZoneInfo("Asia/Seoul")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_a_member_books_a_free_slot_is_refused_an_overlap_and_checks_in(
    page, live_server, time_machine
):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    unit = ResourceFactory(name_ko="네트워크 분석기 1호기")
    company = CompanyFactory(name_ko="소공전자", employees=5)
    member = member_of(company)
    log_in(page, member)

    page.goto("/equipment/")
    page.locator("select[name=kind]").select_option(str(unit.kind.pk))
    page.locator("select[name=minutes]").select_option("120")
    with page.expect_navigation():
        page.locator("#find-slot").click()
    first = page.locator("#free-slots tbody tr").first
    expect(first).to_contain_text("네트워크 분석기 1호기")
    # An hour's notice from 10:00: the first free two hours start at 11:00 or the next slot.
    expect(first).to_contain_text("2026-11-20")
    with page.expect_navigation():
        first.get_by_role("link", name=in_korean("Book")).click()
    page.locator("input[name=purpose]").fill("S-파라미터 측정")
    with page.expect_navigation():
        page.locator("#confirm-booking").click()
    expect(page.locator("#booking-status")).to_have_text(in_korean("Confirmed"))
    booking = Booking.objects.get()

    # The same time again: refused, with the clash named and the waiting list offered.
    later = booking.start.astimezone(KST) + timedelta(minutes=30)
    page.goto(f"/equipment/{unit.pk}/book/")
    page.locator("input[name=day]").fill(f"{later:%Y-%m-%d}")
    page.locator("input[name=start]").fill(f"{later:%H:%M}")
    page.locator("input[name=end]").fill(f"{later + timedelta(hours=1):%H:%M}")
    page.locator("input[name=purpose]").fill("추가 측정")
    with page.expect_navigation():
        page.locator("#confirm-booking").click()
    expect(page.locator("#error-summary")).to_contain_text("11-20 ")
    expect(page.locator("#join-waitlist")).to_be_visible()
    assert Booking.objects.count() == 1

    # Check-in opens fifteen minutes before the start.
    time_machine.move_to(booking.start - timedelta(minutes=10), tick=True)
    # Days later the session has long been idle (it ends after 30 minutes): sign in again.
    log_in(page, member)
    page.goto(f"/equipment/bookings/{booking.pk}/")
    with page.expect_navigation():
        page.locator("#check-in").click()
    expect(page.locator("#booking-status")).to_have_text(in_korean("Checked in"))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


def test_staff_see_utilisation_against_the_national_range(page, live_server, time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    ResourceFactory(name_ko="항온항습 챔버")
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))
    page.goto("/equipment/staff/utilisation/?period=month&day=2026-11-20")
    expect(page.locator("#utilisation")).to_contain_text("항온항습 챔버")
    expect(page.locator("main")).to_contain_text("21")
    expect(page.locator("main")).to_contain_text("39%")


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_equipment_pages_fit_phones_and_desktops(
    page, live_server, time_machine, language, width
):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    unit = ResourceFactory(name_ko="열충격 시험기", name_en="Thermal-shock tester")
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(f"/equipment/?kind={unit.kind.pk}&minutes=120")
    expect(page.locator("#free-slots")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"equipment-{language}-{width}.png"), full_page=True)
    expect(page.locator("#free-slots tbody tr").first).to_contain_text(
        "열충격 시험기" if language == "ko" else ""
    )
