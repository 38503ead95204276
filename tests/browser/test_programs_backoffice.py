"""A program officer creates a programme, attaches its notice, publishes it and sees the
status history."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.programs.models import Program
from jiwon.programs.tests.factories import KST, AgencyFactory
from jiwon.programs.workflow import ProgramStatus
from tests.browser import confirm, in_korean, log_in, menu_link, profile_value

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n% notice\n" + b"0" * 4096


def test_an_officer_creates_attaches_publishes_and_sees_the_history(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    AgencyFactory()
    officer = UserFactory(role=Role.PROGRAM_OFFICER)
    today = timezone.localtime(timezone.now(), KST).date()
    opens, closes = today, today + timedelta(days=30)
    log_in(page, officer)

    menu_link(page, href="/programs/").click()
    expect(page.locator("main h1")).to_have_text(in_korean("Programmes"))
    with page.expect_navigation():
        page.get_by_role("link", name=in_korean("New programme")).click()

    form = page.locator("main form.fieldset")
    form.locator("[name=series]").fill("BLUE100")
    form.locator("[name=title_ko]").fill("청년창업 Blue100")
    form.locator("[name=category]").select_option("startup")
    form.locator("[name=notice_text]").fill("만 39세 이하 청년 창업자를 모집합니다.")
    form.locator("[name=budget_won]").fill("5300000000")
    form.locator("[name=quota]").fill("100")
    form.locator("[name=notice_date]").fill(opens.isoformat())
    form.locator("[name=opens_at]").fill(f"{opens.isoformat()}T09:00")
    form.locator("[name=closes_at]").fill(f"{closes.isoformat()}T18:00")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    program = Program.objects.get(series="BLUE100")
    expect(page).to_have_url(f"{live_server.url}/programs/{program.pk}/")
    expect(page.locator(".jw-messages")).to_contain_text(
        in_korean("The programme was created as a draft.")
    )
    expect(page.locator("#program-status")).to_have_text(in_korean("Draft"))
    expect(profile_value(page, in_korean("Budget"))).to_have_text("53억원")
    expect(profile_value(page, in_korean("Applications close"))).to_have_text(
        f"{closes.isoformat()} 18:00 KST"
    )

    page.locator("#attachment-form input[type=file]").set_input_files(
        files=[{"name": "모집공고.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        page.locator("#attachment-form button[type=submit]").click()
    attachments = page.locator("#attachments")
    expect(attachments.get_by_role("link", name="모집공고.pdf")).to_be_visible()
    expect(attachments).to_contain_text("4,114")
    assert program.attachments.get().sha256 == hashlib.sha256(PDF).hexdigest()

    confirm(page, page.get_by_role("link", name=in_korean("Publish"), exact=True))
    expect(page.locator("#program-status")).to_have_text(in_korean("Published"))
    rows = page.locator("#status-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(in_korean("Published"))
    expect(rows.nth(0)).to_contain_text(officer.username)
    expect(rows.nth(1)).to_contain_text(in_korean("Draft"))
    program.refresh_from_db()
    assert program.status == ProgramStatus.PUBLISHED
    assert program.published_at is not None
    # The published programme offers its next steps: withdraw (with a reason) or close.
    expect(page.get_by_role("link", name=in_korean("Close"), exact=True)).to_be_visible()
    expect(page.get_by_label(re.compile(in_korean("Reason")))).to_be_visible()
