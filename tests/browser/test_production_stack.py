"""The production stack started the way the README says (`jiwon serve --prepare`: gunicorn, a
task worker, the scheduler; JIWON_ENV=production, WhiteNoise, JSON logs) on a free port with a
database of its own, and a company member's whole journey in Chromium against it: log in,
search the notice board, apply with an upload, submit, get the receipt number."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiwon.applications.tests.factories import PDF
from jiwon.ops.tests.test_serve import free_port, production_env
from tests.browser import PASSWORD, confirm, in_korean
from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
USERNAME = "prodmember"
TITLE = "2026 운영점검 청년창업 지원사업"


def wait_ready(base: str, process: subprocess.Popen, seconds: int = 240) -> int:
    deadline = time.monotonic() + seconds
    status = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError:
            pass
        time.sleep(1)
    return status


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("prodstack")
    port = free_port()
    env = {**production_env(tmp_path, port), "DJANGO_SETTINGS_MODULE": "config.settings"}
    jiwon = [sys.executable, "-m", "jiwon.cli"]
    subprocess.run([*jiwon, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "-m", "tests.browser.production_seed", USERNAME, TITLE],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [*jiwon, "serve", "--prepare"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    status = wait_ready(base, process)
    try:
        assert status == 200, (tmp_path / "serve.log").read_text()[-3000:]
        yield base, tmp_path
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
        log.close()


@pytest.fixture
def prod_page(browser, stack):
    base, _tmp = stack
    context = browser.new_context(base_url=base, locale="ko-KR", timezone_id="Asia/Seoul")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_member_logs_in_searches_and_applies_on_the_production_stack(prod_page, stack):
    page = prod_page
    _base, tmp_path = stack
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]"))

    # Static files come from WhiteNoise under their hashed names.
    stylesheet = page.locator("link[rel=stylesheet][href*='/static/jiwon/jiwon.']")
    expect(stylesheet).to_have_attribute("href", re.compile(r"jiwon\.[0-9a-f]{12}\.css$"))

    page.goto("/notices/")
    page.locator("form[role=search] input[name=q]").fill("운영점검")
    click_and_wait(page, page.locator("form[role=search] button[type=submit]"))
    results = page.locator("table.tbl tbody")
    expect(results.get_by_role("link")).to_have_count(1)
    click_and_wait(page, results.get_by_role("link", name=TITLE, exact=True))

    click_and_wait(page, page.locator("#apply-link"))
    click_and_wait(page, page.get_by_role("button", name=in_korean("Start the application")))
    expect(page.locator("#prefilled")).to_contain_text("주식회사 운영테크")
    page.locator("[name=contact_name]").fill("김담당")
    page.locator("[name=contact_phone]").fill("031-123-4567")
    page.locator("[name=contact_phone]").blur()
    expect(page.locator("#autosave-status p")).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name=in_korean("Save and continue")))
    page.locator("[name=project_title]").fill("공정 모니터링 서비스")
    page.locator("[name=summary]").fill("중소 제조기업을 위한 공정 모니터링")
    page.locator("[name=requested_won]").fill("50,000,000")
    click_and_wait(page, page.get_by_role("button", name=in_korean("Save and continue")))
    page.locator("#file-business_plan").set_input_files(
        files=[{"name": "사업계획서.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    click_and_wait(page, page.locator("#field-business_plan button[type=submit]"))
    expect(page.locator("#field-business_plan table.jw-files")).to_contain_text("사업계획서.pdf")
    page.locator("label[for=id_consent]").click()
    click_and_wait(page, page.get_by_role("button", name=in_korean("Save and review")))
    confirm(page, page.get_by_role("link", name=in_korean("Submit the application")))

    expect(page.locator("main h1")).to_have_text(in_korean("Application received"))
    receipt = page.locator("#receipt-number").inner_text()
    assert re.fullmatch(r"AY-\d{4}-BLUE100-000001", receipt)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "receipt-1280.png"), full_page=True)

    # The stack's own database holds what the page said, and the upload is on its disk.
    with sqlite3.connect(tmp_path / "var" / "jiwon.sqlite3") as db:
        rows = db.execute("SELECT receipt_number, status FROM applications_application").fetchall()
    assert rows == [(receipt, "submitted")]
    assert any((tmp_path / "var" / "media").rglob("*.pdf"))


def test_readyz_of_the_running_stack_reports_a_stale_worker(stack):
    base, tmp_path = stack
    # The scheduler queues a beat every minute; one may land between the two steps, so try
    # again rather than fail on that race.
    for _attempt in range(3):
        with sqlite3.connect(tmp_path / "var" / "jiwon.sqlite3") as db:
            db.execute("UPDATE ops_heartbeat SET seen_at = '2000-01-01 00:00:00'")
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=10)
        except urllib.error.HTTPError as exc:
            body = exc.read().decode()
            assert exc.code == 503
            assert '"worker": {"ok": false, "detail": "last seen' in body
            break
    else:
        pytest.fail("/readyz stayed ready with a heartbeat 26 years old")
    with urllib.request.urlopen(f"{base}/healthz", timeout=10) as alive:
        assert alive.status == 200
