"""Browser journeys in real Chromium (Playwright). Shared steps live here; fixtures in conftest."""

from django.utils import translation

PASSWORD = "correct-horse-9"


def in_korean(msgid: str) -> str:
    """The UI text for `msgid` in the default language, whether or not it is translated yet."""
    with translation.override("ko"):
        return translation.gettext(msgid)


def log_in(page, user) -> None:
    """Sign in through the login page; a role that requires a second factor is enrolled first
    and gives the authenticator's current code on the second step, as a person would."""
    # Imported here: the package is also imported before Django is set up
    # (tests.browser.production_seed), when models cannot load yet.
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jiwon.core.permissions import has_perm

    device = None
    if has_perm(user, "accounts.two_factor_required"):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if device is not None:
        # A second sign-in within the same 30 s would give the same code again, which
        # django-otp rightly refuses; the journeys sign in faster than a person does.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        device.refresh_from_db()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.locator("input[name=token]").fill(f"{totp.token():06d}")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()


def confirm(page, opener) -> None:
    """An irreversible action, as a person does it: `opener` (the page's button, a link to
    the confirmation modal) opens the modal, which says what will happen; its own button
    does it."""
    from playwright.sync_api import expect

    opener.click()
    modal = page.locator(".krds-modal.jw-confirm.shown")
    expect(modal).to_be_visible()
    expect(modal.locator(".conts-area p").first).not_to_be_empty()
    with page.expect_navigation():
        modal.locator("button[type=submit]").click()


def submit(page, form) -> None:
    """Submit `form`: through its confirmation modal when it has one."""
    opener = form.locator("[data-jw-open]")
    if opener.count():
        confirm(page, opener.first)
    else:
        with page.expect_navigation():
            form.locator("button[type=submit]").first.click()


def profile_value(page, label: str):
    """The <dd> of the company profile whose <dt> reads `label`."""
    return page.locator(
        f"xpath=//dl[contains(@class, 'jw-dl')]/dt[normalize-space()='{label}']"
        "/following-sibling::dd[1]"
    )


def menu_link(page, *, href: str | None = None, name: str | None = None):
    """The main-menu link to `href` (or named `name`), its drop-down group opened if it has one."""
    nav = page.locator("nav.jw-nav")
    # Found by its text, not its role: a link in a closed drop-down is hidden, and so outside
    # the accessibility tree.
    selector = f"a[href='{href}']" if href else f"a:text-is('{name}')"
    group = nav.locator(f"details.jw-nav-menu:has({selector})")
    if group.count() and group.get_attribute("open") is None:
        group.locator("summary").click()
    return nav.locator(selector)


def apply_in_the_portal(page, program_pk: int, pdf: bytes) -> None:
    """As the signed-in company member, apply to the programme through the portal's default
    form (contact, project, business plan, consent) and submit it."""

    def click(locator):
        with page.expect_navigation():
            locator.click()

    page.goto(f"/notices/{program_pk}/")
    click(page.locator("#apply-link"))
    click(page.get_by_role("button", name=in_korean("Start the application")))
    page.locator("[name=contact_name]").fill("김담당")
    page.locator("[name=contact_phone]").fill("031-123-4567")
    click(page.get_by_role("button", name=in_korean("Save and continue")))
    page.locator("[name=project_title]").fill("입주 후 사업화 계획")
    page.locator("[name=summary]").fill("보육센터 입주로 시제품을 완성하고 첫 매출을 냅니다")
    page.locator("[name=requested_won]").fill("10,000,000")
    click(page.get_by_role("button", name=in_korean("Save and continue")))
    page.locator("#file-business_plan").set_input_files(
        files=[{"name": "사업계획서.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    click(page.locator("#field-business_plan button[type=submit]"))
    page.locator("label[for=id_consent]").click()
    click(page.get_by_role("button", name=in_korean("Save and review")))
    confirm(page, page.get_by_role("link", name=in_korean("Submit the application")))
