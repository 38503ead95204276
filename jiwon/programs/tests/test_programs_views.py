"""The back-office pages: who reaches them, what they show and what they change."""

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.audit.models import AuditEntry
from jiwon.companies.tests.factories import CompanyFactory, member_of
from jiwon.core.roles import Role
from jiwon.programs.access import program_for
from jiwon.programs.models import Category, Program, ProgramAttachment
from jiwon.programs.services.programs import program_attachment_add, program_create
from jiwon.programs.tests.factories import (
    KST,
    AgencyFactory,
    ProgramFactory,
    program_input,
    rule_version,
)
from jiwon.programs.workflow import PUBLIC_STATUSES, ProgramStatus

# The day the dated examples in this module were written for (their dates are absolute).
WRITTEN_ON = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))

pytestmark = pytest.mark.django_db

MANAGERS = [Role.AGENCY_ADMIN, Role.PROGRAM_OFFICER]
READERS = [Role.FINANCE_OFFICER, Role.CITY_VIEWER, Role.AUDITOR]
OUTSIDERS = [Role.EVALUATOR, Role.MENTOR, Role.COMPANY_MEMBER]
PDF = b"%PDF-1.7\n" + b"x" * 2000
HWP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 300


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def program(officer):
    return program_create(actor=officer, data=program_input(title_ko="청년 창업 지원"))


@pytest.fixture
def attachment(officer, program):
    return program_attachment_add(
        actor=officer,
        program=program,
        upload=SimpleUploadedFile("공고문.pdf", PDF, content_type="application/pdf"),
    )


def log_in(client, role):
    user = member_of(CompanyFactory()) if role == Role.COMPANY_MEMBER else UserFactory(role=role)
    client.force_login(user)
    # Messages are asserted in their English msgids, whichever translations exist.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


def pages(program, attachment):
    """(method, url) of every back-office page."""
    pk, apk = program.pk, attachment.pk
    return [
        ("get", reverse("programs:list")),
        ("get", reverse("programs:create")),
        ("get", reverse("programs:detail", args=[pk])),
        ("get", reverse("programs:edit", args=[pk])),
        ("get", reverse("programs:attachment_download", args=[pk, apk])),
        ("post", reverse("programs:create")),
        ("post", reverse("programs:edit", args=[pk])),
        ("post", reverse("programs:transition", args=[pk])),
        ("post", reverse("programs:attachment_add", args=[pk])),
        ("post", reverse("programs:attachment_remove", args=[pk, apk])),
    ]


def form_data(**overrides):
    data = {
        "agency": AgencyFactory().pk,
        "fiscal_year": "2026",
        "series": "BLUE100",
        "title_ko": "청년창업 지원사업",
        "title_en": "Blue100",
        "category": Category.STARTUP,
        "summary": "",
        "target_text": "만 39세 이하 예비창업자",
        "notice_text": "공고 본문",
        "budget_won": "5300000000",
        "quota": "100",
        "notice_date": "2026-11-02",
        "opens_at": "2026-12-01T09:00",
        "closes_at": "2026-12-15T18:00",
        "reference_date_basis": "notice",
        "growth_stage": "",
        "contact_name": "김담당",
        "contact_phone": "031-123-4567",
        "contact_email": "",
    }
    data.update(overrides)
    return data


# Who reaches what


@pytest.mark.parametrize("role", OUTSIDERS)
def test_evaluators_mentors_and_company_members_are_refused_every_page(
    client, program, attachment, role
):
    log_in(client, role)
    for method, url in pages(program, attachment):
        response = getattr(client, method)(url)
        assert response.status_code == 403, f"{method} {url} answered {response.status_code}"
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.DRAFT
    assert ProgramAttachment.objects.count() == 1


