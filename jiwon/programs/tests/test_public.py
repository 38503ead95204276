"""The public notice board: what anonymous visitors and companies can find and read."""

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiwon.accounts.tests.factories import UserFactory
from jiwon.core.roles import Role
from jiwon.programs.forms_public import NoticeFilterForm
from jiwon.programs.models import Category, ProgramAttachment, TargetGroup
from jiwon.programs.selectors.public import (
    NoticeFilters,
    Sort,
    deadline_of,
    notice_search,
    state_of,
)
from jiwon.programs.tests.factories import (
    KST,
    AgencyFactory,
    ProgramFactory,
    rule_version_added,
)
from jiwon.programs.workflow import ProgramStatus

# The day the dated examples in this module were written for (their dates are absolute).
WRITTEN_ON = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))

pytestmark = pytest.mark.django_db

CLOSES = datetime(2026, 12, 31, 18, 0, tzinfo=KST)
OPENS = datetime(2026, 11, 2, 9, 0, tzinfo=KST)
MID_WINDOW = datetime(2026, 11, 20, 12, 0, tzinfo=KST)
YOUTH = {"type": "all", "criteria": [{"type": "representative_age", "max": 39}]}
MIDDLE_AGED = {"type": "all", "criteria": [{"type": "representative_age", "min": 40}]}
YOUNG_STARTUP = {
    "type": "all",
    "criteria": [
        {"type": "representative_age", "max": 39},
        {"type": "years_in_business", "max_years": 7},
    ],
}


@pytest.fixture
def frozen(monkeypatch):
    """Sets the clock the views and selectors read."""

    def freeze(moment: datetime) -> datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attach(program, name: str, content: bytes) -> ProgramAttachment:
    digest = hashlib.sha256(content).hexdigest()
    attachment = ProgramAttachment(program=program, name=name, size=len(content), sha256=digest)
    attachment.file.save("file.bin", ContentFile(content), save=False)
    attachment.save()
    return attachment


def titles(qs) -> set[str]:
    return {p.title_ko for p in qs}


def search(now=MID_WINDOW, **filters) -> set[str]:
    return titles(notice_search(filters=NoticeFilters(**filters), now=now))


def board(client, **params):
    response = client.get(reverse("notices:list"), params)
    assert response.status_code == 200
    return response


# Drafts ------------------------------------------------------------------------------------


@pytest.fixture
def draft(media):
    program = ProgramFactory(
        title_ko="비공개 초안 사업", status=ProgramStatus.DRAFT, notice_text="초안 본문"
    )
    attach(program, "초안.pdf", b"draft")
    return program


@pytest.fixture(params=["anonymous", "company member", "program officer"])
def visitor(request, client, member):
    if request.param == "company member":
        client.force_login(member)
    elif request.param == "program officer":
        client.force_login(UserFactory(role=Role.PROGRAM_OFFICER))
    return client


def test_it_never_shows_a_draft_on_the_board_to_anyone(visitor, draft):
    ProgramFactory(title_ko="공개 사업")
    html = board(visitor).content.decode()
    assert "공개 사업" in html
    assert "비공개 초안 사업" not in html
    assert "비공개 초안 사업" not in board(visitor, q="초안").content.decode()


def test_it_answers_404_for_a_draft_by_url_and_for_its_attachment_and_calendar(visitor, draft):
    attachment = draft.attachments.get()
    urls = [
        reverse("notices:detail", args=[draft.pk]),
        reverse("notices:attachment", args=[draft.pk, attachment.pk]),
        reverse("notices:program_calendar", args=[draft.pk]),
    ]
    for url in urls:
        assert visitor.get(url).status_code == 404, url


def test_it_shows_programmes_in_every_public_status(client):
    for status in (
        ProgramStatus.PUBLISHED,
        ProgramStatus.CLOSED,
        ProgramStatus.UNDER_REVIEW,
        ProgramStatus.COMPLETED,
    ):
        ProgramFactory(title_ko=f"사업-{status}", status=status)
    html = board(client).content.decode()
    for status in ("published", "closed", "under_review", "completed"):
        assert f"사업-{status}" in html


# Search ------------------------------------------------------------------------------------


