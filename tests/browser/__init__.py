"""Browser journeys in real Chromium (Playwright). Shared steps live here; fixtures in conftest."""

from django.utils import translation

PASSWORD = "correct-horse-9"


def in_korean(msgid: str) -> str:
    """The UI text for `msgid` in the default language, whether or not it is translated yet."""
    with translation.override("ko"):
        return translation.gettext(msgid)


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


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
