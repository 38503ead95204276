"""The first sign-in of a role that requires a second factor: password, set up the
authenticator from the QR code's key, keep the recovery codes, reach the page asked for; then
a later sign-in with a code. Screenshots at 1280 and 390 px in Korean and English."""

from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from tests.browser import PASSWORD, in_korean

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "two_factor"


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _password(page, user, path="/accounts/login/"):
    page.goto(path)
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _submit_code(page, code):
    page.locator("input[name=token]").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_a_finance_officer_sets_up_the_second_factor_at_the_first_sign_in(page, live_server):
    user = UserFactory(role=Role.FINANCE_OFFICER)
    _password(page, user, "/accounts/login/?next=/grants/")

    expect(page.locator("main h1")).to_have_text(in_korean("Turn on two-factor sign-in"))
    expect(page.locator(".jw-qr svg")).to_be_visible()
    _shoot(page, "setup-ko")
    secret = page.locator("#totp-secret").inner_text()
    totp = TOTP(b32decode(secret))
    _submit_code(page, f"{totp.token():06d}")

    expect(page.locator("main h1")).to_have_text(in_korean("Your recovery codes"))
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    _shoot(page, "codes-ko")
    with page.expect_navigation():
        page.get_by_role("link", name=in_korean("I have kept them; continue")).click()
    expect(page).to_have_url(f"{live_server.url}/grants/")

    # Next time: the password, then the code; in English this time.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.locator("select#language-switcher").select_option("en")
    _password(page, user)
    expect(page.locator("main h1")).to_have_text("Two-factor sign-in")
    _shoot(page, "verify-en")
    TOTPDevice.objects.filter(user=user).update(last_t=-1)  # a new 30 s step, as for a person
    _submit_code(page, f"{totp.token():06d}")
    page.goto("/accounts/profile/")
    expect(page.locator("#two-factor")).to_have_text("Two-factor sign-in")
    expect(page.locator("main")).to_contain_text("10 recovery codes left")
    _shoot(page, "profile-en")