def test_it_requires_every_search_word_to_appear_somewhere():
    ProgramFactory(title_ko="청년 지원", notice_text="창업 3년 이내 기업")
    ProgramFactory(title_ko="청년 고용 지원", notice_text="채용 장려금")
    ProgramFactory(title_ko="창업 사관학교")
    assert search(q="청년 창업") == {"청년 지원"}
    assert search(q="  청년   창업  ") == {"청년 지원"}


def test_it_finds_korean_words_inside_longer_words():
    ProgramFactory(title_ko="청년창업사관학교 입교생 모집")
    ProgramFactory(title_ko="중장년 기술창업센터")
    assert search(q="창업") == {"청년창업사관학교 입교생 모집", "중장년 기술창업센터"}
    assert search(q="사관") == {"청년창업사관학교 입교생 모집"}


def test_it_matches_english_words_in_any_case():
    ProgramFactory(title_ko="수출 매칭", title_en="Export MATCHING programme")
    ProgramFactory(title_ko="기타", title_en="Other")
    assert search(q="matching") == {"수출 매칭"}
    assert search(q="EXPORT Programme") == {"수출 매칭"}


@pytest.mark.parametrize("field", ["title_ko", "title_en", "summary", "target_text", "notice_text"])
def test_it_searches_every_text_of_a_notice(field):
    values = {"title_ko": "찾을 사업", field: "스마트공장 구축"}
    ProgramFactory(**values)
    ProgramFactory(title_ko="다른 사업")
    assert search(q="스마트공장") == {values["title_ko"]}


def test_it_treats_percent_and_underscore_as_plain_characters():
    ProgramFactory(title_ko="지원율 100% 사업")
    ProgramFactory(title_ko="지원율 1000 사업")
    assert search(q="100%") == {"지원율 100% 사업"}
    assert search(q="_") == set()


def test_it_searches_from_the_board_form(client):
    ProgramFactory(title_ko="청년 창업 지원")
    ProgramFactory(title_ko="수출 지원")
    html = board(client, q="창업").content.decode()
    assert "청년 창업 지원" in html
    assert "수출 지원" not in html
    assert 'value="창업"' in html


# Filters -----------------------------------------------------------------------------------


def test_it_counts_a_programme_open_until_the_minute_before_it_closes():
    ProgramFactory(title_ko="마감 사업", opens_at=OPENS, closes_at=CLOSES)
    before = datetime(2026, 12, 31, 17, 59, 59, tzinfo=KST)
    assert search(now=before, status="open") == {"마감 사업"}
    assert search(now=before, status="closed") == set()
    assert search(now=CLOSES, status="open") == set()
    assert search(now=CLOSES, status="closed") == {"마감 사업"}


def test_it_counts_a_programme_upcoming_until_the_second_it_opens():
    ProgramFactory(title_ko="예정 사업", opens_at=OPENS, closes_at=CLOSES)
    before = datetime(2026, 11, 2, 8, 59, 59, tzinfo=KST)
    assert search(now=before, status="upcoming") == {"예정 사업"}
    assert search(now=before, status="open") == set()
    assert search(now=OPENS, status="open") == {"예정 사업"}
    assert search(now=OPENS, status="upcoming") == set()


def test_it_counts_closed_programmes_as_closed_whatever_their_window():
    for status in (ProgramStatus.CLOSED, ProgramStatus.UNDER_REVIEW, ProgramStatus.COMPLETED):
        ProgramFactory(title_ko=f"끝난-{status}", status=status)
    assert search(status="open") == set()
    assert search(status="closed") == {"끝난-closed", "끝난-under_review", "끝난-completed"}


def test_it_applies_the_window_on_the_board_at_the_boundary(client, frozen):
    ProgramFactory(title_ko="마감 사업", opens_at=OPENS, closes_at=CLOSES)
    frozen(datetime(2026, 12, 31, 8, 59, 59, tzinfo=UTC))
    assert "마감 사업" in board(client, status="open").content.decode()
    frozen(datetime(2026, 12, 31, 9, 0, 0, tzinfo=UTC))
    assert "마감 사업" not in board(client, status="open").content.decode()
    assert "마감 사업" in board(client, status="closed").content.decode()


def test_it_filters_by_category_and_fiscal_year():
    ProgramFactory(title_ko="수출 2026", category=Category.EXPORT)
    ProgramFactory(title_ko="수출 2025", category=Category.EXPORT, fiscal_year=2025)
    ProgramFactory(title_ko="자금 2026", category=Category.FINANCE)
    assert search(category=Category.EXPORT) == {"수출 2026", "수출 2025"}
    assert search(category=Category.EXPORT, fiscal_year=2025) == {"수출 2025"}


