"""A company member opens an open notice, applies with an upload, submits and sees the
receipt number (접수번호)."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from jiwon.applications.models import Application
from jiwon.applications.tests.factories import PDF, open_program
from jiwon.applications.workflow import ApplicationStatus
from jiwon.companies.tests.factories import CompanyFactory, member_of
from tests.browser import confirm, in_korean, log_in, menu_link

pytestmark = pytest.mark.browser


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_member_applies_with_an_upload_and_gets_a_receipt_number(
    page, live_server, settings, tmp_path, mailoutbox
):
    settings.MEDIA_ROOT = tmp_path
    program = open_program(series="blue100", title_ko="2026 청년창업 Blue100")
    company = CompanyFactory(name_ko="주식회사 지원테크")
    member = member_of(company)
    log_in(page, member)

    page.goto(f"/notices/{program.pk}/")
    click_and_wait(page, page.locator("#apply-link"))
    click_and_wait(page, page.get_by_role("button", name=in_korean("Start the application")))
    application = Application.objects.get()
    expect(page).to_have_url(f"{live_server.url}/applications/{application.pk}/step/1/")

    # Registry facts are shown, not asked.
    expect(page.locator("#prefilled")).to_contain_text("주식회사 지원테크")
    # The business number as people write it, not its ten stored digits.
    expect(page.locator("#prefilled")).to_contain_text(company.brn_display)
    # KRDS's step indicator, the current step marked.
    steps = page.locator("nav ol.krds-step-wrap > li")
    expect(steps).to_have_count(4)
    expect(steps.first).to_have_class("active")
    expect(steps.first).to_have_attribute("aria-current", "step")

    # Autosave on change (htmx): the answer is in the database before any button is pressed.
    page.locator("[name=contact_name]").fill("김담당")
    page.locator("[name=contact_phone]").fill("031-123-4567")
    page.locator("[name=contact_phone]").blur()
    expect(page.locator("#autosave-status p")).to_be_visible()
    application.refresh_from_db()
    assert application.answers["contact_name"] == "김담당"

    click_and_wait(page, page.get_by_role("button", name=in_korean("Save and continue")))
    page.locator("[name=project_title]").fill("공정 모니터링 서비스")
    page.locator("[name=summary]").fill("중소 제조기업을 위한 공정 모니터링")
    page.locator("[name=requested_won]").fill("50,000,000")
    click_and_wait(page, page.get_by_role("button", name=in_korean("Save and continue")))

    page.locator("#file-business_plan").set_input_files(
        files=[{"name": "사업계획서.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    click_and_wait(page, page.locator("#field-business_plan button[type=submit]"))
    uploaded = page.locator("#field-business_plan table.jw-files")
    expect(uploaded).to_contain_text("사업계획서.pdf")
    expect(uploaded).to_contain_text(hashlib.sha256(PDF).hexdigest()[:14])
    page.locator("label[for=id_consent]").click()
    expect(page.locator("[name=consent]")).to_be_checked()
    # The step's buttons come after the uploads they close, not between the fields and them.
    last_upload = page.locator("section.jw-upload").last.bounding_box()
    review_button = page.get_by_role("button", name=in_korean("Save and review")).bounding_box()
    assert review_button["y"] > last_upload["y"] + last_upload["height"]
    click_and_wait(page, page.get_by_role("button", name=in_korean("Save and review")))

    expect(page.locator("#problems")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("50,000,000")
    confirm(page, page.get_by_role("link", name=in_korean("Submit the application")))

    expect(page.locator("main h1")).to_have_text(in_korean("Application received"))
    expect(page.locator("#receipt-number")).to_have_text(re.compile(r"^AY-\d{4}-BLUE100-000001$"))
    # The printable receipt (접수증).
    printed = page.request.get(
        page.get_by_role("link", name=in_korean("Print the receipt (PDF)")).get_attribute("href")
    )
    assert printed.ok and printed.headers["content-type"] == "application/pdf"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.files.get().sha256 == hashlib.sha256(PDF).hexdigest()
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert application.receipt_number in mailoutbox[0].subject

    menu_link(page, name=in_korean("My applications")).click()
    expect(page.locator("#my-applications")).to_contain_text(application.receipt_number)
