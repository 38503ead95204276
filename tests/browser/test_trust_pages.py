"""The trust pages in Chromium: the auditor's monthly review of the personal-data access log,
a person's own data, and the audit chain's checkpoints. Screenshots at 1280 and 390 px in
Korean and English (var/screenshots/trust)."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from playwright.sync_api import expect

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditCheckpoint
from jiwon.audit.services import audit_record
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.actor import SYSTEM
from jiwon.core.roles import Role
from jiwon.privacy.models import AccessAction, AccessReview, PersonalDataAccess, SubjectKind
from tests.browser import confirm, in_korean, log_in

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "trust"
KST = ZoneInfo("Asia/Seoul")


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _in_english(page, live_server):
    # As the language menu leaves it: Django's language cookie.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()


def _access(user, company, *, at, action=AccessAction.VIEW, count=1, purpose="Company page"):
    return PersonalDataAccess.objects.create(
        at=at,
        actor=user,
        actor_label=user.username,
        actor_role=user.role,
        address="10.0.0.7",
        action=action,
        subject_kind=SubjectKind.REPRESENTATIVE,
        subject_id=str(company.pk),
        subject_label=company.name_ko,
        subject_count=count,
        fields=["representative_name", "representative_birth_date"],
        purpose=purpose,
    )


def test_the_auditor_reviews_last_months_access_log_and_records_the_review(page, live_server):
    officer = UserFactory(role=Role.PROGRAM_OFFICER, username="officer-kim")
    company = CompanyFactory(name_ko="한빛로보틱스")
    # Last month (the suite's day is 2026-11-20): a page view, and an export of the registry
    # at 23:10, which is both a bulk export and night work.
    _access(officer, company, at=datetime(2026, 10, 14, 10, 5, tzinfo=KST))
    _access(
        officer,
        company,
        at=datetime(2026, 10, 15, 23, 10, tzinfo=KST),
        action=AccessAction.EXPORT,
        count=640,
        purpose="연간 성과보고 대상 확인",
    )
    auditor = UserFactory(role=Role.AUDITOR)
    log_in(page, auditor)
    page.goto("/privacy/access-log/")

    expect(page.locator("main h1")).to_have_text(in_korean("Personal-data access log"))
    expect(page.locator("main .jw-error-summary[role=alert]")).to_be_visible()
    account_row = page.locator("main table tbody tr", has_text="officer-kim").first
    expect(account_row).to_contain_text("641")
    expect(page.locator("main ul li", has_text="연간 성과보고 대상 확인")).to_be_visible()
    _shoot(page, "access-log-ko")

    with page.expect_navigation():
        account_row.get_by_role("link", name="officer-kim").click()
    assert "actor=" in page.url and "month=2026-10" in page.url

    page.locator("textarea[name=note], input[name=note]").fill("야간 대량 반출: 사유 확인함")
    confirm(
        page,
        page.get_by_role(
            "link", name=in_korean("Record the review of %(month)s") % {"month": "2026-10"}
        ),
    )
    expect(page.locator(".jw-messages li.success")).to_contain_text("2026-10")
    review = AccessReview.objects.get()
    assert review.note == "야간 대량 반출: 사유 확인함" and review.reviewed_by == auditor

    _in_english(page, live_server)
    expect(page.locator("main h1")).to_have_text("Personal-data access log")
    expect(page.locator("main")).to_contain_text("Reviewed by")
    _shoot(page, "access-log-en")


def test_a_company_member_sees_and_downloads_what_jiwon_holds_about_them(page, live_server):
    company = CompanyFactory(name_ko="가나다식품", representative_name="김가나")
    member = member_of(company)
    _access(
        UserFactory(role=Role.PROGRAM_OFFICER),
        company,
        at=datetime(2026, 11, 19, 15, 0, tzinfo=KST),
        purpose="Company page",
    )
    log_in(page, member)
    page.goto("/privacy/my-data/")

    expect(page.locator("main h1")).to_have_text(in_korean("What Jiwon holds about you"))
    section = page.locator("#my-data-companies")
    expect(section.locator("h3")).to_have_text("가나다식품")
    expect(section).to_contain_text("김가나")
    expect(section.locator("li", has_text="2026-11-19 15:00")).to_contain_text("Company page")
    _shoot(page, "my-data-ko")

    with page.expect_download() as download:
        page.get_by_role("link", name=in_korean("Download everything (JSON)")).click()
    assert download.value.suggested_filename == "jiwon-my-data.json"
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert "김가나" in content and "가나다식품" in content

    _in_english(page, live_server)
    expect(page.locator("main h1")).to_have_text("What Jiwon holds about you")
    _shoot(page, "my-data-en")


def test_the_auditor_makes_a_checkpoint_verifies_and_exports_them(page, live_server):
    with transaction.atomic():
        audit_record(
            actor=SYSTEM,
            action="companies.company_create",
            obj=CompanyFactory(),
            changes={"name_ko": [None, "체크포인트"]},
        )
    auditor = UserFactory(role=Role.AUDITOR)
    log_in(page, auditor)
    page.goto("/audit/checkpoints/")

    expect(page.locator("main h1")).to_have_text(in_korean("Audit checkpoints"))
    expect(page.locator("main .jw-empty")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name=in_korean("Make a checkpoint now")).click()
    checkpoint = AuditCheckpoint.objects.get()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody tr").first).to_contain_text(f"#{checkpoint.entry_id}")
    expect(page.locator("main table tbody code")).to_have_text(checkpoint.entry_hash)
    _shoot(page, "checkpoints-ko")

    with page.expect_navigation():
        page.get_by_role("button", name=in_korean("Verify chain and checkpoints")).click()
    verified = page.locator(".jw-messages li.success")
    expect(verified).to_contain_text(checkpoint.entry_hash)

    with page.expect_download() as download:
        page.get_by_role("link", name=in_korean("Export checkpoints (JSON)")).click()
    assert download.value.suggested_filename.startswith("audit-checkpoints-")
    assert checkpoint.entry_hash in Path(download.value.path()).read_text(encoding="utf-8")

    page.goto("/audit/checkpoints/")
    _in_english(page, live_server)
    expect(page.locator("main h1")).to_have_text("Audit checkpoints")
    _shoot(page, "checkpoints-en")