def test_it_filters_by_the_region_the_agency_serves():
    anyang = AgencyFactory(code="anyang", region_codes=["41171", "41173"])
    gangnam = AgencyFactory(code="gangnam", region_codes=["11680"])
    gyeonggi = AgencyFactory(code="gyeonggi", region_codes=["41"])
    ProgramFactory(title_ko="안양", agency=anyang)
    ProgramFactory(title_ko="강남", agency=gangnam)
    ProgramFactory(title_ko="경기", agency=gyeonggi)
    assert search(region="41") == {"안양", "경기"}
    assert search(region="41171") == {"안양", "경기"}
    # 안양시 covers its 구 만안구 and 동안구.
    assert search(region="41170") == {"안양", "경기"}
    assert search(region="41110") == {"경기"}
    assert search(region="11") == {"강남"}
    assert search(region="26") == set()


@time_machine.travel(WRITTEN_ON, tick=False)
def test_it_finds_deadlines_within_n_calendar_days_in_kst():
    now = datetime(2026, 12, 28, 23, 30, tzinfo=KST)
    ProgramFactory(title_ko="D-3", closes_at=datetime(2026, 12, 31, 23, 59, tzinfo=KST))
    ProgramFactory(title_ko="D-4", closes_at=datetime(2027, 1, 1, 0, 0, tzinfo=KST))
    ProgramFactory(title_ko="지남", closes_at=datetime(2026, 12, 28, 23, 0, tzinfo=KST))
    assert search(now=now, within_days=3) == {"D-3"}
    assert search(now=now, within_days=4) == {"D-3", "D-4"}
    assert search(now=now, within_days=0) == set()


def test_it_sorts_newest_first_or_soonest_deadline_first():
    ProgramFactory(title_ko="늦은 마감", notice_date=datetime(2026, 11, 1).date(), closes_at=CLOSES)
    ProgramFactory(
        title_ko="이른 마감",
        notice_date=datetime(2026, 10, 1).date(),
        opens_at=datetime(2026, 10, 1, 9, 0, tzinfo=KST),
        closes_at=datetime(2026, 11, 30, 18, 0, tzinfo=KST),
    )
    ProgramFactory(
        title_ko="지난 사업",
        notice_date=datetime(2026, 11, 10).date(),
        opens_at=datetime(2026, 11, 10, 9, 0, tzinfo=KST),
        closes_at=datetime(2026, 11, 15, 18, 0, tzinfo=KST),
    )

    def order(sort):
        qs = notice_search(filters=NoticeFilters(sort=sort), now=MID_WINDOW)
        return [p.title_ko for p in qs]

    assert order(Sort.NEWEST) == ["지난 사업", "늦은 마감", "이른 마감"]
    assert order(Sort.DEADLINE) == ["이른 마감", "늦은 마감", "지난 사업"]


def test_it_keeps_the_valid_filters_and_explains_an_invalid_one(client):
    ProgramFactory(title_ko="창업 사업")
    ProgramFactory(title_ko="수출 사업", category=Category.EXPORT)
    html = board(client, q="사업", category="nonsense").content.decode()
    assert "창업 사업" in html and "수출 사업" in html
    assert "form-hint-invalid" in html


# Target groups -----------------------------------------------------------------------------


def targeted(rule, **fields):
    program = ProgramFactory(**fields)
    rule_version_added(program, rule)
    return program


def test_it_filters_by_the_target_group_of_the_rule():
    targeted(YOUTH, title_ko="청년 사업")
    targeted(MIDDLE_AGED, title_ko="중장년 사업")
    targeted(YOUNG_STARTUP, title_ko="청년 창업기업 사업")
    ProgramFactory(title_ko="규칙 없는 사업")
    assert search(target="youth") == {"청년 사업", "청년 창업기업 사업"}
    assert search(target="middle_aged") == {"중장년 사업"}
    assert search(target="startup") == {"청년 창업기업 사업"}
    assert search(target="women") == set()
    assert len(search()) == 4


