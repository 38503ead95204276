"""Fixtures for the browser journeys: one headless Chromium per session, a fresh context per test.

The live server runs in a thread of this process while Playwright's sync API keeps an event loop
running here, so Django's async-safety check would refuse the ORM calls the tests make.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
FAILURES_DIR = Path(settings.BASE_DIR) / "var" / "browser-failures"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}; install Debian's chromium package."
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    # A Korean browser: LocaleMiddleware follows Accept-Language before LANGUAGE_CODE.
    context = browser.new_context(
        base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    tab = getattr(item, "funcargs", {}).get("page")
    if report.failed and call.when == "call" and tab is not None and not tab.is_closed():
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        path = FAILURES_DIR / (re.sub(r"[^\w.-]+", "_", item.name) + ".png")
        try:
            tab.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # the page may have crashed; the test failure matters more
            message = f"could not save a screenshot: {exc}"
        else:
            message = f"screenshot of the failing page: {path} (at {tab.url})"
        print(message)
        report.sections.append(("browser screenshot", message))
    return report