@pytest.mark.parametrize("role", READERS)
def test_finance_city_and_audit_staff_read_but_change_nothing(client, program, attachment, role):
    log_in(client, role)
    for method, url in pages(program, attachment):
        response = getattr(client, method)(url)
        reads = method == "get" and not url.endswith(("/new/", "/edit/"))
        assert response.status_code == (200 if reads else 403), f"{method} {url}"
    detail = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert reverse("programs:edit", args=[program.pk]) not in detail
    assert reverse("programs:transition", args=[program.pk]) not in detail
    assert f'action="{reverse("programs:attachment_add", args=[program.pk])}"' not in detail
    assert "/delete/" not in detail


@pytest.mark.parametrize("role", MANAGERS)
def test_agency_admins_and_program_officers_reach_every_page(client, program, attachment, role):
    log_in(client, role)
    for method, url in pages(program, attachment):
        if method == "get":
            assert client.get(url).status_code == 200, url
    detail = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert reverse("programs:edit", args=[program.pk]) in detail
    assert reverse("programs:transition", args=[program.pk]) in detail


def test_anonymous_visitors_are_sent_to_log_in(client, program, attachment):
    for method, url in pages(program, attachment):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response["Location"]


def test_a_missing_programme_or_attachment_is_404(client, program, attachment):
    log_in(client, Role.PROGRAM_OFFICER)
    assert client.get(reverse("programs:detail", args=[program.pk + 1000])).status_code == 404
    other = ProgramFactory()
    url = reverse("programs:attachment_download", args=[other.pk, attachment.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outside_staff_the_access_helper_hides_drafts_and_shows_public_programmes(role):
    user = member_of(CompanyFactory()) if role == Role.COMPANY_MEMBER else UserFactory(role=role)
    draft = ProgramFactory(status=ProgramStatus.DRAFT)
    with pytest.raises(Http404):
        program_for(user, draft.pk, "view")
    for status in PUBLIC_STATUSES:
        public = ProgramFactory(status=status)
        assert program_for(user, public.pk, "view") == public
        with pytest.raises(PermissionDenied):
            program_for(user, public.pk, "change")


def test_the_access_helper_lets_readers_see_drafts_and_only_managers_change(user_with_role):
    draft = ProgramFactory(status=ProgramStatus.DRAFT)
    for role in READERS:
        assert program_for(user_with_role(role), draft.pk, "view") == draft
        with pytest.raises(PermissionDenied):
            program_for(user_with_role(role), draft.pk, "change")
    for role in MANAGERS:
        assert program_for(user_with_role(role), draft.pk, "change") == draft
    with pytest.raises(Http404):
        program_for(user_with_role(Role.AGENCY_ADMIN), "not-a-number", "view")


def test_the_menu_shows_programmes_to_staff_only(client):
    log_in(client, Role.CITY_VIEWER)
    assert reverse("programs:list") in client.get(reverse("dashboard:index")).content.decode()
    log_in(client, Role.MENTOR)
    assert reverse("programs:list") not in client.get(reverse("dashboard:index")).content.decode()


# The list


def titles(response) -> set[str]:
    return {p.title_ko for p in response.context["page"]}


def test_the_list_filters_by_year_category_status_and_title(client):
    log_in(client, Role.FINANCE_OFFICER)
    ProgramFactory(title_ko="수출 바우처", fiscal_year=2025, category=Category.EXPORT)
    ProgramFactory(title_ko="청년 창업", status=ProgramStatus.DRAFT)
    ProgramFactory(title_ko="온라인 판로", title_en="Online marketplaces", category="marketing")
    url = reverse("programs:list")
    assert titles(client.get(url, {"fiscal_year": "2025"})) == {"수출 바우처"}
    assert titles(client.get(url, {"category": "export"})) == {"수출 바우처"}
    assert titles(client.get(url, {"status": "draft"})) == {"청년 창업"}
    assert titles(client.get(url, {"q": "창업"})) == {"청년 창업"}
    assert titles(client.get(url, {"q": "online"})) == {"온라인 판로"}
    assert titles(client.get(url, {"q": "창업", "status": "published"})) == set()
    assert len(titles(client.get(url))) == 3


def test_the_list_offers_only_years_that_have_programmes(client):
    log_in(client, Role.AUDITOR)
    ProgramFactory(fiscal_year=2021)
    response = client.get(reverse("programs:list"), {"fiscal_year": "1999"})
    assert [c[0] for c in response.context["form"].fields["fiscal_year"].choices] == ["", 2021]
    # An unknown year is ignored rather than answered with an empty list.
    assert len(response.context["page"]) == 1


@time_machine.travel(WRITTEN_ON, tick=False)
def test_the_list_pages_and_keeps_the_filters_in_its_links(client, settings):
    settings.JIWON_PAGE_SIZE = 2
    log_in(client, Role.PROGRAM_OFFICER)
    for n in range(5):
        ProgramFactory(title_ko=f"창업 {n}", closes_at=datetime(2026, 12, 1 + n, tzinfo=KST))
    ProgramFactory(title_ko="수출")
    response = client.get(reverse("programs:list"), {"q": "창업", "page": 3})
    assert titles(response) == {"창업 4"}
    assert response.context["total"] == 5
    assert "?q=%EC%B0%BD%EC%97%85&page=2" in response.content.decode()


def test_the_list_shows_budgets_in_eok_with_the_exact_figure(client):
    log_in(client, Role.PROGRAM_OFFICER)
    ProgramFactory(budget_won=5_300_000_000)
    html = client.get(reverse("programs:list")).content.decode()
    assert '<span title="KRW 5,300,000,000">KRW 5.3 billion</span>' in html


def test_the_list_has_an_empty_state(client):
    log_in(client, Role.PROGRAM_OFFICER)
    response = client.get(reverse("programs:list"), {"q": "없는 사업"})
    assert b"jw-empty" in response.content


# Create and edit


def test_the_form_says_when_no_agency_exists_yet(client):
    log_in(client, Role.AGENCY_ADMIN)
    html = client.get(reverse("programs:create")).content.decode()
    assert "No agency is registered yet: an agency admin adds one first." in html
    AgencyFactory()
    response = client.get(reverse("programs:create"))
    assert response.context["form"]["agency"].value() == AgencyFactory().pk


def test_an_officer_creates_a_draft_with_times_read_in_kst(client, settings):
    settings.TIME_ZONE = "UTC"  # the form reads KST whatever the server's zone
    officer = log_in(client, Role.PROGRAM_OFFICER)
    response = client.post(reverse("programs:create"), form_data())
    program = Program.objects.get(series="BLUE100")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", args=[program.pk])
    assert program.opens_at == datetime(2026, 12, 1, 9, 0, tzinfo=KST)
    assert program.closes_at == datetime(2026, 12, 15, 18, 0, tzinfo=KST)
    assert program.status == ProgramStatus.DRAFT
    assert program.status_history.get().actor == officer
    assert AuditEntry.objects.filter(action="programs.program_create", actor=officer).exists()


def test_the_detail_shows_times_in_kst_and_money_in_eok(client, program):
    log_in(client, Role.CITY_VIEWER)
    html = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "2026-11-02 09:00 KST" in html
    assert "2099-12-31 18:00 KST" in html
    assert '<span title="KRW 100,000,000">KRW 100 million</span>' in html


def test_the_edit_form_shows_the_stored_times_in_kst(client, program):
    log_in(client, Role.PROGRAM_OFFICER)
    with timezone.override("UTC"):
        html = client.get(reverse("programs:edit", args=[program.pk])).content.decode()
    assert 'value="2026-11-02T09:00"' in html
    assert 'type="datetime-local"' in html


@pytest.mark.parametrize("closes_at", ["2026-12-01T09:00", "2026-12-01T08:59"])
def test_the_form_refuses_a_window_that_does_not_close_after_it_opens(client, closes_at):
    log_in(client, Role.PROGRAM_OFFICER)
    response = client.post(
        reverse("programs:create"), form_data(opens_at="2026-12-01T09:00", closes_at=closes_at)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"] == [
        "Applications must close after they open."
    ]
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'aria-invalid="true"' in html
    assert not Program.objects.exists()


def test_a_duplicate_series_is_reported_on_the_form(client, program):
    log_in(client, Role.PROGRAM_OFFICER)
    response = client.post(
        reverse("programs:create"), form_data(agency=program.agency_id, series=program.series)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Program.objects.count() == 1


def test_editing_a_published_programmes_window_is_audited_as_a_notice_change(client, program):
    officer = log_in(client, Role.PROGRAM_OFFICER)
    client.post(reverse("programs:transition", args=[program.pk]), {"target": "published"})
    data = form_data(
        agency=program.agency_id,
        series=program.series,
        title_ko=program.title_ko,
        title_en="",
        target_text="",
        notice_text=program.notice_text,
        budget_won=str(program.budget_won),
        quota=str(program.quota),
        opens_at="2026-11-02T09:00",
        closes_at="2099-12-31T20:00",
        contact_name="",
        contact_phone="",
    )
    response = client.post(reverse("programs:edit", args=[program.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="programs.program_update")
    assert entry.actor == officer
    assert entry.changes == {
        "closes_at": ["2099-12-31T18:00:00+09:00", "2099-12-31T20:00:00+09:00"],
        "notice_change": True,
    }


def test_a_closed_programme_cannot_be_edited(client):
    log_in(client, Role.PROGRAM_OFFICER)
    closed = ProgramFactory(status=ProgramStatus.CLOSED)
    response = client.get(reverse("programs:edit", args=[closed.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("programs:detail", args=[closed.pk])
    assert "only while it is a draft or published" in response.content.decode()
    detail = client.get(reverse("programs:detail", args=[closed.pk])).content.decode()
    assert reverse("programs:edit", args=[closed.pk]) not in detail


# Status changes


def test_the_page_offers_the_transitions_of_the_current_status(client, program):
    log_in(client, Role.PROGRAM_OFFICER)
    response = client.get(reverse("programs:detail", args=[program.pk]))
    assert [t.target for t in response.context["transitions"]] == ["published"]
    program.status = ProgramStatus.PUBLISHED
    program.save()
    response = client.get(reverse("programs:detail", args=[program.pk]))
    assert [t.target for t in response.context["transitions"]] == ["draft", "closed"]
    html = response.content.decode()
    assert 'id="comment-draft"' in html
    assert 'id="comment-closed"' not in html


def test_publishing_from_the_page_records_the_history_and_shows_it(client, program):
    officer = log_in(client, Role.AGENCY_ADMIN)
    url = reverse("programs:transition", args=[program.pk])
    response = client.post(url, {"target": "published"}, follow=True)
    program.refresh_from_db()
    assert program.status == ProgramStatus.PUBLISHED
    assert program.published_at is not None
    assert [(c.source, c.target) for c in response.context["status_history"]] == [
        ("draft", "published"),
        ("", "draft"),
    ]
    assert program.status_history.first().actor == officer
    html = response.content.decode()
    assert 'id="status-history"' in html
    assert "<td>Draft</td><td>Published</td>" in html


def test_withdrawing_without_a_reason_is_refused_on_the_page(client, program):
    log_in(client, Role.PROGRAM_OFFICER)
    url = reverse("programs:transition", args=[program.pk])
    client.post(url, {"target": "published"})
    response = client.post(url, {"target": "draft", "comment": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Give a reason for this decision." in html
    assert 'aria-invalid="true"' in html
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.PUBLISHED
    client.post(url, {"target": "draft", "comment": "예산 변경"})
    assert program.status_history.first().comment == "예산 변경"


def test_publishing_without_notice_text_is_refused_with_what_to_fix(client):
    log_in(client, Role.PROGRAM_OFFICER)
    draft = ProgramFactory(status=ProgramStatus.DRAFT, notice_text="")
    response = client.post(reverse("programs:transition", args=[draft.pk]), {"target": "published"})
    assert response.status_code == 400
    assert "Write the notice text before publishing." in response.content.decode()
    assert Program.objects.get(pk=draft.pk).status == ProgramStatus.DRAFT


def test_an_impossible_target_is_refused_without_a_change(client, program):
    log_in(client, Role.PROGRAM_OFFICER)
    url = reverse("programs:transition", args=[program.pk])
    assert client.post(url, {"target": "completed"}).status_code == 400
    assert client.post(url, {"target": "nonsense"}, follow=True).status_code == 200
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.DRAFT
    assert program.status_history.count() == 1


def test_the_page_summarises_the_rule_versions(client, program):
    log_in(client, Role.PROGRAM_OFFICER)
    html = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "No eligibility rule yet: every company qualifies." in html
    rule_version(program, {"type": "all", "criteria": []}, effective_from=program.notice_date)
    rule_version(
        program,
        {"type": "all", "criteria": []},
        effective_from=program.notice_date + timedelta(days=30),
    )
    response = client.get(reverse("programs:detail", args=[program.pk]))
    assert [v.version for v in response.context["rule_versions"]] == [2, 1]
    assert response.context["rule_in_force"].version == 1


# Attachments


def upload(client, program, name, content):
    return client.post(
        reverse("programs:attachment_add", args=[program.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_an_officer_uploads_an_attachment_and_sees_it_listed_with_its_size(client, program):
    log_in(client, Role.PROGRAM_OFFICER)
    response = upload(client, program, "신청서.hwp", HWP)
    assert response.status_code == 302
    attachment = program.attachments.get()
    assert attachment.sha256 == hashlib.sha256(HWP).hexdigest()
    html = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "신청서.hwp" in html
    assert "2,400" in html
    assert reverse("programs:attachment_download", args=[program.pk, attachment.pk]) in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.html", b"<html>", "is not an allowed file type"),
        ("fake.pdf", b"MZ\x90\x00", "is not a PDF file"),
    ],
)
def test_a_refused_upload_is_explained_next_to_the_field(client, program, name, content, message):
    log_in(client, Role.PROGRAM_OFFICER)
    response = upload(client, program, name, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="id_file-error"' in html
    assert not ProgramAttachment.objects.exists()


def test_a_file_over_20_mb_is_refused_with_a_clear_message(client, program, settings):
    log_in(client, Role.PROGRAM_OFFICER)
    response = upload(client, program, "big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
    assert response.status_code == 400
    assert "“big.pdf” is larger than 20 MB." in response.content.decode()
    assert not ProgramAttachment.objects.exists()


def test_staff_download_the_file_under_its_name(client, program, attachment):
    log_in(client, Role.AUDITOR)
    response = client.get(reverse("programs:attachment_download", args=[program.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%EA%B3%B5%EA%B3%A0%EB%AC%B8.pdf" in response["Content-Disposition"]


def test_the_stored_file_is_not_served_from_any_public_url(client, program, attachment):
    stored = attachment.file.name
    for url in (f"/{stored}", f"/media/{stored}", attachment.file.url):
        path = url if url.startswith("/") else f"/{url}"
        assert client.get(path).status_code == 404, path
    log_in(client, Role.PROGRAM_OFFICER)
    html = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert stored not in html


def test_removing_an_attachment_from_the_page(
    client, program, attachment, media_root, django_capture_on_commit_callbacks
):
    log_in(client, Role.PROGRAM_OFFICER)
    stored = media_root / attachment.file.name
    url = reverse("programs:attachment_remove", args=[program.pk, attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "공고문.pdf" in response.content.decode()  # in the confirmation message
    assert not ProgramAttachment.objects.exists()
    assert not stored.exists()
    assert AuditEntry.objects.filter(action="programs.program_attachment_remove").exists()