def test_it_shows_a_youth_programme_under_youth_on_the_board_but_never_a_draft(client):
    targeted(YOUTH, title_ko="청년 사업")
    targeted(MIDDLE_AGED, title_ko="중장년 사업")
    targeted(YOUTH, title_ko="청년 초안 사업", status=ProgramStatus.DRAFT)
    html = board(client, target="youth").content.decode()
    assert "청년 사업" in html
    assert "중장년 사업" not in html
    assert "청년 초안 사업" not in html
    assert '<option value="youth" selected>Youth (aged 39 or under)</option>' in html


def test_it_offers_the_target_group_filter_after_the_category():
    form = NoticeFilterForm()
    names = list(form.fields)
    assert names.index("target") == names.index("category") + 1
    assert form.fields["target"].label == "Target group"
    assert [value for value, _label in form.fields["target"].choices] == [
        "",
        *TargetGroup.values,
    ]


def test_it_keeps_the_target_group_in_page_and_feed_links(client, settings):
    settings.JIWON_PAGE_SIZE = 1
    targeted(YOUTH, title_ko="청년 1")
    targeted(YOUTH, title_ko="청년 2")
    html = board(client, category=Category.STARTUP, target="youth").content.decode()
    assert "?category=startup&amp;target=youth&page=2" in html
    assert f"{reverse('notices:rss')}?category=startup&amp;target=youth" in html
    assert f"{reverse('notices:calendar')}?category=startup&amp;target=youth" in html


def test_it_shows_each_programmes_target_groups_on_the_board(client):
    targeted(YOUNG_STARTUP, title_ko="청년 창업기업 사업")
    ProgramFactory(title_ko="규칙 없는 사업")
    html = board(client).content.decode()
    assert '<span class="krds-badge outline-secondary" data-target-group="youth">' in html
    assert "Youth (aged 39 or under)</span>" in html
    assert "Startups (up to 7 years in business)</span>" in html
    # One badge per group of the one programme that has any.
    assert html.count("data-target-group=") == 2


def test_it_reads_the_target_groups_of_a_page_in_one_query(client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            board(client)
        return len(captured)

    targeted(YOUTH)
    one = queries()
    targeted(YOUNG_STARTUP)
    targeted(MIDDLE_AGED)
    assert queries() == one


def test_it_lists_the_target_groups_on_the_notice(client):
    program = targeted(YOUNG_STARTUP)
    html = client.get(reverse("notices:detail", args=[program.pk])).content.decode()
    assert "<dt>Target groups</dt>" in html
    assert html.index('data-target-group="youth"') < html.index('data-target-group="startup"')


def test_it_shows_nothing_extra_for_a_programme_without_target_groups(client):
    program = targeted({"type": "all", "criteria": [{"type": "employees", "max": 299}]})
    html = client.get(reverse("notices:detail", args=[program.pk])).content.decode()
    assert "Target groups" not in html
    assert "data-target-group" not in html
    assert "data-target-group" not in board(client).content.decode()


# D-day -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "label"),
    [
        (datetime(2026, 12, 28, 10, 0, tzinfo=KST), "D-3"),
        (datetime(2026, 12, 30, 23, 59, 59, tzinfo=KST), "D-1"),
        (datetime(2026, 12, 31, 0, 0, tzinfo=KST), "Closes today"),
        # 15:30 UTC on the 30th is already the 31st in Seoul.
        (datetime(2026, 12, 30, 15, 30, tzinfo=UTC), "Closes today"),
        (datetime(2026, 12, 31, 17, 59, 59, tzinfo=KST), "Closes today"),
        (CLOSES, "Closed"),
    ],
)
def test_it_counts_the_d_day_in_kst_calendar_days(now, label):
    program = ProgramFactory(opens_at=OPENS, closes_at=CLOSES)
    assert deadline_of(program, now).label == label


@pytest.mark.parametrize(
    ("now", "label"),
    [
        (OPENS - timedelta(days=21), "Opens D-21"),
        (OPENS - timedelta(minutes=1), "Opens today"),
    ],
)
def test_it_counts_an_upcoming_programme_to_its_opening_not_its_deadline(now, label):
    program = ProgramFactory(opens_at=OPENS, closes_at=CLOSES)
    deadline = deadline_of(program, now)
    assert deadline.label == label
    assert not deadline.urgent
    assert "opening" in deadline.title


