"""An anonymous visitor searches the public notice board, reads a notice and downloads its file."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from jiwon.programs.models import Category, ProgramAttachment
from jiwon.programs.tests.factories import ProgramFactory, rule_version_added
from jiwon.programs.workflow import ProgramStatus
from tests.browser import in_korean, menu_link

pytestmark = pytest.mark.browser


def open_programme(**fields):
    now = timezone.now()
    return ProgramFactory(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=10), **fields
    )


def result_link(page, title):
    return page.locator("table.tbl tbody").get_by_role("link", name=title, exact=True)


def submit_search(page):
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()


def test_it_lets_a_visitor_search_filter_read_a_notice_and_download_its_file(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    academy = open_programme(title_ko="청년창업사관학교 입교생 모집", category=Category.STARTUP)
    centre = open_programme(
        title_ko="중장년 기술창업센터 입주기업 모집",
        category=Category.TECHNOLOGY,
        target_text="만 40세 이상 예비창업자",
    )
    rule_version_added(academy, {"type": "representative_age", "max": 39})
    rule_version_added(centre, {"type": "representative_age", "min": 40})
    open_programme(title_ko="수출 매칭 지원", category=Category.EXPORT)
    open_programme(title_ko="창업 초안 사업", status=ProgramStatus.DRAFT)
    content = "모집공고".encode()
    attachment = ProgramAttachment(
        program=centre,
        name="2026년 모집공고.hwp",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    attachment.file.save("notice.hwp", ContentFile(content), save=False)
    attachment.save()

    page.goto("/")
    menu_link(page, name=in_korean("Notices")).click()
    expect(page).to_have_url(f"{live_server.url}/notices/")
    expect(result_link(page, "수출 매칭 지원")).to_be_visible()

    page.locator("form[role=search] input[name=q]").fill("창업")
    submit_search(page)
    expect(result_link(page, academy.title_ko)).to_be_visible()
    expect(result_link(page, centre.title_ko)).to_be_visible()
    expect(result_link(page, "수출 매칭 지원")).to_have_count(0)
    expect(result_link(page, "창업 초안 사업")).to_have_count(0)

    target = page.locator("form[role=search] select[name=target]")
    target.select_option("youth")
    submit_search(page)
    expect(page).to_have_url(re.compile(r"target=youth"))
    expect(result_link(page, academy.title_ko)).to_be_visible()
    expect(page.locator("table.tbl tbody")).to_contain_text(
        in_korean("Youth (청년, aged 39 or under)")
    )
    expect(result_link(page, centre.title_ko)).to_have_count(0)

    target.select_option("")
    page.locator("form[role=search] select[name=category]").select_option("technology")
    submit_search(page)
    expect(page).to_have_url(re.compile(r"category=technology"))
    expect(page.locator("form[role=search] input[name=q]")).to_have_value("창업")
    expect(result_link(page, centre.title_ko)).to_be_visible()
    expect(result_link(page, academy.title_ko)).to_have_count(0)

    result_link(page, centre.title_ko).click()
    expect(page).to_have_url(f"{live_server.url}/notices/{centre.pk}/")
    expect(page.locator("main h1")).to_contain_text(centre.title_ko)
    expect(page.locator("main")).to_contain_text("만 40세 이상 예비창업자")
    link = page.get_by_role("link", name="2026년 모집공고.hwp")
    expect(link).to_have_attribute("href", f"/notices/{centre.pk}/attachments/{attachment.pk}/")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "2026년 모집공고.hwp"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == content
