"""Staff give a resource a photo and a manual: a file that is not what it says is refused with
the reason and nothing is saved; the photo shows on the public page, the manual downloads
byte for byte for a signed-in member and asks an anonymous visitor to sign in."""

import hashlib
import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.equipment.tests.factories import ResourceFactory
from tests.browser import in_korean, log_in

pytestmark = pytest.mark.browser
KST = ZoneInfo("Asia/Seoul")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


MANUAL = b"%PDF-1.7\n% manual of the reflow oven\n" + b"0" * 4096


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_attach_a_photo_and_a_manual_that_members_then_see_and_download(
    page, live_server, time_machine, tmp_path, width
):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=KST), tick=True)
    page.set_viewport_size({"width": width, "height": 900})
    unit = ResourceFactory(name_ko="리플로우 오븐")
    log_in(page, UserFactory(role=Role.PROGRAM_OFFICER))

    # A text file named .png: refused by its content, with the reason; nothing is kept.
    fake = tmp_path / "oven.png"
    fake.write_text("not an image")
    page.goto(f"/equipment/{unit.pk}/edit/")
    page.locator("input[name=photo_file]").set_input_files(str(fake))
    with page.expect_navigation():
        page.get_by_role("button", name=in_korean("Save")).click()
    expect(page.locator("#error-summary")).to_be_visible()
    unit.refresh_from_db()
    assert not unit.photo

    photo, manual = tmp_path / "oven-photo.png", tmp_path / "oven-manual.pdf"
    photo.write_bytes(_png())
    manual.write_bytes(MANUAL)
    page.locator("input[name=photo_file]").set_input_files(str(photo))
    page.locator("input[name=manual_file]").set_input_files(str(manual))
    with page.expect_navigation():
        page.get_by_role("button", name=in_korean("Save")).click()
    image = page.locator("img.jw-resource-photo")
    expect(image).to_be_visible()
    # The browser decoded the served file: it is the picture, not an error page.
    assert image.evaluate("img => img.naturalWidth") == 64
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"equipment-files-{width}.png"), full_page=True)

    member = member_of(CompanyFactory(name_ko="소공전자"))
    page.context.clear_cookies()
    log_in(page, member)
    page.goto(f"/equipment/{unit.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name=in_korean("Download the manual")).click()
    saved = Path(download.value.path())
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(MANUAL).hexdigest()

    # Anonymous: the photo is public, the manual asks for a sign-in first.
    page.context.clear_cookies()
    page.goto(f"/equipment/{unit.pk}/")
    expect(page.locator("img.jw-resource-photo")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=in_korean("Download the manual")).click()
    assert "/accounts/login/" in page.url