def test_it_shows_a_closed_programme_as_closed_before_its_window_ends():
    program = ProgramFactory(status=ProgramStatus.CLOSED)
    assert state_of(program, MID_WINDOW) == "closed"
    assert deadline_of(program, MID_WINDOW).label == "Closed"


def test_it_shows_the_d_day_badge_on_the_board(client, frozen):
    frozen(datetime(2026, 12, 28, 10, 0, tzinfo=KST))
    ProgramFactory(title_ko="곧 마감", closes_at=CLOSES)
    ProgramFactory(title_ko="끝난 사업", status=ProgramStatus.COMPLETED)
    html = board(client).content.decode()
    assert ">D-3</span>" in html
    assert ">Closed</span>" in html


# Pages and empty states --------------------------------------------------------------------


def test_it_pages_the_board(client, settings):
    settings.JIWON_PAGE_SIZE = 2
    for n in range(3):
        ProgramFactory(title_ko=f"사업 {n}", notice_date=datetime(2026, 11, 1 + n).date())
    first = board(client, category=Category.STARTUP).content.decode()
    assert "사업 2" in first and "사업 1" in first and "사업 0" not in first
    assert "?category=startup&page=2" in first
    second = board(client, category=Category.STARTUP, page=2).content.decode()
    assert "사업 0" in second and "사업 2" not in second


def test_it_says_when_nothing_is_published_or_nothing_matches(client):
    assert "No notices have been published yet." in board(client).content.decode()
    ProgramFactory(title_ko="청년 창업")
    assert "No notice matches these filters" in board(client, q="수출").content.decode()


def test_it_shows_the_board_in_the_menu_to_anonymous_visitors(client):
    html = client.get(reverse("core:home")).content.decode()
    assert 'href="/notices/"' in html


# Detail and attachments --------------------------------------------------------------------


def test_it_shows_a_notice_with_its_window_budget_and_escaped_text(client, frozen, media):
    frozen(MID_WINDOW)
    program = ProgramFactory(
        title_ko="중장년 기술창업센터 입주기업 모집",
        budget_won=5_300_000_000,
        quota=12,
        target_text="만 40세 이상 예비창업자",
        notice_text="1. 개요\n2. <script>alert(1)</script>",
        contact_name="김담당",
        contact_phone="031-8045-0000",
    )
    attach(program, "2026년 공고문.hwp", b"hwp")
    html = client.get(reverse("notices:detail", args=[program.pk])).content.decode()
    assert "2026-11-02 09:00" in html and "2026-12-31 18:00" in html
    assert "KRW 5.3 billion" in html
    assert "만 40세 이상 예비창업자" in html
    assert "1. 개요\n2. &lt;script&gt;" in html
    assert "<script>alert" not in html
    assert "김담당" in html
    assert "2026년 공고문.hwp" in html
    assert reverse("notices:program_calendar", args=[program.pk]) in html
    assert "Open now" in html


def test_it_offers_company_members_an_eligibility_check(client, member):
    program = ProgramFactory()
    url = reverse("notices:detail", args=[program.pk])
    explain = reverse("recommendations:explain", args=[program.pk])
    assert explain not in client.get(url).content.decode()
    client.force_login(member)
    assert explain in client.get(url).content.decode()


def test_it_downloads_an_attachment_under_its_korean_name(client, media):
    program = ProgramFactory()
    attachment = attach(program, "2026년 공고문.hwp", b"HWP document")
    response = client.get(reverse("notices:attachment", args=[program.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"HWP document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('2026년 공고문.hwp')}" in disposition


def test_it_does_not_serve_an_attachment_under_another_programme(client, media):
    program, other = ProgramFactory(), ProgramFactory()
    attachment = attach(program, "a.pdf", b"a")
    url = reverse("notices:attachment", args=[other.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_it_answers_404_when_an_attachment_file_is_missing(client, media):
    program = ProgramFactory()
    attachment = attach(program, "a.pdf", b"a")
    attachment.file.storage.delete(attachment.file.name)
    url = reverse("notices:attachment", args=[program.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_a_programme_is_named_with_its_year_once():
    # Ledger rows and lists read "2021년 G240", not "2021 2021년 G240".
    assert str(ProgramFactory.build(fiscal_year=2021, title_ko="2021년 G240 육성")) == (
        "2021년 G240 육성"
    )
    assert str(ProgramFactory.build(fiscal_year=2021, title_ko="G240 육성")) == "2021 G240 육성"
